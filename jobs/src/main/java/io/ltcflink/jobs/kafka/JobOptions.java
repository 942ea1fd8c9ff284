package io.ltcflink.jobs.kafka;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.engine.LongGapPolicy;
import io.ltcflink.core.engine.SwapPolicy;
import io.ltcflink.flink.OutOfOrderMode;
import io.ltcflink.jobs.util.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * Every setting of the Kafka anomaly job and of the LSTM sidecar, as Flink {@link ConfigOption}s.
 * An option's key is its flag's name without the dashes ({@code --input-topic} sets {@code
 * input-topic}) and its key in a properties file given with {@code --config}. Enumerated values
 * print as the flags spell them ({@code at-least-once}, {@code rocksdb}, {@code event-time}), so
 * Flink's own parsing of a {@link Configuration} of strings reads them too.
 *
 * <p>{@link JobConfig} holds a configuration of these options and validates it as a whole.
 */
public final class JobOptions {

    private JobOptions() {}

    // ------------------------------------------------------------------------------------------
    // Enumerated values
    // ------------------------------------------------------------------------------------------

    /** The Kafka sinks' delivery guarantee. */
    public enum Delivery {
        /** Records may be written again after a failure. */
        AT_LEAST_ONCE,
        /** Kafka transactions committed with each checkpoint; consumers should read committed. */
        EXACTLY_ONCE;

        @Override
        public String toString() {
            return flagName(this);
        }
    }

    /** Where a consumer group starts reading the input topic. */
    public enum StartingOffsets {
        /** The oldest record of each partition. */
        EARLIEST,
        /** Only records written from now on. */
        LATEST,
        /** The group's committed offsets, else the oldest record. */
        COMMITTED;

        @Override
        public String toString() {
            return flagName(this);
        }
    }

    /** The state backend of the job's keyed state. */
    public enum StateBackend {
        /** RocksDB with incremental checkpoints: state larger than memory. */
        ROCKSDB,
        /** Objects on the JVM heap. */
        HASHMAP;

        @Override
        public String toString() {
            return flagName(this);
        }
    }

    /** What the operator does with a record older than its key's last one. */
    public enum OutOfOrder {
        /** Records are processed as they arrive; an older one goes to the late output. */
        ARRIVAL(OutOfOrderMode.ARRIVAL),
        /** Records are buffered per key and released in event-time order at the watermark. */
        EVENT_TIME(OutOfOrderMode.EVENT_TIME);

        private final OutOfOrderMode mode;

        OutOfOrder(OutOfOrderMode mode) {
            this.mode = mode;
        }

        /** The operator's mode. */
        public OutOfOrderMode mode() {
            return mode;
        }

        @Override
        public String toString() {
            return flagName(this);
        }
    }

    /** What a gap longer than {@link #MAX_GAP} does to a key's state. */
    public enum LongGap {
        /** The key restarts from the model's rest state. */
        RESET(LongGapPolicy.RESET),
        /** The state integrates across the whole gap. */
        KEEP(LongGapPolicy.KEEP_INTEGRATING);

        private final LongGapPolicy policy;

        LongGap(LongGapPolicy policy) {
            this.policy = policy;
        }

        /** The operator's policy. */
        public LongGapPolicy policy() {
            return policy;
        }

        @Override
        public String toString() {
            return flagName(this);
        }
    }

    /** How long one model time unit is in event time. */
    public enum DataTimeUnit {
        /** One millisecond. */
        MS(Duration.ofMillis(1)),
        /** One second. */
        S(Duration.ofSeconds(1)),
        /** One minute. */
        MIN(Duration.ofMinutes(1));

        private final Duration duration;

        DataTimeUnit(Duration duration) {
            this.duration = duration;
        }

        /** The unit's length. */
        public Duration duration() {
            return duration;
        }

