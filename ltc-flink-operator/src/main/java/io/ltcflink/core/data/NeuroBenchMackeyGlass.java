package io.ltcflink.core.data;

/**
 * The NeuroBench chaotic-function-prediction protocol on Mackey-Glass (τ = 17, β = 0.2, γ = 0.1,
 * n = 10): regular sampling at 75 points per Lyapunov time, a training split of 750 points (10
 * Lyapunov times) and a test split of the next 750.
 *
 * <p>Lyapunov time: 197 time units, the value NeuroBench uses for τ = 17 (the default {@code
 * lyaptime} of {@code neurobench/datasets/mackey_glass.py} and the τ = 17 row of {@code
 * mackey_glass_parameters.csv}, github.com/NeuroBench/neurobench; Yik et al., "The neurobench
 * framework for benchmarking neuromorphic computing algorithms and systems", Nature
 * Communications 16, 2025). The sampling period is therefore 197/75 ≈ 2.627 time units.
 *
 * <p>The series are ours (RK4 with a Hermite history), not NeuroBench's stored file, so values
 * agree with it only statistically.
 */
public final class NeuroBenchMackeyGlass {

    /** Lyapunov time of Mackey-Glass at τ = 17, in model time units (NeuroBench's value). */
    public static final double LYAPUNOV_TIME = 197.0;

    public static final int POINTS_PER_LYAPUNOV_TIME = 75;

    /** The sampling period, {@code LYAPUNOV_TIME / POINTS_PER_LYAPUNOV_TIME}. */
    public static final double PERIOD = LYAPUNOV_TIME / POINTS_PER_LYAPUNOV_TIME;

    public static final int TRAIN_POINTS = 750;

    public static final int TEST_POINTS = 750;

    /** NeuroBench's constant initial history for τ = 17. */
    public static final double CONSTANT_PAST = 0.7206597;

    private NeuroBenchMackeyGlass() {}

    /**
     * NeuroBench's own set-up: constant history {@link #CONSTANT_PAST} and no burn-in, so the
     * series starts at the history's end, as theirs does.
     */
    public static Split reference() {
        return split(generator(0L).toBuilder().initialState(CONSTANT_PAST).burnIn(0.0).build());
    }

    /** A fresh instance: a random constant history from {@code seed} and the default burn-in. */
    public static Split seeded(long seed) {
        return split(generator(seed));
    }

    /**
     * The generator behind {@link #seeded(long)}: regular sampling at {@link #PERIOD}, {@code
     * TRAIN_POINTS + TEST_POINTS + 1} samples.
     */
    public static Generator generator(long seed) {
        return Generator.builder()
                .system(SystemKind.MACKEY_GLASS)
                .sampling(Sampling.regular(PERIOD))
                .samples(TRAIN_POINTS + TEST_POINTS + 1)
                .seed(seed)
                .build();
    }

    private static Split split(Generator generator) {
        return new Split(generator.generate());
    }

    /**
     * A generated protocol series: {@link #train()} is points [0, 750), {@link #test()} points
     * [750, 1500); {@link #all()} also holds point 1500, the one-step target of the last test
     * point.
     */
    public static final class Split {
        private final Series all;

        private Split(Series all) {
            this.all = all;
        }

        public Series all() {
            return all;
        }

        public Series train() {
            return all.slice(0, TRAIN_POINTS);
        }

        public Series test() {
            return all.slice(TRAIN_POINTS, TRAIN_POINTS + TEST_POINTS);
        }
    }
}
