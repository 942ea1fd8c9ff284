package io.ltcflink.core.data;

import io.ltcflink.core.Checks;

/**
 * The Lorenz-63 system {@code x' = σ(y − x), y' = x(ρ − z) − y, z' = xy − βz}; with the classic
 * parameters σ = 10, ρ = 28, β = 8/3 it is chaotic (Lorenz 1963, "Deterministic nonperiodic
 * flow", J. Atmos. Sci. 20). Immutable.
 */
final class Lorenz63 implements DynamicalSystem {

    static final Lorenz63 CLASSIC = new Lorenz63(10.0, 28.0, 8.0 / 3.0);

    private final double sigma;
    private final double rho;
    private final double beta;

    Lorenz63(double sigma, double rho, double beta) {
        Checks.requireArgument(sigma > 0 && rho > 0 && beta > 0,
                "Lorenz parameters must be positive: sigma=%s rho=%s beta=%s", sigma, rho, beta);
        this.sigma = sigma;
        this.rho = rho;
        this.beta = beta;
    }

    double rho() {
        return rho;
    }

    /** The same system with {@code ρ} scaled by {@code 1 + relative}. */
    Lorenz63 withRhoScaledBy(double relative) {
        return new Lorenz63(sigma, rho * (1.0 + relative), beta);
    }

    @Override
    public int dimension() {
        return 3;
    }

    @Override
    public void derivative(double t, double[] y, double[] lagged, double[] yDot) {
        double x = y[0];
        double v = y[1];
        double z = y[2];
        yDot[0] = sigma * (v - x);
        yDot[1] = x * (rho - z) - v;
        yDot[2] = x * v - beta * z;
    }

    @Override
    public String toString() {
        return String.format("Lorenz63{sigma=%s, rho=%s, beta=%s}", sigma, rho, beta);
    }
}
