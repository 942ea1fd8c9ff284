package io.ltcflink.flink;

import io.ltcflink.core.engine.ResidualScaleScorer;
import io.ltcflink.core.engine.Scorer;
import io.ltcflink.core.train.ModelTimeUnit;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * What every keyed forecasting operator needs besides its model's own settings: where the model
 * is, how event time maps to model time, the order records are taken in, the bad-record policy,
 * idle-key expiry, scoring, the compared channels, the uid prefix and CPU measurement. Immutable;
 * {@link LtcOperatorConfig} and the windowed baseline's configuration extend it.
 */
public abstract class ForecastOperatorConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The default bound on how far a timestamp may be ahead of the processing clock. */
    public static final Duration DEFAULT_MAX_AHEAD_OF_CLOCK = Duration.ofMinutes(10);

    private final String modelLocation;
    private final Duration modelTimeUnit;
    private final Duration dataTimeUnit;
    private final OutOfOrderMode outOfOrderMode;
    private final int maxBufferedPerKey;
    private final Duration stateTtl;
    private final Scorer scorer;
    private final int[] targetChannels;
    private final Duration maxFutureSkew;
    private final Duration maxAheadOfClock;
    private final String uidPrefix;
    private final boolean measureCpuTime;

    protected ForecastOperatorConfig(Builder<?> b) {
        b.sanityCheck();
        this.modelLocation = b.modelLocation;
        this.modelTimeUnit = b.modelTimeUnit;
        this.dataTimeUnit = b.dataTimeUnit;
        this.outOfOrderMode = b.outOfOrderMode;
        this.maxBufferedPerKey = b.maxBufferedPerKey;
        this.stateTtl = b.stateTtl;
        this.scorer = b.scorer;
        this.targetChannels = b.targetChannels == null ? null : b.targetChannels.clone();
        this.maxFutureSkew = b.maxFutureSkew;
        this.maxAheadOfClock = b.maxAheadOfClock;
        this.uidPrefix = b.uidPrefix;
        this.measureCpuTime = b.measureCpuTime;
    }

    /** The model's location: a path or a URI Flink's file systems read. */
    public String modelLocation() {
        return modelLocation;
    }

    /**
     * How long one model time unit is in event time when set explicitly, else null: the model's
     * unit then follows from {@link #dataTimeUnit()} and the unit its file records.
     */
    public Duration modelTimeUnit() {
        return modelTimeUnit;
    }

    /** How long one time unit of the model's training data is in event time. */
    public Duration dataTimeUnit() {
        return dataTimeUnit;
    }

    /**
     * Milliseconds of event time per model time unit for a model with {@code modelMetadata}: the
     * explicit {@link #modelTimeUnit()}, else {@link #dataTimeUnit()} times the model's own unit
     * ({@link ModelTimeUnit}, 1 for models that record none).
     */
    public double millisPerModelUnit(Map<String, String> modelMetadata) {
        if (modelTimeUnit != null) {
            return modelTimeUnit.toNanos() / 1e6;
        }
        return dataTimeUnit.toNanos() / 1e6 * ModelTimeUnit.of(modelMetadata);
    }

    public OutOfOrderMode outOfOrderMode() {
        return outOfOrderMode;
    }

    /** In event-time order, the most records one key may hold back. */
    public int maxBufferedPerKey() {
        return maxBufferedPerKey;
    }

    /** Idle-key time-to-live, or null (state kept forever). */
    public Duration stateTtl() {
        return stateTtl;
    }

    public Scorer scorer() {
        return scorer;
    }

    /** The input channels compared with the model's outputs, or null for the model's own. */
    public int[] targetChannels() {
        return targetChannels == null ? null : targetChannels.clone();
    }

    /** How far a record may be ahead of the watermark. */
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

    /** Prefix of the operators' stable uids. */
    public String uidPrefix() {
        return uidPrefix;
    }

    /** Whether each forecast carries the CPU time of its model step ({@link Forecast#cpuNanos}). */
    public boolean measureCpuTime() {
        return measureCpuTime;
    }

    /** The shared settings as {@code name=value} pairs, for {@code toString}. */
    protected String describeShared() {
        return String.format("model=%s, modelTimeUnit=%s, dataTimeUnit=%s, outOfOrder=%s, maxBufferedPerKey=%s, ttl=%s,"
                        + " scorer=%s, targets=%s, maxFutureSkew=%s, maxAheadOfClock=%s, uid=%s,"
                        + " measureCpuTime=%s",
                modelLocation, modelTimeUnit == null ? "model's" : modelTimeUnit, dataTimeUnit,
                outOfOrderMode, maxBufferedPerKey, stateTtl, scorer,
                targetChannels == null ? "model's" : Arrays.toString(targetChannels),
                maxFutureSkew, maxAheadOfClock, uidPrefix, measureCpuTime);
    }

    /**
     * The shared part of a configuration's builder; defaults are in the field initialisers.
     *
     * @param <B> the concrete builder, returned by every setter
     */
    public abstract static class Builder<B extends Builder<B>> {
        private final String modelLocation;
        private Duration modelTimeUnit;
        private Duration dataTimeUnit = Duration.ofSeconds(1);
        private OutOfOrderMode outOfOrderMode = OutOfOrderMode.ARRIVAL;
        private int maxBufferedPerKey = 10_000;
        private Duration stateTtl;
        private Scorer scorer = ResidualScaleScorer.defaults();
        private int[] targetChannels;
        private Duration maxFutureSkew = Duration.ofDays(1);
        private Duration maxAheadOfClock = DEFAULT_MAX_AHEAD_OF_CLOCK;
        private String uidPrefix;
        private boolean measureCpuTime;

        protected Builder(String modelLocation, String defaultUidPrefix) {
            this.modelLocation = modelLocation;
            this.uidPrefix = defaultUidPrefix;
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /**
         * How long one model time unit is in event time, overriding what the model file and
         * {@link #dataTimeUnit(Duration)} say (default: not set).
         */
        public B modelTimeUnit(Duration unit) {
            this.modelTimeUnit = unit;
            return self();
        }

        /**
         * How long one time unit of the model's training data is in event time (default one
         * second); the model's own unit, recorded in its file, is applied on top.
         */
        public B dataTimeUnit(Duration unit) {
            this.dataTimeUnit = unit;
            return self();
        }

        /** Arrival order (default) or event-time order with a per-key buffer. */
        public B outOfOrder(OutOfOrderMode mode) {
            this.outOfOrderMode = mode;
            return self();
        }

        /** In event-time order, the most records one key may hold back (default 10,000). */
        public B maxBufferedPerKey(int max) {
            this.maxBufferedPerKey = max;
            return self();
        }

        /** Drops a key's state after this long without an update (default: never). */
        public B stateTtl(Duration ttl) {
            this.stateTtl = ttl;
            return self();
        }

        /** The anomaly scorer (default {@link ResidualScaleScorer#defaults()}). */
        public B scorer(Scorer scorer) {
            this.scorer = scorer;
            return self();
        }

        /**
         * The input channels compared with the model's outputs; by default those the model was
         * trained to forecast (its file says), else 0..M−1.
         */
        public B targetChannels(int... channels) {
            this.targetChannels = channels.clone();
            return self();
        }

        /** Records more than this ahead of the watermark are dead letters (default one day). */
        public B maxFutureSkew(Duration skew) {
            this.maxFutureSkew = skew;
            return self();
        }

        /**
         * Records whose timestamp is more than this ahead of the processing clock, or before the
         * epoch, are dead letters (default ten minutes; null: no clock bound). The bound covers a
         * key's first record, which no watermark does, and keeps out timestamps that Kafka cannot
         * carry on the outputs (brokers refuse records more than an hour ahead of their clock by
         * default). Turn it off only where the outputs are not Kafka topics, e.g. replaying a
         * file whose timestamps lie in the future.
         */
        public B maxAheadOfClock(Duration bound) {
            this.maxAheadOfClock = bound;
            return self();
        }

        /** Prefix of the operators' stable uids. */
        public B uidPrefix(String prefix) {
            this.uidPrefix = prefix;
            return self();
        }

        /**
         * Measures the thread CPU time of each record's model step into {@link Forecast#cpuNanos}
         * (default off; costs two clock reads per record).
         */
        public B measureCpuTime(boolean on) {
            this.measureCpuTime = on;
            return self();
        }

        private void sanityCheck() {
            require(modelLocation != null && !modelLocation.isBlank(),
                    "the model location must be set");
            require(modelTimeUnit == null
                            || (!modelTimeUnit.isNegative() && !modelTimeUnit.isZero()),
                    "modelTimeUnit must be positive: %s", modelTimeUnit);
            require(dataTimeUnit != null && !dataTimeUnit.isNegative() && !dataTimeUnit.isZero(),
                    "dataTimeUnit must be positive: %s", dataTimeUnit);
            require(outOfOrderMode != null, "outOfOrder mode must not be null");
            require(maxBufferedPerKey >= 1, "maxBufferedPerKey must be positive: %s",
                    maxBufferedPerKey);
            require(stateTtl == null || (!stateTtl.isNegative() && !stateTtl.isZero()),
                    "stateTtl must be positive: %s", stateTtl);
            require(scorer != null, "scorer must not be null");
            require(maxFutureSkew != null && !maxFutureSkew.isNegative() && !maxFutureSkew.isZero(),
                    "maxFutureSkew must be positive: %s", maxFutureSkew);
            require(maxAheadOfClock == null || !maxAheadOfClock.isNegative(),
                    "maxAheadOfClock must be >= 0: %s", maxAheadOfClock);
            if (targetChannels != null) {
                require(targetChannels.length > 0, "targetChannels must not be empty");
                for (int c : targetChannels) {
                    require(c >= 0, "target channels must be >= 0: %s",
                            Arrays.toString(targetChannels));
                }
            }
            require(uidPrefix != null && !uidPrefix.isBlank(), "uidPrefix must not be blank");
        }

        protected static void require(boolean ok, String template, Object... args) {
            if (!ok) {
                throw new IllegalArgumentException(String.format(template, args));
            }
        }
    }
}
