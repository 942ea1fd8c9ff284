package io.ltcflink.core.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The systems the generator knows, with the settings it integrates and samples them with: the
 * fine step, the burn-in discarded before time 0, the default sampling period, how a stream's
 * random start is drawn, which parameter a dynamics change scales, and each channel's typical
 * standard deviation (the unit of relative noise and anomaly magnitudes).
 */
public enum SystemKind {

    /**
     * Lorenz-63, σ = 10, ρ = 28, β = 8/3; channels x, y, z. RK4 step 0.01, burn-in 50, sampled
     * every 0.05 (about 22 samples per Lyapunov time, λ ≈ 0.906). Start: x, y uniform in
     * [−15, 15], z in [5, 40]. A dynamics change scales ρ.
     */
    LORENZ("lorenz", 0.01, 50.0, 0.05) {
        @Override
        DynamicalSystem instance(SplittableRandom random) {
            return Lorenz63.CLASSIC;
        }

        @Override
        double[] initialState(SplittableRandom random) {
            return new double[] {
                -15 + 30 * random.nextDouble(), -15 + 30 * random.nextDouble(),
                5 + 35 * random.nextDouble()
            };
        }

        @Override
        DynamicalSystem changed(DynamicalSystem base, double magnitude) {
            return ((Lorenz63) base).withRhoScaledBy(magnitude);
        }

        @Override
        double[] scales(DynamicalSystem base) {
            // Standard deviations of x, y, z on the attractor, measured with this generator
            // over 2·10⁴ time units (seed 1); they match the values usually quoted.
            return new double[] {7.9, 9.0, 8.6};
        }
    },

    /**
     * Mackey-Glass, τ = 17, β = 0.2, γ = 0.1, n = 10 (the NeuroBench settings); one channel.
     * RK4 step τ/170 = 0.1 with a Hermite-interpolated history, burn-in 1000, sampled every 1.
     * Start: a constant history uniform in [0.5, 1.3]. A dynamics change scales β.
     */
    MACKEY_GLASS("mackey-glass", 0.1, 1000.0, 1.0) {
        @Override
        DynamicalSystem instance(SplittableRandom random) {
            return MackeyGlass.NEUROBENCH;
        }

        @Override
        double[] initialState(SplittableRandom random) {
            return new double[] {0.5 + 0.8 * random.nextDouble()};
        }

        @Override
        DynamicalSystem changed(DynamicalSystem base, double magnitude) {
            return ((MackeyGlass) base).withBetaScaledBy(magnitude);
        }

        @Override
        double[] scales(DynamicalSystem base) {
            // Measured with this generator over 2·10⁵ time units (seed 1).
            return new double[] {0.226};
        }
    },

    /**
     * The damped driven oscillator {@code x'' + 2ζωx' + ω²x = A cos(Ωt + φ)}, ζ = 0.1, ω = 1,
     * A = 1, Ω = 0.7; channels x, v. RK4 step 0.01, burn-in 150 (transients decay like
     * {@code e^{−ζωt}}, so by {@code e^{−15}}), sampled every 0.25. Start: a random forcing phase
     * φ in [0, 2π), then x, v uniform in [−1, 1]. A dynamics change scales ω.
     */
    OSCILLATOR("oscillator", 0.01, 150.0, 0.25) {
        @Override
        DynamicalSystem instance(SplittableRandom random) {
            return DampedOscillator.DEFAULT.withPhase(2 * Math.PI * random.nextDouble());
        }

        @Override
        double[] initialState(SplittableRandom random) {
            return new double[] {-1 + 2 * random.nextDouble(), -1 + 2 * random.nextDouble()};
        }

        @Override
        DynamicalSystem changed(DynamicalSystem base, double magnitude) {
            return ((DampedOscillator) base).withOmegaScaledBy(magnitude);
        }

        @Override
        double[] scales(DynamicalSystem base) {
            // A sinusoid of amplitude R has standard deviation R/√2; v has amplitude RΩ.
            DampedOscillator o = (DampedOscillator) base;
            double r = o.steadyAmplitude();
            return new double[] {r / Math.sqrt(2), r * o.drive() / Math.sqrt(2)};
        }
    };

    private final String id;
    private final double fineStep;
    private final double burnIn;
    private final double defaultPeriod;

    SystemKind(String id, double fineStep, double burnIn, double defaultPeriod) {
        this.id = id;
        this.fineStep = fineStep;
        this.burnIn = burnIn;
        this.defaultPeriod = defaultPeriod;
    }

    /** The name used on the command line and in files. */
    public String id() {
        return id;
    }

    /** The number of channels. */
    public int dimension() {
        return instance(new SplittableRandom(0)).dimension();
    }

    /** The system with its default parameters. */
    public DynamicalSystem system() {
        return instance(new SplittableRandom(0));
    }

    /** The burn-in discarded before observation time 0, in model time units. */
    public double burnIn() {
        return burnIn;
    }

    /** The sampling period used when none is configured. */
    public double defaultPeriod() {
        return defaultPeriod;
    }

    /** The kind named {@code name} (case-insensitive); the error lists the valid names. */
    public static SystemKind parse(String name) {
        if (name != null) {
            String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (SystemKind kind : values()) {
                if (kind.id.equals(key)) {
                    return kind;
                }
            }
        }
        throw new IllegalArgumentException(String.format(
                "unknown system '%s': expected one of %s", name,
                Arrays.stream(values()).map(SystemKind::id).collect(Collectors.joining(", "))));
    }

    double fineStep() {
        return fineStep;
    }

    /** This stream's system (the oscillator draws its forcing phase here). */
    abstract DynamicalSystem instance(SplittableRandom random);

    /** A random initial state (for a delay system: the constant history). */
    abstract double[] initialState(SplittableRandom random);

    /** {@code base} with its main parameter multiplied by {@code 1 + magnitude}. */
    abstract DynamicalSystem changed(DynamicalSystem base, double magnitude);

    /** Each channel's typical standard deviation on the attractor. */
    abstract double[] scales(DynamicalSystem base);
}
