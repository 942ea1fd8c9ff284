package io.ltcflink.core.data;

/**
 * A continuous-time system {@code dy/dt = f(t, y(t), y(t − τ))}: an ordinary differential equation
 * when {@link #delay()} is 0, a delay differential equation with one constant delay otherwise.
 *
 * <p>The problem only: integration (the fine stepper, the history buffer a delay needs, dense
 * output) lives in the generator. Implementations in this package are immutable and thread-safe.
 */
public interface DynamicalSystem {

    /** The dimension of {@code y}. */
    int dimension();

    /** The constant delay {@code τ ≥ 0}; 0 for an ordinary differential equation. */
    default double delay() {
        return 0.0;
    }

    /**
     * Computes {@code yDot = f(t, y(t), y(t − τ))}.
     *
     * @param t the time (autonomous systems ignore it)
     * @param y the state at {@code t}, length {@link #dimension()}. Not modified.
     * @param lagged the state at {@code t − τ}, length {@link #dimension()}; the same array as
     *     {@code y} when the delay is 0. Not modified.
     * @param yDot receives the derivative, length {@link #dimension()}. Modified.
     */
    void derivative(double t, double[] y, double[] lagged, double[] yDot);
}
