package io.ltcflink.core.data;

import io.ltcflink.core.Checks;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * How to inject random anomalies: how many, which types, how long and how strong. Immutable; build
 * with {@link #builder()}.
 *
 * <p>The observation time is cut into equal slots and each slot gets one anomaly at a random
 * place inside it (never in its first or last tenth), so anomalies never overlap and the first
 * one never starts at time 0. With {@link Builder#count(int)} a bounded run is cut into that many
 * slots; with {@link Builder#spacing(double)} every slot has a fixed length, which also works for
 * unbounded streams. Durations are in sampling periods; an anomaly is at most half its slot long.
 * Magnitudes are drawn uniformly from the type's range; spikes, level shifts and dynamics changes
 * get a random sign. A lead-in ({@link Builder#leadIn(double)}) keeps the start of the stream
 * free of anomalies: the slots begin after it, which a detector that stays quiet while it
 * warms up needs for a fair count of what it catches.
 */
public final class AnomalySpec {

    private static final AnomalySpec NONE = builder().build();

    private final int count;
    private final double spacing;
    private final double leadIn;
    private final AnomalyType[] types;
    private final Map<AnomalyType, double[]> durations;
    private final Map<AnomalyType, double[]> magnitudes;

    private AnomalySpec(Builder b) {
        Checks.requireArgument(b.count >= 0, "anomaly count must be non-negative: %s", b.count);
        Checks.requireArgument(b.spacing >= 0 && Double.isFinite(b.spacing),
                "anomaly spacing must be finite and non-negative: %s", b.spacing);
        Checks.requireArgument(b.leadIn >= 0 && Double.isFinite(b.leadIn),
                "anomaly lead-in must be finite and non-negative: %s", b.leadIn);
        Checks.requireArgument(!b.types.isEmpty(), "at least one anomaly type is needed");
        for (AnomalyType type : AnomalyType.values()) {
            double[] d = b.durations.get(type);
            Checks.requireArgument(d[0] > 0 && d[0] <= d[1] && Double.isFinite(d[1]),
                    "%s duration must satisfy 0 < min <= max: [%s, %s]", type.id(), d[0], d[1]);
            double[] m = b.magnitudes.get(type);
            Checks.requireArgument(m[0] >= 0 && m[0] <= m[1] && Double.isFinite(m[1]),
                    "%s magnitude must satisfy 0 <= min <= max: [%s, %s]", type.id(), m[0], m[1]);
        }
        double maxChange = b.magnitudes.get(AnomalyType.DYNAMICS_CHANGE)[1];
        Checks.requireArgument(maxChange < 1,
                "dynamics-change magnitude must stay below 1 (parameter × (1 ± magnitude)): %s",
                maxChange);
        this.count = b.count;
        this.spacing = b.spacing;
        this.leadIn = b.leadIn;
        this.types = b.types.toArray(new AnomalyType[0]);
        this.durations = copy(b.durations);
        this.magnitudes = copy(b.magnitudes);
    }

    private static Map<AnomalyType, double[]> copy(Map<AnomalyType, double[]> ranges) {
        Map<AnomalyType, double[]> out = new EnumMap<>(AnomalyType.class);
        ranges.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No anomalies. */
    public static AnomalySpec none() {
        return NONE;
    }

    /** Number of anomalies over a bounded run; 0 when {@link #spacing()} is used or none. */
    public int count() {
        return count;
    }

    /** Slot length in sampling periods; 0 when {@link #count()} is used or none. */
    public double spacing() {
        return spacing;
    }

    /** Sampling periods at the start of the stream without anomalies (default 0). */
    public double leadIn() {
        return leadIn;
    }

    /** Whether this spec injects anything. */
    public boolean isEnabled() {
        return count > 0 || spacing > 0;
    }

    /** The types drawn from, uniformly. */
    public Set<AnomalyType> types() {
        return EnumSet.copyOf(Arrays.asList(types));
    }

    AnomalyType type(double u) {
        return types[Math.min(types.length - 1, (int) (u * types.length))];
    }

    double duration(AnomalyType type, double u) {
        double[] r = durations.get(type);
        return r[0] + u * (r[1] - r[0]);
    }

    double magnitude(AnomalyType type, double u) {
        double[] r = magnitudes.get(type);
        return r[0] + u * (r[1] - r[0]);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AnomalySpec{");
        sb.append(count > 0 ? "count=" + count : spacing > 0 ? "spacing=" + spacing : "none");
        if (leadIn > 0) {
            sb.append(", leadIn=").append(leadIn);
        }
        for (AnomalyType type : types) {
            double[] d = durations.get(type);
            double[] m = magnitudes.get(type);
            sb.append(String.format(", %s: duration [%s, %s], magnitude [%s, %s]",
                    type.id(), d[0], d[1], m[0], m[1]));
        }
        return sb.append('}').toString();
    }

    /** Builds an {@link AnomalySpec}; by default no anomalies, all types once enabled. */
    public static final class Builder {
        private int count = 0;
        private double spacing = 0.0;
        private double leadIn = 0.0;
        private Set<AnomalyType> types = EnumSet.allOf(AnomalyType.class);
        private final Map<AnomalyType, double[]> durations = new EnumMap<>(Map.of(
                AnomalyType.SPIKE, new double[] {1, 1},
                AnomalyType.LEVEL_SHIFT, new double[] {20, 60},
                AnomalyType.STUCK, new double[] {20, 60},
                AnomalyType.NOISE_BURST, new double[] {20, 60},
                AnomalyType.DYNAMICS_CHANGE, new double[] {40, 100}));
        private final Map<AnomalyType, double[]> magnitudes = new EnumMap<>(Map.of(
                AnomalyType.SPIKE, new double[] {4, 8},
                AnomalyType.LEVEL_SHIFT, new double[] {1.5, 3},
                AnomalyType.STUCK, new double[] {0, 0},
                AnomalyType.NOISE_BURST, new double[] {0.5, 1.5},
                AnomalyType.DYNAMICS_CHANGE, new double[] {0.3, 0.6}));

        private Builder() {}

        /** Injects {@code n} anomalies into a bounded run, one per equal slot. */
        public Builder count(int n) {
            this.count = n;
            this.spacing = 0.0;
            return this;
        }

        /** Injects one anomaly per slot of {@code periods} sampling periods, forever. */
        public Builder spacing(double periods) {
            this.spacing = periods;
            this.count = 0;
            return this;
        }

        /**
         * Keeps the first {@code periods} sampling periods free of anomalies; the slots start
         * after them (default 0).
         */
        public Builder leadIn(double periods) {
            this.leadIn = periods;
            return this;
        }

        /** Draws types uniformly from these (default: all). */
        public Builder types(AnomalyType... types) {
            this.types = types.length == 0 ? EnumSet.noneOf(AnomalyType.class)
                    : EnumSet.copyOf(Arrays.asList(types));
            return this;
        }

        /** Duration range of {@code type} in sampling periods. */
        public Builder duration(AnomalyType type, double minPeriods, double maxPeriods) {
            durations.put(type, new double[] {minPeriods, maxPeriods});
            return this;
        }

        /** Magnitude range of {@code type} (absolute value; meaning per {@link AnomalyType}). */
        public Builder magnitude(AnomalyType type, double min, double max) {
            magnitudes.put(type, new double[] {min, max});
            return this;
        }

        public AnomalySpec build() {
            return new AnomalySpec(this);
        }
    }
}
