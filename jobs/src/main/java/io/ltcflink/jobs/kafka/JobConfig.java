package io.ltcflink.jobs.kafka;

import static io.ltcflink.jobs.kafka.JobOptions.ALERT_COOL_DOWN;
import static io.ltcflink.jobs.kafka.JobOptions.ALERT_THRESHOLD;
import static io.ltcflink.jobs.kafka.JobOptions.ALERT_TOPIC;
import static io.ltcflink.jobs.kafka.JobOptions.BOOTSTRAP;
import static io.ltcflink.jobs.kafka.JobOptions.CHECKPOINT_DIR;
import static io.ltcflink.jobs.kafka.JobOptions.CHECKPOINT_INTERVAL;
import static io.ltcflink.jobs.kafka.JobOptions.CLEAR_THRESHOLD;
import static io.ltcflink.jobs.kafka.JobOptions.DEAD_LETTER_TOPIC;
import static io.ltcflink.jobs.kafka.JobOptions.DELIVERY;
import static io.ltcflink.jobs.kafka.JobOptions.FORECAST_TOPIC;
import static io.ltcflink.jobs.kafka.JobOptions.GROUP_ID;
import static io.ltcflink.jobs.kafka.JobOptions.IDLENESS;
import static io.ltcflink.jobs.kafka.JobOptions.INPUT_FORMAT;
import static io.ltcflink.jobs.kafka.JobOptions.INPUT_TOPIC;
import static io.ltcflink.jobs.kafka.JobOptions.LONG_GAP;
import static io.ltcflink.jobs.kafka.JobOptions.MAX_AHEAD_OF_CLOCK;
import static io.ltcflink.jobs.kafka.JobOptions.MAX_GAP;
import static io.ltcflink.jobs.kafka.JobOptions.MEASURE_CPU;
import static io.ltcflink.jobs.kafka.JobOptions.MODEL;
import static io.ltcflink.jobs.kafka.JobOptions.MODEL_TOPIC;
import static io.ltcflink.jobs.kafka.JobOptions.NUMERIC_MODE;
import static io.ltcflink.jobs.kafka.JobOptions.OUTPUT_FORMAT;
import static io.ltcflink.jobs.kafka.JobOptions.OUT_OF_ORDER;
import static io.ltcflink.jobs.kafka.JobOptions.OUT_OF_ORDERNESS;
import static io.ltcflink.jobs.kafka.JobOptions.PARALLELISM;
import static io.ltcflink.jobs.kafka.JobOptions.STARTING_OFFSETS;
import static io.ltcflink.jobs.kafka.JobOptions.STATE_BACKEND;
import static io.ltcflink.jobs.kafka.JobOptions.STATE_TTL;
import static io.ltcflink.jobs.kafka.JobOptions.SWAP_POLICY;
import static io.ltcflink.jobs.kafka.JobOptions.TIME_UNIT;
import static io.ltcflink.jobs.kafka.JobOptions.TRANSACTIONAL_ID_PREFIX;
import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.engine.SwapPolicy;
import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.jobs.kafka.JobOptions.Delivery;
import io.ltcflink.jobs.kafka.JobOptions.LongGap;
import io.ltcflink.jobs.kafka.JobOptions.OutOfOrder;
import io.ltcflink.jobs.kafka.JobOptions.StartingOffsets;
import io.ltcflink.jobs.kafka.JobOptions.StateBackend;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.util.TimeUtils;

/**
 * The anomaly job's configuration: values of the {@link JobOptions}, set with typed setters
 * ({@link #builder()}) or read from a properties file and/or flags ({@link #of}; flags win), and
 * validated in one place: {@link #validate} lists everything missing or wrong at once, including
 * keys that are no option and texts that are no value of their option. An option without a value
 * has its default.
 */
public final class JobConfig implements ReadableConfig, Serializable {

    private static final long serialVersionUID = 2L;

    /**
     * How far ahead of their clock brokers accept a record's timestamp by default ({@code
     * log.message.timestamp.after.max.ms}); forecasts carry their reading's timestamp.
     */
    private static final Duration BROKER_MAX_AHEAD = Duration.ofHours(1);

