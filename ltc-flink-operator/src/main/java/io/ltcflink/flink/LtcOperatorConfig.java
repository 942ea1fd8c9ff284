package io.ltcflink.flink;

import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.cell.SolverSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;

/**
 * Everything the LTC operator needs besides its input: where the model is, how event time maps to
 * model time, the edge-case policies, scoring and alerting. Immutable; build with {@link
 * #builder(String)} and apply with {@link LtcPipeline#apply}.
 */
public final class LtcOperatorConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The default bound on how far a timestamp may be ahead of the processing clock. */
    public static final Duration DEFAULT_MAX_AHEAD_OF_CLOCK = Duration.ofMinutes(10);

    private final String modelLocation;
    private final Duration modelTimeUnit;
    private final OutOfOrderMode outOfOrderMode;
    private final int maxBufferedPerKey;
    private final SolverSettings solver;
    private final NumericMode numericMode;
    private final Duration maxGap;
    private final LongGapPolicy longGapPolicy;
    private final Duration stateTtl;
    private final Scorer scorer;
    private final InputNormalizer normalizer;
    private final ReadoutAdapter readoutAdapter;
    private final double alertThreshold;
    private final double clearThreshold;
    private final Duration alertCoolDown;
    private final Duration maxFutureSkew;
    private final Duration maxAheadOfClock;
    private final boolean logDeltaFeature;
    private final int[] targetChannels;
    private final String uidPrefix;
    private final boolean measureCpuTime;

    private LtcOperatorConfig(Builder b) {
        this.modelLocation = b.modelLocation;
        this.modelTimeUnit = b.modelTimeUnit;
        this.outOfOrderMode = b.outOfOrderMode;
        this.maxBufferedPerKey = b.maxBufferedPerKey;
        this.solver = b.solver;
        this.numericMode = b.numericMode;
        this.maxGap = b.maxGap;
        this.longGapPolicy = b.longGapPolicy;
        this.stateTtl = b.stateTtl;
        this.scorer = b.scorer;
        this.normalizer = b.normalizer;
        this.readoutAdapter = b.readoutAdapter;
        this.alertThreshold = b.alertThreshold;
        this.clearThreshold = b.clearThreshold;
        this.alertCoolDown = b.alertCoolDown;
        this.maxFutureSkew = b.maxFutureSkew;
        this.maxAheadOfClock = b.maxAheadOfClock;
        this.logDeltaFeature = b.logDeltaFeature;
        this.targetChannels = b.targetChannels == null ? null : b.targetChannels.clone();
        this.uidPrefix = b.uidPrefix;
        this.measureCpuTime = b.measureCpuTime;
    }

    /** A builder for the model at {@code modelLocation} (a path or a URI Flink's file systems read). */
    public static Builder builder(String modelLocation) {
        return new Builder(modelLocation);
    }

    public String modelLocation() {
        return modelLocation;
    }

    public Duration modelTimeUnit() {
        return modelTimeUnit;
    }

    /** Milliseconds per model time unit. */
    public double millisPerModelUnit() {
        return modelTimeUnit.toNanos() / 1e6;
    }

    public OutOfOrderMode outOfOrderMode() {
        return outOfOrderMode;
    }

    public int maxBufferedPerKey() {
        return maxBufferedPerKey;
    }

    /** Solver settings that override the model file's, or null to keep the model's. */
    public SolverSettings solver() {
        return solver;
    }

    /** Numeric mode that overrides the model file's, or null. */
    public NumericMode numericMode() {
        return numericMode;
    }

    /** The long-gap threshold, or null for none. */
    public Duration maxGap() {
        return maxGap;
    }

    public LongGapPolicy longGapPolicy() {
        return longGapPolicy;
    }

    /** Idle-key time-to-live, or null (state kept forever). */
    public Duration stateTtl() {
        return stateTtl;
    }

    public Scorer scorer() {
        return scorer;
    }

    /** The per-key input normaliser, or null (readings go to the model as they are). */
    public InputNormalizer normalizer() {
        return normalizer;
    }

    /** The per-key readout adapter, or null (the model's own readout). */
    public ReadoutAdapter readoutAdapter() {
        return readoutAdapter;
    }

    public double alertThreshold() {
        return alertThreshold;
    }

    public double clearThreshold() {
        return clearThreshold;
    }

    public Duration alertCoolDown() {
        return alertCoolDown;
    }

    public Duration maxFutureSkew() {
        return maxFutureSkew;
    }

    /**
     * How far a reading's timestamp may be ahead of the processing clock, or null for no clock
     * bound; with a bound, timestamps before the epoch are rejected too.
     */
    public Duration maxAheadOfClock() {
        return maxAheadOfClock;
    }

    /** {@link #maxAheadOfClock()} in milliseconds, or −1 for none. */
    public long maxAheadOfClockMillis() {
        return maxAheadOfClock == null ? -1 : maxAheadOfClock.toMillis();
    }

    public boolean logDeltaFeature() {
        return logDeltaFeature;
    }

    /** The input channels compared with the model's outputs, or null for 0..M−1. */
    public int[] targetChannels() {
        return targetChannels == null ? null : targetChannels.clone();
    }

    public String uidPrefix() {
        return uidPrefix;
    }

    /** Whether each forecast carries the CPU time of its model step ({@link Forecast#cpuNanos}). */
    public boolean measureCpuTime() {
        return measureCpuTime;
    }

    @Override
    public String toString() {
        return String.format(
                "LtcOperatorConfig{model=%s, timeUnit=%s, outOfOrder=%s, maxBufferedPerKey=%s,"
                        + " solver=%s, numericMode=%s, maxGap=%s, longGapPolicy=%s, ttl=%s,"
                        + " scorer=%s, normalizer=%s, readout=%s, alert=%s/%s, coolDown=%s,"
                        + " maxFutureSkew=%s, maxAheadOfClock=%s, logDelta=%s, targets=%s, uid=%s, measureCpuTime=%s}",
                modelLocation, modelTimeUnit, outOfOrderMode, maxBufferedPerKey, solver,
                numericMode, maxGap, longGapPolicy, stateTtl, scorer, normalizer,
                readoutAdapter == null ? "model" : readoutAdapter, alertThreshold,
                clearThreshold, alertCoolDown, maxFutureSkew, maxAheadOfClock, logDeltaFeature,
                targetChannels == null ? "default" : Arrays.toString(targetChannels), uidPrefix,
                measureCpuTime);
    }

    /** Builds an {@link LtcOperatorConfig}; defaults are in the field initialisers. */
    public static final class Builder {
        private final String modelLocation;
        private Duration modelTimeUnit = Duration.ofSeconds(1);
        private OutOfOrderMode outOfOrderMode = OutOfOrderMode.ARRIVAL;
        private int maxBufferedPerKey = 10_000;
        private SolverSettings solver;
        private NumericMode numericMode;
        private Duration maxGap;
        private LongGapPolicy longGapPolicy = LongGapPolicy.RESET;
        private Duration stateTtl;
        private Scorer scorer = ResidualScaleScorer.defaults();
        private InputNormalizer normalizer;
        private ReadoutAdapter readoutAdapter;
        private double alertThreshold = 0.99;
        private double clearThreshold = 0.9;
        private Duration alertCoolDown = Duration.ZERO;
        private Duration maxFutureSkew = Duration.ofDays(1);
        private Duration maxAheadOfClock = DEFAULT_MAX_AHEAD_OF_CLOCK;
        private boolean logDeltaFeature;
        private int[] targetChannels;
        private String uidPrefix = "ltc";
        private boolean measureCpuTime;

        private Builder(String modelLocation) {
            this.modelLocation = modelLocation;
        }

        /** How long one model time unit is in event time (default one second). */
        public Builder modelTimeUnit(Duration unit) {
            this.modelTimeUnit = unit;
            return this;
        }

        /** Arrival order (default) or event-time order with a per-key buffer. */
        public Builder outOfOrder(OutOfOrderMode mode) {
            this.outOfOrderMode = mode;
            return this;
        }

        /** In event-time mode, the most records one key may hold back (default 10,000). */
        public Builder maxBufferedPerKey(int max) {
            this.maxBufferedPerKey = max;
            return this;
        }

        /** Overrides the model file's solver settings (e.g. sub-stepping for long gaps). */
        public Builder solver(SolverSettings settings) {
            this.solver = settings;
            return this;
        }

        /** Overrides the model file's numeric mode. */
        public Builder numericMode(NumericMode mode) {
            this.numericMode = mode;
            return this;
        }

        /** Gaps longer than this trigger the long-gap policy (default: none). */
        public Builder maxGap(Duration gap, LongGapPolicy policy) {
            this.maxGap = gap;
            this.longGapPolicy = policy;
            return this;
        }

        /** Drops a key's state after this long without an update (default: never). */
        public Builder stateTtl(Duration ttl) {
            this.stateTtl = ttl;
            return this;
        }

        public Builder scorer(Scorer scorer) {
            this.scorer = scorer;
            return this;
        }

        /** Normalises each key's readings by its own statistics before the cell (default: none). */
        public Builder normalizer(InputNormalizer normalizer) {
            this.normalizer = normalizer;
            return this;
        }

        /** Learns each key's readout online instead of using the model's (default: none). */
        public Builder readoutAdapter(ReadoutAdapter adapter) {
            this.readoutAdapter = adapter;
            return this;
        }

        /**
         * An alert opens when the score reaches {@code raise}, closes when it falls below {@code
         * clear}, and no new alert opens within {@code coolDown} of the last one.
         */
        public Builder alerts(double raise, double clear, Duration coolDown) {
            this.alertThreshold = raise;
            this.clearThreshold = clear;
            this.alertCoolDown = coolDown;
            return this;
        }

        /** Records more than this ahead of the watermark are dead letters (default one day). */
        public Builder maxFutureSkew(Duration skew) {
            this.maxFutureSkew = skew;
            return this;
        }

        /**
         * Records whose timestamp is more than this ahead of the processing clock, or before the
         * epoch, are dead letters (default ten minutes; null: no clock bound). The bound covers a
         * key's first record, which no watermark does, and keeps out timestamps that Kafka cannot
         * carry on the outputs (brokers refuse records more than an hour ahead of their clock by
         * default). Turn it off only where the outputs are not Kafka topics, e.g. replaying a
         * file whose timestamps lie in the future.
         */
        public Builder maxAheadOfClock(Duration bound) {
            this.maxAheadOfClock = bound;
            return this;
        }

        /** Appends {@code log Δ} to the model's input (the model must have been trained so). */
        public Builder logDeltaFeature(boolean on) {
            this.logDeltaFeature = on;
            return this;
        }

        /** The input channels compared with the model's outputs (default 0..M−1). */
        public Builder targetChannels(int... channels) {
            this.targetChannels = channels.clone();
            return this;
        }

        /** Prefix of the operators' stable uids (default "ltc"). */
        public Builder uidPrefix(String prefix) {
            this.uidPrefix = prefix;
            return this;
        }

        /**
         * Measures the thread CPU time of each record's model step (input preparation, the cell
         * step and de-normalisation) into {@link Forecast#cpuNanos} (default off; costs two clock
         * reads per record).
         */
        public Builder measureCpuTime(boolean on) {
            this.measureCpuTime = on;
            return this;
        }

        public LtcOperatorConfig build() {
            sanityCheck();
            return new LtcOperatorConfig(this);
        }

        private void sanityCheck() {
            require(modelLocation != null && !modelLocation.isBlank(), "the model location must be set");
            require(modelTimeUnit != null && !modelTimeUnit.isNegative() && !modelTimeUnit.isZero(),
                    "modelTimeUnit must be positive: %s", modelTimeUnit);
            require(outOfOrderMode != null, "outOfOrder mode must not be null");
            require(maxBufferedPerKey >= 1, "maxBufferedPerKey must be positive: %s", maxBufferedPerKey);
            require(maxGap == null || (!maxGap.isNegative() && !maxGap.isZero()),
                    "maxGap must be positive: %s", maxGap);
            require(longGapPolicy != null, "longGapPolicy must not be null");
            require(stateTtl == null || (!stateTtl.isNegative() && !stateTtl.isZero()),
                    "stateTtl must be positive: %s", stateTtl);
            require(scorer != null, "scorer must not be null");
            require(alertThreshold > 0 && alertThreshold <= 1,
                    "the alert threshold must be in (0, 1]: %s", alertThreshold);
            require(clearThreshold >= 0 && clearThreshold <= alertThreshold,
                    "the clear threshold must be in [0, alert threshold %s]: %s",
                    alertThreshold, clearThreshold);
            require(alertCoolDown != null && !alertCoolDown.isNegative(),
                    "alertCoolDown must be >= 0: %s", alertCoolDown);
            require(maxFutureSkew != null && !maxFutureSkew.isNegative() && !maxFutureSkew.isZero(),
                    "maxFutureSkew must be positive: %s", maxFutureSkew);
            require(maxAheadOfClock == null || !maxAheadOfClock.isNegative(),
                    "maxAheadOfClock must be >= 0: %s", maxAheadOfClock);
            if (targetChannels != null) {
                require(targetChannels.length > 0, "targetChannels must not be empty");
                for (int c : targetChannels) {
                    require(c >= 0, "target channels must be >= 0: %s", Arrays.toString(targetChannels));
                }
            }
            require(uidPrefix != null && !uidPrefix.isBlank(), "uidPrefix must not be blank");
        }

        private static void require(boolean ok, String template, Object... args) {
            if (!ok) {
                throw new IllegalArgumentException(String.format(template, args));
            }
        }
    }
}
