package io.ltcflink.core.data;

import io.ltcflink.core.Checks;
import java.util.Arrays;

/**
 * How a trajectory is observed: the sampling clock and its faults. Immutable; build with {@link
 * #builder()}.
 *
 * <ul>
 *   <li><b>Period and jitter.</b> Sampling ticks start at time 0; each interval between ticks is
 *       {@code period × (1 + jitter × u)}, {@code u} uniform in [−1, 1), so intervals lie in
 *       [(1 − jitter) period, (1 + jitter) period) with mean {@code period}.
 *   <li><b>Bernoulli drops.</b> Each tick is lost with probability {@link #dropRate()}.
 *   <li><b>Burst drops.</b> Outside a burst, each tick starts one with probability {@link
 *       #burstRate()}; the burst loses that tick and the next ones, {@code L} ticks in all, with
 *       {@code L} geometric on {1, 2, …} with mean {@link #burstLength()} (a two-state
 *       Gilbert-Elliott channel). A burst that starts on the tick right after another looks like
 *       one longer run.
 *   <li><b>Noise.</b> Each kept value gets Gaussian noise with standard deviation {@link
 *       #noise()}, either relative (times the channel's typical standard deviation on the
 *       attractor, the default) or absolute (in the channel's units).
 *   <li><b>Partial observation.</b> Only the listed system channels are kept, in the order given.
 * </ul>
 *
 * Lost ticks are simply absent from the output, which makes its gaps irregular.
 */
public final class Sampling {

    private final double period;
    private final double jitter;
    private final double dropRate;
    private final double burstRate;
    private final double burstLength;
    private final double noise;
    private final boolean relativeNoise;
    private final int[] channels;

    private Sampling(Builder b) {
        Checks.requireArgument(b.period > 0 && Double.isFinite(b.period),
                "period must be positive and finite: %s", b.period);
        Checks.requireArgument(b.jitter >= 0 && b.jitter < 1,
                "jitter must be in [0, 1): %s", b.jitter);
        Checks.requireArgument(b.dropRate >= 0 && b.dropRate < 1,
                "drop rate must be in [0, 1): %s", b.dropRate);
        Checks.requireArgument(b.burstRate >= 0 && b.burstRate < 1,
                "burst rate must be in [0, 1): %s", b.burstRate);
        Checks.requireArgument(b.burstLength >= 1 && Double.isFinite(b.burstLength),
                "mean burst length must be at least 1 tick: %s", b.burstLength);
        Checks.requireArgument(b.noise >= 0 && Double.isFinite(b.noise),
                "noise must be finite and non-negative: %s", b.noise);
        if (b.channels != null) {
            Checks.requireArgument(b.channels.length > 0, "the observed channel subset is empty");
            for (int i = 0; i < b.channels.length; i++) {
                Checks.requireArgument(b.channels[i] >= 0,
                        "observed channel must be non-negative: %s", b.channels[i]);
                for (int j = 0; j < i; j++) {
                    Checks.requireArgument(b.channels[i] != b.channels[j],
                            "observed channel %s is listed twice", b.channels[i]);
                }
            }
        }
        this.period = b.period;
        this.jitter = b.jitter;
        this.dropRate = b.dropRate;
        this.burstRate = b.burstRate;
        this.burstLength = b.burstLength;
        this.noise = b.noise;
        this.relativeNoise = b.relativeNoise;
        this.channels = b.channels == null ? null : b.channels.clone();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Regular sampling at {@code period}, no faults, every channel. */
    public static Sampling regular(double period) {
        return builder().period(period).build();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.period = period;
        b.jitter = jitter;
        b.dropRate = dropRate;
        b.burstRate = burstRate;
        b.burstLength = burstLength;
        b.noise = noise;
        b.relativeNoise = relativeNoise;
        b.channels = channels == null ? null : channels.clone();
        return b;
    }

    public double period() {
        return period;
    }

    public double jitter() {
        return jitter;
    }

    public double dropRate() {
        return dropRate;
    }

    public double burstRate() {
        return burstRate;
    }

    public double burstLength() {
        return burstLength;
    }

    public double noise() {
        return noise;
    }

    /** Whether {@link #noise()} is relative to each channel's typical standard deviation. */
    public boolean relativeNoise() {
        return relativeNoise;
    }

    /** The observed system channels in output order, or empty for all of them. */
    public int[] channels() {
        return channels == null ? new int[0] : channels.clone();
    }

    /** The observed channels of a system with {@code dimension} channels, checked against it. */
    int[] observed(int dimension) {
        if (channels == null) {
            int[] all = new int[dimension];
            Arrays.setAll(all, i -> i);
            return all;
        }
        for (int c : channels) {
            Checks.requireArgument(c < dimension,
                    "observed channel %s is out of range for a system with %s channels",
                    c, dimension);
        }
        return channels.clone();
    }

    @Override
    public String toString() {
        return String.format(
                "Sampling{period=%s, jitter=%s, dropRate=%s, burstRate=%s, burstLength=%s,"
                        + " noise=%s (%s), channels=%s}",
                period, jitter, dropRate, burstRate, burstLength, noise,
                relativeNoise ? "relative" : "absolute",
                channels == null ? "all" : Arrays.toString(channels));
    }

    /** Builds a {@link Sampling}; every fault is off by default. */
    public static final class Builder {
        private double period = 1.0;
        private double jitter = 0.0;
        private double dropRate = 0.0;
        private double burstRate = 0.0;
        private double burstLength = 5.0;
        private double noise = 0.0;
        private boolean relativeNoise = true;
        private int[] channels = null;

        private Builder() {}

        /** Mean interval between sampling ticks, in model time units (default 1). */
        public Builder period(double period) {
            this.period = period;
            return this;
        }

        /** Relative interval jitter {@code j} in [0, 1) (default 0: a regular clock). */
        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /** Probability in [0, 1) that a tick is lost on its own (default 0). */
        public Builder dropRate(double dropRate) {
            this.dropRate = dropRate;
            return this;
        }

        /** Per-tick probability in [0, 1) that a burst of losses starts (default 0). */
        public Builder burstRate(double burstRate) {
            this.burstRate = burstRate;
            return this;
        }

        /** Mean number of ticks a burst loses, at least 1 (default 5). */
        public Builder burstLength(double meanTicks) {
            this.burstLength = meanTicks;
            return this;
        }

        /** Gaussian noise with std {@code sigma} × the channel's typical std (default 0). */
        public Builder noise(double sigma) {
            this.noise = sigma;
            this.relativeNoise = true;
            return this;
        }

        /** Gaussian noise with std {@code sigma} in the channel's own units. */
        public Builder absoluteNoise(double sigma) {
            this.noise = sigma;
            this.relativeNoise = false;
            return this;
        }

        /** Keeps only these system channels, in this order (default: all). */
        public Builder channels(int... channels) {
            this.channels = channels.clone();
            return this;
        }

        public Sampling build() {
            return new Sampling(this);
        }
    }
}
