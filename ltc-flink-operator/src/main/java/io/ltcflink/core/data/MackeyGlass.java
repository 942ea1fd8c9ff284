package io.ltcflink.core.data;

import io.ltcflink.core.Checks;

/**
 * The Mackey-Glass delay equation {@code x' = β x(t−τ) / (1 + x(t−τ)^n) − γ x}; with τ = 17,
 * β = 0.2, γ = 0.1, n = 10 (the NeuroBench settings) it is chaotic (Mackey &amp; Glass 1977,
 * "Oscillation and chaos in physiological control systems", Science 197). Immutable.
 */
final class MackeyGlass implements DynamicalSystem {

    static final MackeyGlass NEUROBENCH = new MackeyGlass(17.0, 0.2, 0.1, 10);

    private final double tau;
    private final double beta;
    private final double gamma;
    private final int n;

    MackeyGlass(double tau, double beta, double gamma, int n) {
        Checks.requireArgument(tau > 0 && Double.isFinite(tau), "tau must be positive: %s", tau);
        Checks.requireArgument(beta > 0 && gamma > 0,
                "beta and gamma must be positive: beta=%s gamma=%s", beta, gamma);
        Checks.requireArgument(n >= 1, "n must be positive: %s", n);
        this.tau = tau;
        this.beta = beta;
        this.gamma = gamma;
        this.n = n;
    }

    double beta() {
        return beta;
    }

    /** The same system with {@code β} scaled by {@code 1 + relative} (same delay). */
    MackeyGlass withBetaScaledBy(double relative) {
        return new MackeyGlass(tau, beta * (1.0 + relative), gamma, n);
    }

    @Override
    public int dimension() {
        return 1;
    }

    @Override
    public double delay() {
        return tau;
    }

    @Override
    public void derivative(double t, double[] y, double[] lagged, double[] yDot) {
        double xl = lagged[0];
        yDot[0] = beta * xl / (1.0 + powInt(xl, n)) - gamma * y[0];
    }

    /** {@code x^n} by repeated squaring: exact to rounding and the same on every JVM. */
    static double powInt(double x, int n) {
        double result = 1.0;
        double base = x;
        for (int e = n; e > 0; e >>= 1) {
            if ((e & 1) != 0) {
                result *= base;
            }
            base *= base;
        }
        return result;
    }

    @Override
    public String toString() {
        return String.format("MackeyGlass{tau=%s, beta=%s, gamma=%s, n=%s}", tau, beta, gamma, n);
    }
}
