package io.ltcflink.core.data;

import io.ltcflink.core.Checks;
import io.ltcflink.core.ode.ButcherTableau;
import io.ltcflink.core.ode.ExplicitRungeKutta;
import io.ltcflink.core.ode.OdeSystem;

/**
 * A finely integrated trajectory of a {@link DynamicalSystem} that can be read at any time in a
 * short window behind its front, with memory bounded by the delay: the fine stepper behind the
 * generator.
 *
 * <p>Not thread-safe: one instance per generated stream.
 */
final class DenseTrajectory {

    /*
     * Implementation notes.
     *
     * Grid. Time starts at 0; grid point k is t_k = k h (computed, never accumulated). Classical
     * RK4 (ButcherTableau.RK4 on the shared ExplicitRungeKutta engine) advances y_k to y_{k+1}.
     * After each step f_{k+1} = f(t_{k+1}, y_{k+1}, y(t_{k+1} − τ)) is stored beside y_{k+1}.
     *
     * Dense output. Between grid points the trajectory is the cubic Hermite interpolant of
     * (y_k, f_k) and (y_{k+1}, f_{k+1}), θ = (t − t_k)/h:
     *   y(t) = (2θ³ − 3θ² + 1) y_k + (θ³ − 2θ² + θ) h f_k
     *        + (−2θ³ + 3θ²) y_{k+1} + (θ³ − θ²) h f_{k+1}
     * Its error is O(h⁴), the same order as RK4's global error, so sampling at arbitrary times
     * costs no accuracy [2, §II.6].
     *
     * Delay. For τ > 0 the step is set to h = τ/m with m = ceil(τ/h_max), so that the stage
     * times t_k + c_i h − τ of RK4 land on grid points (c = 0, 1) or midpoints (c = 1/2) of the
     * past. The delayed value comes from the same Hermite interpolant: this is the method of
     * steps with a continuous extension [1, ch. 4], which keeps order 4 as long as h ≤ τ. Before
     * t = 0 the history is constant, equal to the initial state. A ring buffer keeps the last
     * m + 4 grid points: enough for every lookup, so memory stays bounded however long the run.
     *
     * [1] A. Bellen, M. Zennaro, "Numerical Methods for Delay Differential Equations", Oxford
     *     University Press, 2003.
     * [2] E. Hairer, S. P. Nørsett, G. Wanner, "Solving Ordinary Differential Equations I",
     *     2nd ed., Springer, 1993.
     */

    private final int dimension;
    private final double step;
    private final double delay;
    private final double[] initial;
    private final int capacity;
    private final double[][] ys;
    private final double[][] fs;
    private final ExplicitRungeKutta rk4;
    private final Adapter adapter = new Adapter();
    private final double[] lagged;
    private final double[] scratch;
    private DynamicalSystem system;
    private long front;

    /**
     * @param system the problem
     * @param initial the state at time 0, and the constant history before it (copied)
     * @param maxStep the largest allowed fine step; for a delay system the step is the largest
     *     {@code τ/m ≤ maxStep}
     */
    DenseTrajectory(DynamicalSystem system, double[] initial, double maxStep) {
        Checks.requireLength(initial, system.dimension(), "initial state");
        Checks.requireFinite(initial, "initial state");
        Checks.requireArgument(maxStep > 0 && Double.isFinite(maxStep),
                "fine step must be positive: %s", maxStep);
        double tau = system.delay();
        Checks.requireArgument(tau >= 0 && Double.isFinite(tau),
                "delay must be finite and >= 0: %s", tau);
        this.dimension = system.dimension();
        this.delay = tau;
        int m = tau > 0 ? (int) Math.ceil(tau / maxStep) : 0;
        this.step = tau > 0 ? tau / m : maxStep;
        this.capacity = m + 4;
        this.initial = initial.clone();
        this.ys = new double[capacity][dimension];
        this.fs = new double[capacity][dimension];
        this.rk4 = new ExplicitRungeKutta(ButcherTableau.RK4, dimension);
        this.lagged = new double[dimension];
        this.scratch = new double[dimension];
        this.system = system;
        this.front = 0;
        System.arraycopy(initial, 0, ys[0], 0, dimension);
        derivativeAt(0, ys[0], fs[0]);
    }

