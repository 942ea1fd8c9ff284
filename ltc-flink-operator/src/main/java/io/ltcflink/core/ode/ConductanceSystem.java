package io.ltcflink.core.ode;

/**
 * An ODE in conductance form: {@code C_i dy_i/dt = α_i(y) − β_i(y)·y_i}, with capacitances
 * {@code C > 0}, drives {@code α} and conductances {@code β ≥ 0} that may depend on the whole state.
 *
 * <p>This is the form of a leaky-integrator neuron with conductance-based synapses, and the form
 * the semi-implicit (fused) Euler step needs: it treats the term linear in {@code y_i} implicitly
 * and the gates {@code α, β} explicitly. {@link #derivative} is always {@code (α − β∘y) / C}.
 */
public interface ConductanceSystem extends OdeSystem {

    /** Capacitance {@code C_i}; positive. */
    double capacitance(int i);

    /**
     * Writes the drives and conductances at state {@code y}.
     *
     * @param y the state. Not modified.
     * @param alpha receives {@code α(y)}. Modified.
     * @param beta receives {@code β(y)}. Modified.
     */
    void conductances(double[] y, double[] alpha, double[] beta);
}