    private final Configuration values;
    private final LinkedHashSet<String> unknownKeys;
    private final LinkedHashMap<String, String> unreadable;

    private JobConfig(Builder b) {
        this.values = new Configuration(b.values);
        this.unknownKeys = new LinkedHashSet<>(b.unknownKeys);
        this.unreadable = new LinkedHashMap<>(b.unreadable);
    }

    /** An empty configuration to set options in. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this configuration's values (and unreadable settings) to change. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.addAll(values);
        b.unknownKeys.addAll(unknownKeys);
        b.unreadable.putAll(unreadable);
        return b;
    }

    /**
     * The configuration from {@code file} (nullable) overlaid with {@code flags} (null values are
     * absent), as {@link Builder#loadProperties} and {@link Builder#setFlags} read them.
     */
    public static JobConfig of(Path file, Map<String, String> flags) throws IOException {
        Builder b = builder();
        if (file != null) {
            b.loadProperties(file);
        }
        return b.setFlags(flags).build();
    }

    /** Every problem, or an empty list. */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        for (String k : unknownKeys) {
            problems.add("unknown setting '" + k + "'");
        }
        for (ConfigOption<String> o : List.of(BOOTSTRAP, MODEL, INPUT_TOPIC)) {
            if (isBlank(get(o))) {
                problems.add("missing --" + o.key());
            }
        }
        String model = model();
        if (model != null && !model.contains("://") && !Files.isReadable(Path.of(model))) {
            problems.add("--model: cannot read " + model);
        }
        for (ConfigOption<?> o : JobOptions.all()) {
            if (unreadable.containsKey(o.key())) {
                problems.add(unreadable.get(o.key()));
            }
        }
        if (parallelism() < 1) {
            problems.add(String.format("--%s: must be positive: %s", PARALLELISM.key(),
                    parallelism()));
        }
        if (maxParallelism() < Math.max(1, parallelism()) || maxParallelism() > 32768) {
            problems.add(String.format("--%s: must be in [parallelism %s, 32768]: %s",
                    JobOptions.MAX_PARALLELISM.key(), parallelism(), maxParallelism()));
        }
        if (bufferTimeout().isNegative()) {
            problems.add(String.format("--%s: must be 0 or more: %s", JobOptions.BUFFER_TIMEOUT.key(),
                    bufferTimeout()));
        }
        if (maxAheadOfClock().compareTo(BROKER_MAX_AHEAD) > 0) {
            problems.add(String.format("--%s: must be at most 1 h (brokers refuse records further"
                            + " ahead of their clock by default): %s", MAX_AHEAD_OF_CLOCK.key(),
                    TimeUtils.formatWithHighestUnit(maxAheadOfClock())));
        }
        if (problems.isEmpty()) {
            try {
                operatorConfig();
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            if (inputTopic().equals(forecastTopic()) || inputTopic().equals(deadLetterTopic())) {
                problems.add("the output topics must differ from --input-topic");
            }
            if (modelUpdatesInterval().isNegative() || modelUpdatesInterval().isZero()) {
                problems.add(String.format("--%s: must be more than 0: %s",
                        JobOptions.MODEL_UPDATES_INTERVAL.key(), modelUpdatesInterval()));
            }
            String updates = modelTopic();
            if (updates != null && List.of(inputTopic(), forecastTopic(), alertTopic(),
                    deadLetterTopic()).contains(updates)) {
                problems.add("--" + MODEL_TOPIC.key() + " must differ from the input and output"
                        + " topics: " + updates);
            }
        }
        return problems;
    }

