package io.ltcflink.core.ode;

/**
 * A first-order ordinary differential equation {@code dy/dt = f(t, y)}: the problem, kept apart
 * from the tableau and the stepping engine that integrate it.
 *
 * <p>Implementations may hold per-step constants (an LTC's input drive, for instance) and are then
 * not thread-safe; say so where it applies.
 */
public interface OdeSystem {

    /** The dimension of {@code y}. */
    int dimension();

    /**
     * Computes {@code yDot = f(t, y)}.
     *
     * @param t the time (autonomous systems ignore it)
     * @param y the state, length {@link #dimension()}. Not modified.
     * @param yDot receives the derivative, length {@link #dimension()}. Modified.
     */
    void derivative(double t, double[] y, double[] yDot);
}
