package io.ltcflink.jobs.kafka;

import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.engine.LongGapPolicy;
import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.flink.OutOfOrderMode;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The anomaly job's configuration, from a properties file and/or flags (flags win), validated in
 * one place: {@link #validate} lists everything missing or wrong at once. Keys are the flag names
 * without the leading dashes ({@code bootstrap}, {@code input-topic}, …).
 */
public final class JobConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Every key with its default ({@code null}: required or optional without default). */
    public static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("bootstrap", null);
        d.put("model", null);
        d.put("input-topic", null);
        d.put("input-format", "avro");
        d.put("output-format", "avro");
        d.put("forecast-topic", null);
        d.put("alert-topic", null);
        d.put("dead-letter-topic", null);
        d.put("delivery", "at-least-once");
        d.put("group-id", "ltc-anomaly-job");
        d.put("starting-offsets", "committed");
        d.put("parallelism", "1");
        d.put("state-backend", "rocksdb");
        d.put("checkpoint-interval", "10s");
        d.put("checkpoint-dir", null);
        d.put("out-of-orderness", "2s");
        d.put("idleness", "30s");
        d.put("max-ahead-of-clock", "10min");
        d.put("time-unit", "s");
        d.put("out-of-order", "arrival");
        d.put("max-gap", null);
        d.put("long-gap", "reset");
        d.put("state-ttl", null);
        d.put("numeric-mode", null);
        d.put("measure-cpu", "false");
        d.put("alert-threshold", "0.99");
        d.put("clear-threshold", "0.9");
        d.put("alert-cool-down", "0s");
        d.put("transactional-id-prefix", "ltc-anomaly");
        return d;
    }

    private final Map<String, String> values;

    private JobConfig(Map<String, String> values) {
        this.values = values;
    }

    /**
     * The configuration from {@code file} (nullable) overlaid with {@code flags} (null values are
     * absent), with defaults for the rest. Unknown keys are reported by {@link #validate}.
     */
    public static JobConfig of(Path file, Map<String, String> flags) throws IOException {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            for (String k : p.stringPropertyNames()) {
                v.put(k.trim(), p.getProperty(k).trim());
            }
        }
        flags.forEach((k, val) -> {
            if (val != null) {
                v.put(k, val);
            }
        });
        return new JobConfig(v);
    }

    /** Every problem, or an empty list. */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        for (String k : values.keySet()) {
            if (!DEFAULTS.containsKey(k)) {
                problems.add("unknown setting '" + k + "'");
            }
        }
        for (String k : List.of("bootstrap", "model", "input-topic")) {
            if (get(k) == null || get(k).isBlank()) {
                problems.add("missing --" + k);
            }
        }
        if (get("model") != null && !get("model").contains("://") && !Files.isReadable(Path.of(get("model")))) {
            problems.add("--model: cannot read " + get("model"));
        }
        check(problems, "input-format", () -> WireFormat.fromName(get("input-format")));
        check(problems, "output-format", () -> WireFormat.fromName(get("output-format")));
        check(problems, "delivery", this::exactlyOnce);
        check(problems, "starting-offsets", this::startingOffsets);
        check(problems, "parallelism", () -> {
            int p = Integer.parseInt(get("parallelism"));
            if (p < 1) {
                throw new IllegalArgumentException("must be positive: " + p);
            }
            return p;
        });
        check(problems, "state-backend", () -> {
            String b = get("state-backend").toLowerCase(Locale.ROOT);
            if (!b.equals("rocksdb") && !b.equals("hashmap")) {
                throw new IllegalArgumentException("must be rocksdb or hashmap: " + b);
            }
            return b;
        });
        for (String k : List.of("checkpoint-interval", "out-of-orderness", "idleness",
                "alert-cool-down")) {
            check(problems, k, () -> duration(k));
        }
        check(problems, "max-ahead-of-clock", () -> {
            Duration d = maxAheadOfClock();
            // Brokers refuse records more than log.message.timestamp.after.max.ms (one hour by
            // default) ahead of their clock, and forecasts carry their reading's timestamp.
            if (d.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("must be at most 1 h (brokers refuse records"
                        + " further ahead of their clock by default): " + get("max-ahead-of-clock"));
            }
            return d;
        });
        for (String k : List.of("max-gap", "state-ttl")) {
            if (get(k) != null) {
                check(problems, k, () -> duration(k));
            }
        }
        check(problems, "time-unit", this::timeUnit);
        if (get("numeric-mode") != null) {
            check(problems, "numeric-mode", this::numericMode);
        }
        check(problems, "measure-cpu", this::measureCpu);
        check(problems, "out-of-order", () -> OutOfOrderMode.fromName(get("out-of-order")));
        check(problems, "long-gap", this::longGapPolicy);
        check(problems, "alert-threshold", () -> Double.parseDouble(get("alert-threshold")));
        check(problems, "clear-threshold", () -> Double.parseDouble(get("clear-threshold")));
        if (problems.isEmpty()) {
            try {
                operatorConfig();
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            if (get("input-topic").equals(forecastTopic()) || get("input-topic").equals(deadLetterTopic())) {
                problems.add("the output topics must differ from --input-topic");
            }
        }
        return problems;
    }

    private interface Parse {
        Object get() throws Exception;
    }

    private static void check(List<String> problems, String key, Parse p) {
        try {
            p.get();
        } catch (Exception e) {
            problems.add("--" + key + ": " + e.getMessage());
        }
    }

    public String get(String key) {
        return values.get(key);
    }

    public String bootstrap() {
        return get("bootstrap");
    }

    public String model() {
        return get("model");
    }

    public String inputTopic() {
        return get("input-topic");
    }

    public WireFormat inputFormat() {
        return WireFormat.fromName(get("input-format"));
    }

    public WireFormat outputFormat() {
        return WireFormat.fromName(get("output-format"));
    }

    public String forecastTopic() {
        return orDefault("forecast-topic", inputTopic() + "-forecasts");
    }

    public String alertTopic() {
        return orDefault("alert-topic", inputTopic() + "-alerts");
    }

    public String deadLetterTopic() {
        return orDefault("dead-letter-topic", inputTopic() + "-dead-letters");
    }

    private String orDefault(String key, String dflt) {
        String v = get(key);
        return v == null || v.isBlank() ? dflt : v;
    }

    public boolean exactlyOnce() {
        switch (get("delivery").toLowerCase(Locale.ROOT)) {
            case "exactly-once":
                return true;
            case "at-least-once":
                return false;
            default:
                throw new IllegalArgumentException(
                        "must be at-least-once or exactly-once: " + get("delivery"));
        }
    }

    public String groupId() {
        return get("group-id");
    }

    /** earliest, latest or committed (committed offsets, else earliest). */
    public String startingOffsets() {
        String s = get("starting-offsets").toLowerCase(Locale.ROOT);
        if (!s.equals("earliest") && !s.equals("latest") && !s.equals("committed")) {
            throw new IllegalArgumentException("must be earliest, latest or committed: " + s);
        }
        return s;
    }

    public int parallelism() {
        return Integer.parseInt(get("parallelism"));
    }

    public String stateBackend() {
        return get("state-backend").toLowerCase(Locale.ROOT);
    }

    public Duration checkpointInterval() {
        return duration("checkpoint-interval");
    }

    public String checkpointDir() {
        return get("checkpoint-dir");
    }

    public Duration outOfOrderness() {
        return duration("out-of-orderness");
    }

    public Duration idleness() {
        return duration("idleness");
    }

    /**
     * How far a reading's timestamp may be ahead of the wall clock ({@code max-ahead-of-clock});
     * further ahead, or before the epoch, it is a dead letter and gets no event timestamp at the
     * source.
     */
    public Duration maxAheadOfClock() {
        return duration("max-ahead-of-clock");
    }

    public String transactionalIdPrefix() {
        return get("transactional-id-prefix");
    }

    private Duration timeUnit() {
        return io.ltcflink.jobs.util.Durations.timeUnit(get("time-unit"));
    }

    /** How long one model time unit is in event time ({@code time-unit}). */
    public Duration modelTimeUnit() {
        return timeUnit();
    }

    /** The idle-key time-to-live ({@code state-ttl}), or null for none. */
    public Duration stateTtl() {
        return get("state-ttl") == null ? null : duration("state-ttl");
    }

    private LongGapPolicy longGapPolicy() {
        switch (get("long-gap").toLowerCase(Locale.ROOT)) {
            case "reset":
                return LongGapPolicy.RESET;
            case "keep":
                return LongGapPolicy.KEEP_INTEGRATING;
            default:
                throw new IllegalArgumentException("must be reset or keep: " + get("long-gap"));
        }
    }

    /** The LTC's numeric mode ({@code numeric-mode}: exact or fast); absent = the model file's. */
    private NumericMode numericMode() {
        String m = get("numeric-mode");
        for (NumericMode mode : NumericMode.values()) {
            if (mode.fileName().equals(m)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("must be exact or fast: " + m);
    }

    /** Whether each forecast carries its step's thread CPU time ({@code measure-cpu}). */
    public boolean measureCpu() {
        String v = get("measure-cpu");
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("must be true or false: " + v);
        }
        return Boolean.parseBoolean(v);
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
                .dataTimeUnit(timeUnit())
                .maxAheadOfClock(maxAheadOfClock())
                .outOfOrder(OutOfOrderMode.fromName(get("out-of-order")))
                .alerts(Double.parseDouble(get("alert-threshold")),
                        Double.parseDouble(get("clear-threshold")), duration("alert-cool-down"));
        if (get("max-gap") != null) {
            b.maxGap(duration("max-gap"), longGapPolicy());
        }
        if (get("state-ttl") != null) {
            b.stateTtl(duration("state-ttl"));
        }
        if (get("numeric-mode") != null) {
            b.numericMode(numericMode());
        }
        b.measureCpuTime(measureCpu());
        return b.build();
    }

    Duration duration(String key) {
        return io.ltcflink.jobs.util.Durations.parse(get(key));
    }

    @Override
    public String toString() {
        return "JobConfig" + values;
    }
}