    /**
     * This configuration if {@link #validate} finds nothing wrong.
     *
     * @param what the configuration's name in the message ("job", "sidecar")
     * @throws IllegalArgumentException listing every problem
     */
    public JobConfig requireValid(String what) {
        List<String> problems = validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " configuration has "
                    + problems.size() + " problem(s):\n  - " + String.join("\n  - ", problems));
        }
        return this;
    }

    /** The operator's configuration. */
    public LtcOperatorConfig operatorConfig() {
        LtcOperatorConfig.Builder b = LtcOperatorConfig.builder(model())
                .dataTimeUnit(dataTimeUnit())
                .maxAheadOfClock(maxAheadOfClock())
                .outOfOrder(outOfOrder().mode())
                .swapPolicy(swapPolicy())
                .alerts(alertThreshold(), clearThreshold(), alertCoolDown());
        if (maxGap() != null) {
            b.maxGap(maxGap(), longGap().policy());
        }
        if (stateTtl() != null) {
            b.stateTtl(stateTtl());
        }
        if (numericMode() != null) {
            b.numericMode(numericMode());
        }
        b.measureCpuTime(measureCpu());
        return b.build();
    }

    // ------------------------------------------------------------------------------------------
    // Values
    // ------------------------------------------------------------------------------------------

    /** The option's value: its own, else its default (null for an option without one). */
    @Override
    public <T> T get(ConfigOption<T> option) {
        return values.get(option);
    }

    /** The option's own value, if it has one. */
    @Override
    public <T> Optional<T> getOptional(ConfigOption<T> option) {
        return values.getOptional(option);
    }

    /** The options that have a value of their own, as texts that {@link #of} reads back. */
    @Override
    public Map<String, String> toMap() {
        return values.toMap();
    }

    public String bootstrap() {
        return get(BOOTSTRAP);
    }

    public String model() {
        return get(MODEL);
    }

    public String inputTopic() {
        return get(INPUT_TOPIC);
    }

    /** The topic of model updates, or null when the model does not change while the job runs. */
    public String modelTopic() {
        return get(MODEL_TOPIC);
    }

    /** The folder watched for files of model updates, or null. */
    public String modelUpdatesDir() {
        return get(JobOptions.MODEL_UPDATES_DIR);
    }

    /** How often {@link #modelUpdatesDir()} is listed for new files. */
    public Duration modelUpdatesInterval() {
        return get(JobOptions.MODEL_UPDATES_INTERVAL);
    }

    /** What a key becomes at a model switch whose update names no policy. */
    public SwapPolicy swapPolicy() {
        return get(SWAP_POLICY);
    }

    public WireFormat inputFormat() {
        return get(INPUT_FORMAT);
    }

    public WireFormat outputFormat() {
        return get(OUTPUT_FORMAT);
    }

    /** The forecast topic: {@code forecast-topic}, else {@code <input-topic>-forecasts}. */
    public String forecastTopic() {
        return orDefault(FORECAST_TOPIC, "-forecasts");
    }

    /** The alert topic: {@code alert-topic}, else {@code <input-topic>-alerts}. */
    public String alertTopic() {
        return orDefault(ALERT_TOPIC, "-alerts");
    }

    /**
     * The dead-letter topic: {@code dead-letter-topic}, else {@code <input-topic>-dead-letters}.
     */
    public String deadLetterTopic() {
        return orDefault(DEAD_LETTER_TOPIC, "-dead-letters");
    }

    private String orDefault(ConfigOption<String> topic, String suffix) {
        String v = get(topic);
        return isBlank(v) ? inputTopic() + suffix : v;
    }

    public Delivery delivery() {
        return get(DELIVERY);
    }

    /** Whether the sinks write through Kafka transactions ({@code delivery exactly-once}). */
    public boolean exactlyOnce() {
        return delivery() == Delivery.EXACTLY_ONCE;
    }

    public String groupId() {
        return get(GROUP_ID);
    }

    public StartingOffsets startingOffsets() {
        return get(STARTING_OFFSETS);
    }

    public int parallelism() {
        return get(PARALLELISM);
    }

    /** The job's key groups ({@code max-parallelism}), fixed for the life of its state. */
    public int maxParallelism() {
        return get(JobOptions.MAX_PARALLELISM);
    }

    public StateBackend stateBackend() {
        return get(STATE_BACKEND);
    }

    public Duration checkpointInterval() {
        return get(CHECKPOINT_INTERVAL);
    }

    public Duration bufferTimeout() {
        return get(JobOptions.BUFFER_TIMEOUT);
    }

    /** The checkpoint directory, or null for a new temporary one. */
    public String checkpointDir() {
        return get(CHECKPOINT_DIR);
    }

    public Duration outOfOrderness() {
        return get(OUT_OF_ORDERNESS);
    }

    public Duration idleness() {
        return get(IDLENESS);
    }

    /**
     * How far a reading's timestamp may be ahead of the wall clock ({@code max-ahead-of-clock});
     * further ahead, or before the epoch, it is a dead letter and gets no event timestamp at the
     * source.
     */
    public Duration maxAheadOfClock() {
        return get(MAX_AHEAD_OF_CLOCK);
    }

    /**
     * How long one time unit of the model's training data is in event time ({@code time-unit});
     * the model's own unit, recorded in its file, applies on top.
     */
    public Duration dataTimeUnit() {
        return get(TIME_UNIT).duration();
    }

    public OutOfOrder outOfOrder() {
        return get(OUT_OF_ORDER);
    }

    /** The gap that applies the long-gap policy ({@code max-gap}), or null for none. */
    public Duration maxGap() {
        return get(MAX_GAP);
    }

    public LongGap longGap() {
        return get(LONG_GAP);
    }

    /** The idle-key time-to-live ({@code state-ttl}), or null for none. */
    public Duration stateTtl() {
        return get(STATE_TTL);
    }

    /** The LTC's numeric mode ({@code numeric-mode}), or null for the operator's default. */
    public NumericMode numericMode() {
        return get(NUMERIC_MODE);
    }

    /** Whether each forecast carries its step's thread CPU time ({@code measure-cpu}). */
    public boolean measureCpu() {
        return get(MEASURE_CPU);
    }

    public double alertThreshold() {
        return get(ALERT_THRESHOLD);
    }

    public double clearThreshold() {
        return get(CLEAR_THRESHOLD);
    }

    public Duration alertCoolDown() {
        return get(ALERT_COOL_DOWN);
    }

    public String transactionalIdPrefix() {
        return get(TRANSACTIONAL_ID_PREFIX);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "JobConfig" + toMap();
    }

    /** Builds a {@link JobConfig}; later settings of an option replace earlier ones. */
    public static final class Builder {

        private final Configuration values = new Configuration();
        private final LinkedHashSet<String> unknownKeys = new LinkedHashSet<>();
        private final LinkedHashMap<String, String> unreadable = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Sets one of the {@link JobOptions}.
         *
         * @throws IllegalArgumentException if {@code option} is not one of them
         */
        public <T> Builder set(ConfigOption<T> option, T value) {
            checkArgument(option.equals(JobOptions.option(option.key())),
                    "not a job option: %s", option.key());
            checkNotNull(value, "no value for %s", option.key());
            unreadable.remove(option.key());
            values.set(option, value);
            return this;
        }

        /**
         * Sets the option {@code key} from its text, as the flag {@code --key text} does. A key
         * that is no option, or a text that is no value of it, is kept for {@link
         * JobConfig#validate} to report; the option then has its default.
         */
        public Builder setFlag(String key, String text) {
            checkNotNull(key, "no key");
            checkNotNull(text, "no text for %s", key);
            unreadable.remove(key);
            if (JobOptions.option(key) == null) {
                unknownKeys.add(key);
                return this;
            }
            try {
                JobOptions.read(values, key, text);
            } catch (IllegalArgumentException e) {
                values.removeKey(key);
                unreadable.put(key, "--" + key + ": " + e.getMessage());
            }
            return this;
        }

        /** {@link #setFlag} for each entry; entries with a null value are skipped. */
        public Builder setFlags(Map<String, String> flags) {
            flags.forEach((k, text) -> {
                if (text != null) {
                    setFlag(k, text);
                }
            });
            return this;
        }

        /** {@link #setFlag} for each entry of a properties file, keys and values trimmed. */
        public Builder loadProperties(Path file) throws IOException {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            for (String k : p.stringPropertyNames()) {
                setFlag(k.trim(), p.getProperty(k).trim());
            }
            return this;
        }

        public JobConfig build() {
            return new JobConfig(this);
        }
    }
}
