package io.ltcflink.core.anomaly;

import io.ltcflink.core.Checks;

/*
 * Implementation notes
 *
 * Exponentially weighted recursive least squares [1, ch. 10] for M outputs sharing F features.
 * The state is one flat slice: the weights W (F x M, row-major by feature) then the inverse
 * correlation matrix P (F x F, symmetric). For features phi and targets y, one update is
 *
 *   e   = y - W' phi                   (a priori errors, one per output)
 *   k   = P phi / (lambda + phi' P phi)  (gain)
 *   W  += k e'
 *   P   = (P - k phi' P) / lambda
 *
 * lambda in (0, 1] forgets old data with a memory of about 1 / (1 - lambda) records. With
 * lambda < 1 and features that stop exciting some direction (a flat signal), P grows without bound
 * in that direction ("covariance wind-up" [2]); the division by lambda is therefore skipped while
 * trace(P) exceeds a bound, which freezes forgetting instead of letting P explode. The update keeps
 * P symmetric by writing (P + P') / 2 of the new value, so rounding does not accumulate asymmetry.
 *
 * Cost per update: O(F^2 + F M); nothing is allocated (the caller passes an F-vector scratch).
 *
 * [1] S. Haykin, Adaptive Filter Theory, 4th ed., Prentice Hall, 2002.
 * [2] K. J. Astrom and B. Wittenmark, Adaptive Control, 2nd ed., Addison-Wesley, 1995, 11.2.
 */

/** Static kernels of recursive least squares over a slice of a caller's state array. */
public final class RecursiveLeastSquares {

    private RecursiveLeastSquares() {}

    /** The length of the state slice for {@code features} features and {@code outputs} outputs. */
    public static int stateSize(int features, int outputs) {
        Checks.requireArgument(features >= 1 && outputs >= 1,
                "features and outputs must be positive: %s, %s", features, outputs);
        return features * outputs + features * features;
    }

    /**
     * Zero weights and {@code P = p0 I}. Modified: state[off, off + stateSize).
     *
     * @param p0 the initial variance of every weight; large values trust the first records more
     */
    public static void initialise(double[] state, int off, int features, int outputs, double p0) {
        Checks.requireArgument(p0 > 0 && Double.isFinite(p0), "p0 must be positive: %s", p0);
        int size = stateSize(features, outputs);
        java.util.Arrays.fill(state, off, off + size, 0.0);
        int p = off + features * outputs;
        for (int i = 0; i < features; i++) {
            state[p + i * features + i] = p0;
        }
    }

    /** {@code out = W' phi}. Not modified: state, phi. Modified: out[0, outputs). */
    public static void predict(double[] state, int off, int features, int outputs, double[] phi,
            double[] out) {
        for (int m = 0; m < outputs; m++) {
            double y = 0;
            for (int i = 0; i < features; i++) {
                y += state[off + i * outputs + m] * phi[i];
            }
            out[m] = y;
        }
    }

    /** {@code phi' P phi}, the leverage of {@code phi}. Not modified: state, phi. */
    public static double leverage(double[] state, int off, int features, int outputs,
            double[] phi) {
        int p = off + features * outputs;
        double s = 0;
        for (int i = 0; i < features; i++) {
            double a = 0;
            for (int j = 0; j < features; j++) {
                a += state[p + i * features + j] * phi[j];
            }
            s += phi[i] * a;
        }
        return s;
    }

    /**
     * One update towards targets {@code y}.
     *
     * @param lambda the forgetting factor, in (0, 1]
     * @param maxTrace forgetting pauses while trace(P) is above this bound
     * @param scratch at least {@code features} long. Modified.
     * Modified: state[off, off + stateSize). Not modified: phi, y.
     */
    public static void update(double[] state, int off, int features, int outputs, double[] phi,
            double[] y, double lambda, double maxTrace, double[] scratch) {
        int p = off + features * outputs;
        double den = lambda;
        for (int i = 0; i < features; i++) {
            double a = 0;
            for (int j = 0; j < features; j++) {
                a += state[p + i * features + j] * phi[j];
            }
            scratch[i] = a;
            den += phi[i] * a;
        }
        for (int m = 0; m < outputs; m++) {
            double e = y[m];
            for (int i = 0; i < features; i++) {
                e -= state[off + i * outputs + m] * phi[i];
            }
            for (int i = 0; i < features; i++) {
                state[off + i * outputs + m] += scratch[i] / den * e;
            }
        }
        double trace = 0;
        for (int i = 0; i < features; i++) {
            trace += state[p + i * features + i];
        }
        double scale = trace > maxTrace ? 1.0 : 1.0 / lambda;
        for (int i = 0; i < features; i++) {
            for (int j = i; j < features; j++) {
                double a = state[p + i * features + j] - scratch[i] * scratch[j] / den;
                double b = state[p + j * features + i] - scratch[j] * scratch[i] / den;
                double v = 0.5 * (a + b) * scale;
                state[p + i * features + j] = v;
                state[p + j * features + i] = v;
            }
        }
    }
}