        @Override
        public String toString() {
            return flagName(this);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Kafka
    // ------------------------------------------------------------------------------------------

    /** The Kafka bootstrap servers (required). */
    public static final ConfigOption<String> BOOTSTRAP =
            ConfigOptions.key("bootstrap")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("The Kafka bootstrap servers, HOST:PORT[,HOST:PORT…]."
                            + " Required.");

    /** The model file (required). */
    public static final ConfigOption<String> MODEL =
            ConfigOptions.key("model")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("The model file: a path, or a URI that Flink's file systems"
                            + " read. Required.");

    /** The topic of sensor readings (required). */
    public static final ConfigOption<String> INPUT_TOPIC =
            ConfigOptions.key("input-topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("The topic of sensor readings. Required.");

    /** The readings' wire format. */
    public static final ConfigOption<WireFormat> INPUT_FORMAT =
            ConfigOptions.key("input-format")
                    .enumType(WireFormat.class)
                    .defaultValue(WireFormat.AVRO)
                    .withDescription("How the readings are encoded: avro or json.");

    /** The outputs' wire format. */
    public static final ConfigOption<WireFormat> OUTPUT_FORMAT =
            ConfigOptions.key("output-format")
                    .enumType(WireFormat.class)
                    .defaultValue(WireFormat.AVRO)
                    .withDescription("How forecasts, alerts and dead letters are encoded: avro or"
                            + " json.");

    /** The topic of model updates, if the model may change while the job runs. */
    public static final ConfigOption<String> MODEL_TOPIC =
            ConfigOptions.key("model-topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("A topic of model updates, one JSON object per record:"
                            + " {\"model\":\"id\",\"path\":\"...\",\"effective\":epochMs,"
                            + "\"policy\":\"reset|carry|carry-warm\"} (only path required). The job reads it"
                            + " from its start and switches models while it runs. Default: none.");

    /** A folder watched for files of model updates, if the model may change while the job runs. */
    public static final ConfigOption<String> MODEL_UPDATES_DIR =
            ConfigOptions.key("model-updates-dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("A folder (any file system Flink reads: file:, s3:, hdfs:, or a"
                            + " local path) watched for files of model updates, one JSON object per"
                            + " line, as on model-topic; blank lines are skipped. Every file is read"
                            + " once, those there at the start first; files whose names begin with"
                            + " '.' or '_' are not read, so write a file under such a name and"
                            + " rename it when it is complete. Default: none.");

    /** How often the model-update folder is listed for new files. */
    public static final ConfigOption<Duration> MODEL_UPDATES_INTERVAL =
            ConfigOptions.key("model-updates-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("How often model-updates-dir is listed for new files.");

    /** What a key becomes at a model switch whose update names no policy. */
    public static final ConfigOption<SwapPolicy> SWAP_POLICY =
            ConfigOptions.key("swap-policy")
                    .enumType(SwapPolicy.class)
                    .defaultValue(SwapPolicy.RESET)
                    .withDescription("reset (the key starts afresh under the new model), carry"
                            + " (the new model steps on from the key's state when both lay it out"
                            + " the same way, else reset) or carry-warm (as carry, with the key's"
                            + " anomaly statistics, interval and alert state started afresh), for"
                            + " updates that name no policy.");

    /** The forecast topic, if not the input topic's name with {@code -forecasts}. */
    public static final ConfigOption<String> FORECAST_TOPIC =
            ConfigOptions.key("forecast-topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("The forecast topic. Default: <input-topic>-forecasts.");

    /** The alert topic, if not the input topic's name with {@code -alerts}. */
    public static final ConfigOption<String> ALERT_TOPIC =
            ConfigOptions.key("alert-topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("The alert topic. Default: <input-topic>-alerts.");

    /** The dead-letter topic, if not the input topic's name with {@code -dead-letters}. */
    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            ConfigOptions.key("dead-letter-topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("The dead-letter topic. Default: <input-topic>-dead-letters.");

    /** The sinks' delivery guarantee. */
    public static final ConfigOption<Delivery> DELIVERY =
            ConfigOptions.key("delivery")
                    .enumType(Delivery.class)
                    .defaultValue(Delivery.AT_LEAST_ONCE)
                    .withDescription("at-least-once, or exactly-once through Kafka transactions"
                            + " (the outputs' consumers should read committed).");

    /** The input's consumer group. */
    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("group-id")
                    .stringType()
                    .defaultValue("ltc-anomaly-job")
                    .withDescription("The consumer group that reads the input topic.");

    /** Where reading the input starts. */
    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS =
            ConfigOptions.key("starting-offsets")
                    .enumType(StartingOffsets.class)
                    .defaultValue(StartingOffsets.COMMITTED)
                    .withDescription("Where reading starts: earliest, latest, or committed (the"
                            + " group's committed offsets, else earliest).");

    // ------------------------------------------------------------------------------------------
    // Execution and checkpointing
    // ------------------------------------------------------------------------------------------

    /** The job's parallelism. */
    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("parallelism")
                    .intType()
                    .defaultValue(1)
                    .withDescription("The job's parallelism, at least 1.");

    /**
     * The number of key groups: the most subtasks the job's state can ever be spread over. It is
     * fixed for the life of the state (a savepoint restores only with the same value).
     */
    public static final ConfigOption<Integer> MAX_PARALLELISM =
            ConfigOptions.key("max-parallelism")
                    .intType()
                    .defaultValue(128)
                    .withDescription("Key groups of the job's state, at least the parallelism and at"
                            + " most 32768; fixed for the life of the state.");

    /** The state backend. */
    public static final ConfigOption<StateBackend> STATE_BACKEND =
            ConfigOptions.key("state-backend")
                    .enumType(StateBackend.class)
                    .defaultValue(StateBackend.ROCKSDB)
                    .withDescription("rocksdb (incremental checkpoints) or hashmap.");

    /** The checkpoint interval. */
    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("How often the job checkpoints.");

    /** How long a record may wait in a network buffer before it is sent downstream. */
    public static final ConfigOption<Duration> BUFFER_TIMEOUT =
            ConfigOptions.key("buffer-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMillis(10))
                    .withDescription("How long a record may wait in a network buffer (between the"
                            + " source and the keyed operator) before the buffer is sent on, full or"
                            + " not: Flink's execution.buffer-timeout.interval. Lower is lower"
                            + " latency, higher is fewer, fuller buffers; 0 sends every record at"
                            + " once. Default 10 ms (Flink's own default, 100 ms, puts a reading"
                            + " about 30 ms behind at 10,000 readings/s while its buffer fills).");

    /** The checkpoint directory, if not a new temporary one. */
    public static final ConfigOption<String> CHECKPOINT_DIR =
            ConfigOptions.key("checkpoint-dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Where checkpoints go, as a URI. Default: a new temporary"
                            + " directory.");

    // ------------------------------------------------------------------------------------------
    // Event time
    // ------------------------------------------------------------------------------------------

    /** The watermarks' bounded out-of-orderness. */
    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            ConfigOptions.key("out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription("The watermarks' bounded out-of-orderness.");

    /** How long a silent partition may hold back event time. */
    public static final ConfigOption<Duration> IDLENESS =
            ConfigOptions.key("idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription("A partition silent this long does not hold back event"
                            + " time.");

    /** How far ahead of the wall clock a reading's timestamp may be. */
    public static final ConfigOption<Duration> MAX_AHEAD_OF_CLOCK =
            ConfigOptions.key("max-ahead-of-clock")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription("How far a reading's timestamp may be ahead of the wall"
                            + " clock, at most 1 h (brokers refuse records further ahead by"
                            + " default); further ahead, or before the epoch, it is a dead"
                            + " letter.");

    /** The model time unit in event time. */
    public static final ConfigOption<DataTimeUnit> TIME_UNIT =
            ConfigOptions.key("time-unit")
                    .enumType(DataTimeUnit.class)
                    .defaultValue(DataTimeUnit.S)
                    .withDescription("How long one time unit of the model's training data is in"
                            + " event time: ms, s or min; the model's own unit, recorded in its"
                            + " file, applies on top.");

    /** The operator's handling of records older than their key's last. */
    public static final ConfigOption<OutOfOrder> OUT_OF_ORDER =
            ConfigOptions.key("out-of-order")
                    .enumType(OutOfOrder.class)
                    .defaultValue(OutOfOrder.ARRIVAL)
                    .withDescription("arrival (records are processed as they come; an older one"
                            + " than its key's last is late) or event-time (buffered per key,"
                            + " released in event-time order at the watermark).");

    // ------------------------------------------------------------------------------------------
    // The operator
    // ------------------------------------------------------------------------------------------

    /** The gap that applies {@link #LONG_GAP}, if any. */
    public static final ConfigOption<Duration> MAX_GAP =
            ConfigOptions.key("max-gap")
                    .durationType()
                    .noDefaultValue()
                    .withDescription("A gap between a key's readings longer than this applies"
                            + " the long-gap policy. Default: none.");

    /** What a gap longer than {@link #MAX_GAP} does. */
    public static final ConfigOption<LongGap> LONG_GAP =
            ConfigOptions.key("long-gap")
                    .enumType(LongGap.class)
                    .defaultValue(LongGap.RESET)
                    .withDescription("What a gap longer than max-gap does: reset (the key starts"
                            + " again from the model's rest state) or keep (the state"
                            + " integrates across it).");

    /** The idle-key time-to-live, if any. */
    public static final ConfigOption<Duration> STATE_TTL =
            ConfigOptions.key("state-ttl")
                    .durationType()
                    .noDefaultValue()
                    .withDescription("A key idle this long loses its state. Default: never.");

    /** The LTC's numeric mode, if it overrides the default. */
    public static final ConfigOption<NumericMode> NUMERIC_MODE =
            ConfigOptions.key("numeric-mode")
                    .enumType(NumericMode.class)
                    .noDefaultValue()
                    .withDescription("The LTC's sigmoid evaluation, exact or fast. Default: the"
                            + " fast kernel wherever the model's cell has one.");

    /** Whether forecasts carry their step's thread CPU time. */
    public static final ConfigOption<Boolean> MEASURE_CPU =
            ConfigOptions.key("measure-cpu")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Whether each forecast carries its step's thread CPU time"
                            + " in cpuNanos (for ltc compare).");

    /** The score that opens an alert. */
    public static final ConfigOption<Double> ALERT_THRESHOLD =
            ConfigOptions.key("alert-threshold")
                    .doubleType()
                    .defaultValue(0.99)
                    .withDescription("An alert opens when a key's score reaches this, in (0, 1].");

    /** The score below which an open alert closes. */
    public static final ConfigOption<Double> CLEAR_THRESHOLD =
            ConfigOptions.key("clear-threshold")
                    .doubleType()
                    .defaultValue(0.9)
                    .withDescription("An open alert closes when the score falls below this, in"
                            + " [0, alert-threshold].");

    /** The event time after an alert in which its key opens no new one. */
    public static final ConfigOption<Duration> ALERT_COOL_DOWN =
            ConfigOptions.key("alert-cool-down")
                    .durationType()
                    .defaultValue(Duration.ZERO)
                    .withDescription("No new alert opens for a key within this much event time"
                            + " of its last one.");

    /** The prefix of the sinks' transactional ids. */
    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("transactional-id-prefix")
                    .stringType()
                    .defaultValue("ltc-anomaly")
                    .withDescription("The prefix of the Kafka sinks' transactional ids; jobs on"
                            + " one cluster need different ones.");

    // ------------------------------------------------------------------------------------------
    // Reading flags and properties
    // ------------------------------------------------------------------------------------------

    /**
     * Every option with how its text (a flag's value, a properties-file value) is read, in the
     * order of the documentation. Durations are read as {@link Durations#parse} reads them, so
     * fractions ({@code 1.5s}) are accepted as everywhere else in the command line.
     */
    private static final Map<String, Reading<?>> READINGS = readings(
            new Reading<>(BOOTSTRAP, JobOptions::blankIsUnset),
            new Reading<>(MODEL, JobOptions::blankIsUnset),
            new Reading<>(INPUT_TOPIC, JobOptions::blankIsUnset),
            new Reading<>(MODEL_TOPIC, JobOptions::blankIsUnset),
            new Reading<>(MODEL_UPDATES_DIR, JobOptions::blankIsUnset),
            new Reading<>(MODEL_UPDATES_INTERVAL, Durations::parse),
            new Reading<>(SWAP_POLICY, t -> named(SwapPolicy.class, t)),
            new Reading<>(INPUT_FORMAT, t -> named(WireFormat.class, t)),
            new Reading<>(OUTPUT_FORMAT, t -> named(WireFormat.class, t)),
            new Reading<>(FORECAST_TOPIC, JobOptions::blankIsUnset),
            new Reading<>(ALERT_TOPIC, JobOptions::blankIsUnset),
            new Reading<>(DEAD_LETTER_TOPIC, JobOptions::blankIsUnset),
            new Reading<>(DELIVERY, t -> named(Delivery.class, t)),
            new Reading<>(GROUP_ID, t -> t),
            new Reading<>(STARTING_OFFSETS, t -> named(StartingOffsets.class, t)),
            new Reading<>(PARALLELISM, JobOptions::integer),
            new Reading<>(MAX_PARALLELISM, JobOptions::integer),
            new Reading<>(STATE_BACKEND, t -> named(StateBackend.class, t)),
            new Reading<>(CHECKPOINT_INTERVAL, Durations::parse),
            new Reading<>(CHECKPOINT_DIR, JobOptions::blankIsUnset),
            new Reading<>(BUFFER_TIMEOUT, Durations::parse),
            new Reading<>(OUT_OF_ORDERNESS, Durations::parse),
            new Reading<>(IDLENESS, Durations::parse),
            new Reading<>(MAX_AHEAD_OF_CLOCK, Durations::parse),
            new Reading<>(TIME_UNIT, t -> named(DataTimeUnit.class, t)),
            new Reading<>(OUT_OF_ORDER, t -> named(OutOfOrder.class, t)),
            new Reading<>(MAX_GAP, Durations::parse),
            new Reading<>(LONG_GAP, t -> named(LongGap.class, t)),
            new Reading<>(STATE_TTL, Durations::parse),
            new Reading<>(NUMERIC_MODE, t -> named(NumericMode.class, t)),
            new Reading<>(MEASURE_CPU, JobOptions::bool),
            new Reading<>(ALERT_THRESHOLD, JobOptions::number),
            new Reading<>(CLEAR_THRESHOLD, JobOptions::number),
            new Reading<>(ALERT_COOL_DOWN, Durations::parse),
            new Reading<>(TRANSACTIONAL_ID_PREFIX, t -> t));

    /** Every option, in the order of the documentation. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> all = new ArrayList<>();
        for (Reading<?> r : READINGS.values()) {
            all.add(r.option());
        }
        return Collections.unmodifiableList(all);
    }

    /** The option with this key, or null if there is none. */
    static ConfigOption<?> option(String key) {
        Reading<?> r = READINGS.get(key);
        return r == null ? null : r.option();
    }

    /**
     * Reads {@code text} as the value of the option with key {@code key} into {@code target}, as
     * the flag {@code --key text} would set it; a blank text of a string option without a default
     * leaves it unset.
     *
     * @throws IllegalArgumentException saying what the option accepts, when the text is not such
     *     a value, or when there is no such option
     */
    static void read(Configuration target, String key, String text) {
        Reading<?> r = READINGS.get(key);
        checkArgument(r != null, "unknown setting '%s'", key);
        r.readInto(target, checkNotNull(text, "no text for %s", key));
    }

    /**
     * The constant of {@code type} that {@code text} names, ignoring case: its flag name (as
     * {@code toString} gives it, the rule of Flink's own parsing) or its Java name ({@code
     * event_time}).
     *
     * @throws IllegalArgumentException listing the names, when {@code text} names none
     */
    public static <E extends Enum<E>> E named(Class<E> type, String text) {
        E[] constants = type.getEnumConstants();
        for (E e : constants) {
            if (e.toString().equalsIgnoreCase(text) || e.name().equalsIgnoreCase(text)) {
                return e;
            }
        }
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < constants.length; i++) {
            if (i > 0) {
                names.append(i == constants.length - 1 ? " or " : ", ");
            }
            names.append(constants[i].toString().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(String.format("must be %s: %s", names, text));
    }

    /** The flag spelling of an enum constant: lower case, dashes for underscores. */
    static String flagName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String blankIsUnset(String text) {
        return text.isBlank() ? null : text;
    }

    private static Integer integer(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    String.format("must be an integer: %s", text));
        }
    }

    private static Double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(String.format("must be a number: %s", text));
        }
    }

    private static Boolean bool(String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException(String.format("must be true or false: %s", text));
    }

    private static Map<String, Reading<?>> readings(Reading<?>... readings) {
        Map<String, Reading<?>> byKey = new LinkedHashMap<>();
        for (Reading<?> r : readings) {
            checkArgument(byKey.put(r.option().key(), r) == null, "two options with key %s",
                    r.option().key());
        }
        return Collections.unmodifiableMap(byKey);
    }

    /** An option and how its text becomes its value (null: unset). */
    private record Reading<T>(ConfigOption<T> option, Function<String, T> parse) {

        void readInto(Configuration target, String text) {
            T value = parse.apply(text);
            if (value == null) {
                target.removeConfig(option);
            } else {
                target.set(option, value);
            }
        }
    }
}
