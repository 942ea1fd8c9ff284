package io.ltcflink.core.ode;

import io.ltcflink.core.Checks;

/**
 * The fused semi-implicit Euler step of ncps for a {@link ConductanceSystem}: one sub-step of size
 * {@code h} treats the term linear in {@code y_i} at the new state and the gates at the old one,
 *
 * <pre>
 *   (C_i / h)(y_i' − y_i) = α_i(y) − β_i(y)·y_i'
 *   ⇒ y_i' = (C_i/h · y_i + α_i(y)) / (C_i/h + β_i(y) + ε)
 * </pre>
 *
 * With {@code C, β ≥ 0} the new value is a convex combination of the old one and the reversal
 * potentials, so the step is bounded for any {@code h}. First order. ε guards the division.
 *
 * <p>Holds its buffers: not thread-safe, one instance per thread. Allocates nothing per step.
 */
public final class SemiImplicitEuler {

    private final int dimension;
    private final double epsilon;
    private final double[] alpha;
    private final double[] beta;
    private final double[] capacitanceOverH;

    public SemiImplicitEuler(int dimension, double epsilon) {
        Checks.requireArgument(dimension >= 1, "dimension must be positive: %s", dimension);
        Checks.requireArgument(
                epsilon >= 0 && Double.isFinite(epsilon), "epsilon must be finite and >= 0: %s", epsilon);
        this.dimension = dimension;
        this.epsilon = epsilon;
        this.alpha = new double[dimension];
        this.beta = new double[dimension];
        this.capacitanceOverH = new double[dimension];
    }

    /**
     * One fused sub-step of size {@code h > 0}.
     *
     * @param y the state. Modified in place.
     */
    public void step(ConductanceSystem system, double[] y, double h) {
        integrate(system, y, h, 1);
    }

    /** {@code steps} equal fused sub-steps of size {@code h}. Modified: y. */
    public void integrate(ConductanceSystem system, double[] y, double h, int steps) {
        // C_i / h is the same in every sub-step: divide once, not once per sub-step
        double[] c = capacitanceOverH;
        for (int i = 0; i < dimension; i++) {
            c[i] = system.capacitance(i) / h;
        }
        for (int k = 0; k < steps; k++) {
            system.conductances(y, alpha, beta);
            for (int i = 0; i < dimension; i++) {
                y[i] = (c[i] * y[i] + alpha[i]) / (c[i] + beta[i] + epsilon);
            }
        }
    }
}