    /** The fine step actually used. */
    double step() {
        return step;
    }

    /** The time of the newest grid point. */
    double front() {
        return front * step;
    }

    /** The earliest time {@link #valueAt} can still read. */
    double earliest() {
        return front < capacity - 1 ? Double.NEGATIVE_INFINITY : (front - capacity + 2) * step;
    }

    /**
     * Replaces the system from the newest grid point on (a change of dynamics); the new system
     * must have the same dimension and delay.
     */
    void switchTo(DynamicalSystem next) {
        Checks.requireArgument(next.dimension() == dimension && next.delay() == delay,
                "a switched system needs dimension %s and delay %s but has %s and %s",
                dimension, delay, next.dimension(), next.delay());
        this.system = next;
    }

    /** Steps until the newest grid point is at or after {@code t}. */
    void advanceTo(double t) {
        while (front * step < t) {
            stepOnce();
        }
    }

    private void stepOnce() {
        int cur = slot(front);
        int nxt = slot(front + 1);
        double t = front * step;
        double[] y = ys[nxt];
        System.arraycopy(ys[cur], 0, y, 0, dimension);
        rk4.step(adapter, t, y, step);
        front++;
        derivativeAt(front * step, y, fs[nxt]);
    }

    private void derivativeAt(double t, double[] y, double[] out) {
        if (delay == 0.0) {
            system.derivative(t, y, y, out);
        } else {
            valueAt(t - delay, lagged);
            system.derivative(t, y, lagged, out);
        }
    }

    /**
     * The trajectory at {@code t}, which must lie in [{@link #earliest()}, {@link #front()}];
     * times before 0 read the constant initial history. Modified: out.
     */
    void valueAt(double t, double[] out) {
        if (t <= 0.0) {
            System.arraycopy(initial, 0, out, 0, dimension);
            return;
        }
        long k = (long) Math.floor(t / step);
        if (k >= front) {
            if (t > front * step + 1e-9 * step) {
                throw new IllegalStateException(String.format(
                        "time %s is ahead of the integrated front %s", t, front * step));
            }
            System.arraycopy(ys[slot(front)], 0, out, 0, dimension);
            return;
        }
        if (front - k >= capacity - 1) {
            // Checked by hand, not with Checks, to keep boxing off this inner-loop path.
            throw new IllegalStateException(String.format(
                    "time %s has left the history window (front %s, %s points kept)",
                    t, front * step, capacity));
        }
        double theta = (t - k * step) / step;
        double t2 = theta * theta;
        double t3 = t2 * theta;
        double h00 = 2 * t3 - 3 * t2 + 1;
        double h10 = (t3 - 2 * t2 + theta) * step;
        double h01 = -2 * t3 + 3 * t2;
        double h11 = (t3 - t2) * step;
        double[] y0 = ys[slot(k)];
        double[] f0 = fs[slot(k)];
        double[] y1 = ys[slot(k + 1)];
        double[] f1 = fs[slot(k + 1)];
        for (int i = 0; i < dimension; i++) {
            out[i] = h00 * y0[i] + h10 * f0[i] + h01 * y1[i] + h11 * f1[i];
        }
    }

    private int slot(long k) {
        return (int) (k % capacity);
    }

    /** The system as an ODE in (t, y), delayed values read from the buffer. */
    private final class Adapter implements OdeSystem {
        @Override
        public int dimension() {
            return dimension;
        }

        @Override
        public void derivative(double t, double[] y, double[] yDot) {
            if (delay == 0.0) {
                system.derivative(t, y, y, yDot);
            } else {
                valueAt(t - delay, scratch);
                system.derivative(t, y, scratch, yDot);
            }
        }
    }
}
