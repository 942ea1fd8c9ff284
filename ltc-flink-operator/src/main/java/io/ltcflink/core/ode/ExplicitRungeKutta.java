package io.ltcflink.core.ode;

import io.ltcflink.core.Checks;

/**
 * The stepping engine for any explicit {@link ButcherTableau}: a lightweight, allocation-free
 * single step that can sit inside a cell's unfold loop.
 *
 * <p>Holds its stage buffers, so an instance is not thread-safe: use one per thread.
 */
public final class ExplicitRungeKutta {

    private final ButcherTableau tableau;
    private final int dimension;
    private final double[][] k;
    private final double[] stage;

    public ExplicitRungeKutta(ButcherTableau tableau, int dimension) {
        Checks.requireArgument(dimension >= 1, "dimension must be positive: %s", dimension);
        this.tableau = tableau;
        this.dimension = dimension;
        this.k = new double[tableau.stages()][dimension];
        this.stage = new double[dimension];
    }

    public ButcherTableau tableau() {
        return tableau;
    }

    /**
     * Advances {@code y} from {@code t} to {@code t + h}: {@code y ← y + h Σ b_i k_i} with
     * {@code k_i = f(t + c_i h, y + h Σ_j a_ij k_j)}.
     *
     * @param system the problem; its dimension must equal this engine's
     * @param t the time at the start of the step
     * @param y the state. Modified in place.
     * @param h the step size
     */
    public void step(OdeSystem system, double t, double[] y, double h) {
        int s = tableau.stages();
        int n = dimension;
        for (int i = 0; i < s; i++) {
            double[] yi;
            if (i == 0) {
                yi = y;
            } else {
                System.arraycopy(y, 0, stage, 0, n);
                for (int j = 0; j < i; j++) {
                    double aij = tableau.a(i, j);
                    if (aij != 0.0) {
                        double[] kj = k[j];
                        double ha = h * aij;
                        for (int m = 0; m < n; m++) {
                            stage[m] += ha * kj[m];
                        }
                    }
                }
                yi = stage;
            }
            system.derivative(t + tableau.c(i) * h, yi, k[i]);
        }
        for (int i = 0; i < s; i++) {
            double hb = h * tableau.b(i);
            double[] ki = k[i];
            for (int m = 0; m < n; m++) {
                y[m] += hb * ki[m];
            }
        }
    }

    /** Integrates {@code steps} equal steps of size {@code h} from {@code t}. Modified: y. */
    public void integrate(OdeSystem system, double t, double[] y, double h, int steps) {
        for (int i = 0; i < steps; i++) {
            step(system, t + i * h, y, h);
        }
    }
}
