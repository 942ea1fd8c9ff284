package io.ltcflink.core.cell;

/*
 * Implementation notes
 *
 * σ(z) = 1 / (1 + e^{−z}). Math.exp is an intrinsic but a scalar call, so a loop around it does not
 * vectorise. Here e^x is computed with arithmetic only: x is clamped to [−40, 40] (σ is then within
 * 4e-18 of 0 or 1), scaled by 2^−8, expanded as a degree-11 Taylor polynomial (truncation error
 * below 5e-19 relative for |x/256| ≤ 0.157, so rounding dominates: a few units in the last place)
 * and squared 8 times, which multiplies the relative error by 256: at most about 6e-14 on e^x and
 * 1.2e-14 absolute on σ (measured over [−60, 60]). That is close enough to reproduce ncps's float64
 * results to 1e-12 like the exact mode. Only multiplies, adds, min/max and one divide: a counted
 * loop of these compiles to SIMD on x86 and ARM.
 */

/** An allocation-free, vectorisable approximation of the logistic sigmoid. */
final class FastSigmoid {

    private FastSigmoid() {}

    static final double CLAMP = 40.0;

    /** {@code e^x} for {@code x} in [−40, 40], relative error below about 6e-14. */
    static double exp(double x) {
        return pow256(taylor11(x * (1.0 / 256.0)));
    }

    /** The degree-11 Taylor polynomial of {@code e^y}. */
    static double taylor11(double y) {
        return 1.0 + y * (1.0 + y * (0.5 + y * (1.0 / 6 + y * (1.0 / 24 + y * (1.0 / 120
                + y * (1.0 / 720 + y * (1.0 / 5040 + y * (1.0 / 40320 + y * (1.0 / 362880
                + y * (1.0 / 3628800 + y * (1.0 / 39916800)))))))))));
    }

    /** {@code p^256} by eight squarings. */
    static double pow256(double p) {
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        p *= p;
        return p;
    }

    /**
     * {@code out[k] = σ(a[k]·x[k] − b[k])} for {@code k < length}, in flat passes that C2
     * vectorises (each loop touches its arrays at the same index only).
     *
     * @param a slopes. Not modified.
     * @param b offsets. Not modified.
     * @param x arguments. Not modified.
     * @param out results (also used as scratch). Modified.
     */
    static void sigmoidOfAffine(double[] a, double[] b, double[] x, double[] out, int length) {
        for (int k = 0; k < length; k++) {
            out[k] = Math.min(CLAMP, Math.max(-CLAMP, b[k] - a[k] * x[k])) * (1.0 / 256.0);
        }
        for (int k = 0; k < length; k++) {
            out[k] = taylor11(out[k]);
        }
        for (int k = 0; k < length; k++) {
            out[k] = 1.0 / (1.0 + pow256(out[k]));
        }
    }

    /** σ(z) via {@link #exp}, with {@code −z} clamped to [−40, 40]. */
    static double sigmoid(double z) {
        double x = Math.min(CLAMP, Math.max(-CLAMP, -z));
        return 1.0 / (1.0 + exp(x));
    }
}
