package io.ltcflink.jobs.sidecar;

import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.flink.ResidualScaleScorer;
import io.ltcflink.flink.Scorer;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;

/**
 * Everything the windowed LSTM operator needs besides its input: the model, the window (by
 * default the model's own), how event time maps to model time, the bad-record policy shared with
 * the LTC operator, scoring and the uid prefix. Immutable; build with {@link #builder(String)}.
 */
public final class SidecarConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String modelLocation;
    private final int window;
    private final Duration modelTimeUnit;
    private final Duration maxFutureSkew;
    private final Duration maxAheadOfClock;
    private final Duration stateTtl;
    private final Scorer scorer;
    private final int[] targetChannels;
    private final boolean measureCpuTime;
    private final String uidPrefix;

    private SidecarConfig(Builder b) {
        this.modelLocation = b.modelLocation;
        this.window = b.window;
        this.modelTimeUnit = b.modelTimeUnit;
        this.maxFutureSkew = b.maxFutureSkew;
        this.maxAheadOfClock = b.maxAheadOfClock;
        this.stateTtl = b.stateTtl;
        this.scorer = b.scorer;
        this.targetChannels = b.targetChannels == null ? null : b.targetChannels.clone();
        this.measureCpuTime = b.measureCpuTime;
        this.uidPrefix = b.uidPrefix;
    }

    /** A builder for the model at {@code modelLocation} (a path or a URI Flink can read). */
    public static Builder builder(String modelLocation) {
        return new Builder(modelLocation);
    }

    public String modelLocation() {
        return modelLocation;
    }

    /** The window W, or 0 to take it from the model's metadata. */
    public int window() {
        return window;
    }

    public Duration modelTimeUnit() {
        return modelTimeUnit;
    }

    /** Milliseconds per model time unit. */
    public double millisPerModelUnit() {
        return modelTimeUnit.toNanos() / 1e6;
    }

    public Duration maxFutureSkew() {
        return maxFutureSkew;
    }

    /** As {@link io.ltcflink.flink.LtcOperatorConfig#maxAheadOfClockMillis()}. */
    public long maxAheadOfClockMillis() {
        return maxAheadOfClock == null ? -1 : maxAheadOfClock.toMillis();
    }

    /** Idle-key time-to-live, or null (state kept forever). */
    public Duration stateTtl() {
        return stateTtl;
    }

    public Scorer scorer() {
        return scorer;
    }

    /** The input channels compared with the model's outputs, or null for 0..M−1. */
    public int[] targetChannels() {
        return targetChannels == null ? null : targetChannels.clone();
    }

    /** Whether each forecast carries the CPU time of its window pass. */
    public boolean measureCpuTime() {
        return measureCpuTime;
    }

    public String uidPrefix() {
        return uidPrefix;
    }

    @Override
    public String toString() {
        return String.format(
                "SidecarConfig{model=%s, window=%s, timeUnit=%s, maxFutureSkew=%s, ttl=%s,"
                        + " scorer=%s, targets=%s, measureCpuTime=%s, uid=%s}",
                modelLocation, window == 0 ? "model's" : window, modelTimeUnit, maxFutureSkew,
                stateTtl, scorer,
                targetChannels == null ? "default" : Arrays.toString(targetChannels),
                measureCpuTime, uidPrefix);
    }

    /** Builds a {@link SidecarConfig}; defaults are in the field initialisers. */
    public static final class Builder {
        private final String modelLocation;
        private int window;
        private Duration modelTimeUnit = Duration.ofSeconds(1);
        private Duration maxFutureSkew = Duration.ofDays(1);
        private Duration maxAheadOfClock = LtcOperatorConfig.DEFAULT_MAX_AHEAD_OF_CLOCK;
        private Duration stateTtl;
        private Scorer scorer = ResidualScaleScorer.defaults();
        private int[] targetChannels;
        private boolean measureCpuTime;
        private String uidPrefix = "lstm";

        private Builder(String modelLocation) {
            this.modelLocation = modelLocation;
        }

        /** The window W (default 0: the model's {@code task.window} metadata). */
        public Builder window(int window) {
            this.window = window;
            return this;
        }

        /** How long one model time unit is in event time (default one second). */
        public Builder modelTimeUnit(Duration unit) {
            this.modelTimeUnit = unit;
            return this;
        }

        /** Records more than this ahead of the watermark are dead letters (default one day). */
        public Builder maxFutureSkew(Duration skew) {
            this.maxFutureSkew = skew;
            return this;
        }

        /** As {@link LtcOperatorConfig.Builder#maxAheadOfClock(Duration)}. */
        public Builder maxAheadOfClock(Duration bound) {
            this.maxAheadOfClock = bound;
            return this;
        }

        /** Drops a key's window after this long without an update (default: never). */
        public Builder stateTtl(Duration ttl) {
            this.stateTtl = ttl;
            return this;
        }

        /** The residual scorer (default: the LTC operator's default). */
        public Builder scorer(Scorer scorer) {
            this.scorer = scorer;
            return this;
        }

        /** The input channels compared with the model's outputs (default 0..M−1). */
        public Builder targetChannels(int... channels) {
            this.targetChannels = channels.clone();
            return this;
        }

        /** Measures the thread CPU time of each window pass (default off). */
        public Builder measureCpuTime(boolean on) {
            this.measureCpuTime = on;
            return this;
        }

        /** Prefix of the operators' stable uids (default "lstm"). */
        public Builder uidPrefix(String prefix) {
            this.uidPrefix = prefix;
            return this;
        }

        public SidecarConfig build() {
            sanityCheck();
            return new SidecarConfig(this);
        }

        private void sanityCheck() {
            require(modelLocation != null && !modelLocation.isBlank(),
                    "the model location must be set");
            require(window >= 0, "window must be >= 0 (0: the model's): %s", window);
            require(modelTimeUnit != null && !modelTimeUnit.isNegative() && !modelTimeUnit.isZero(),
                    "modelTimeUnit must be positive: %s", modelTimeUnit);
            require(maxFutureSkew != null && !maxFutureSkew.isNegative() && !maxFutureSkew.isZero(),
                    "maxFutureSkew must be positive: %s", maxFutureSkew);
            require(maxAheadOfClock == null || !maxAheadOfClock.isNegative(),
                    "maxAheadOfClock must be >= 0: %s", maxAheadOfClock);
            require(stateTtl == null || (!stateTtl.isNegative() && !stateTtl.isZero()),
                    "stateTtl must be positive: %s", stateTtl);
            require(scorer != null, "scorer must not be null");
            if (targetChannels != null) {
                require(targetChannels.length > 0, "targetChannels must not be empty");
                for (int c : targetChannels) {
                    require(c >= 0, "target channels must be >= 0: %s",
                            Arrays.toString(targetChannels));
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
