package io.ltcflink.core.cell;

/*
 * Implementation notes
 *
 * σ(z) = 1 / (1 + e^{−z}). Math.exp is an intrinsic but a scalar call, so a loop around it does not
 * vectorise. Here e^x is computed with arithmetic only: x is raised to at least −40 (σ is then
 * within 4e-18 of 1), scaled by 2^−8, evaluated by a degree-9 polynomial (Chebyshev interpolation;
 * approximation error below 1.1e-17 relative for |x/256| ≤ 0.157, so rounding dominates: a few
 * units in the last place) and squared 8 times, which multiplies the relative error by 256: at most about 6e-14 on e^x and
 * 1.2e-14 absolute on σ (measured over [−60, 60]). That is close enough to reproduce ncps's float64
 * results to 1e-12 like the exact mode.
 *
 * Above 40 no clamp is needed: every coefficient is positive, so the polynomial only grows (to
 * +∞ at worst) and σ = 1 / (1 + e^x) falls below 4e-18 whatever its relative error. Below −40 the
 * clamp is needed: the truncated series of a large negative argument can turn negative, and an
 * even power of it would be huge. NaN stays NaN.
 *
 * Only fused multiply-adds, multiplies, one max and one divide per value: a counted loop of these
 * compiles to SIMD on x86 and ARM. The passes stay separate (affine + clamp, polynomial, squarings
 * and divide): one loop with the whole body measured slower, its registers spill.
 */

/** An allocation-free, vectorisable approximation of the logistic sigmoid. */
final class FastSigmoid {

    private FastSigmoid() {}

    static final double CLAMP = 40.0;

    /** {@code e^x} for {@code x} in [−40, 40], relative error below about 6e-14. */
    static double exp(double x) {
        return pow256(poly9(x * SCALE));
    }

    /**
     * A degree-9 polynomial for {@code e^y} on [−40/256, 40/256]: Chebyshev interpolation (ten
     * nodes, computed in 50-digit arithmetic, coefficients rounded to double), relative error
     * below 1.1e-17 there, under the rounding of its own evaluation. Two terms fewer than the
     * Taylor polynomial of the same accuracy (degree 11).
     */
    static double poly9(double y) {
        double p = 2.757261370669051e-06;
        p = Math.fma(p, y, 2.4818412010525654e-05);
        p = Math.fma(p, y, 1.9841266573751058e-04);
        p = Math.fma(p, y, 1.3888885294399066e-03);
        p = Math.fma(p, y, 8.33333333361825e-03);
        p = Math.fma(p, y, 4.166666666980095e-02);
        p = Math.fma(p, y, 0.1666666666666658);
        p = Math.fma(p, y, 0.49999999999999045);
        p = Math.fma(p, y, 1.0);
        return Math.fma(p, y, 1.0);
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

    /** The argument scale of the polynomial, 2^−8; scaling by it is exact. */
    static final double SCALE = 1.0 / 256.0;

    /**
     * {@code out[k] = σ(a[k]·x[k] − b[k])} for {@code k < length}, given {@code as = SCALE·a} and
     * {@code bs = SCALE·b} (callers scale their constants once; scaling by a power of two commutes
     * with rounding, so this equals scaling each argument). Flat passes that C2 vectorises: each
     * loop touches its arrays at the same index only.
     *
     * @param as scaled slopes. Not modified.
     * @param bs scaled offsets. Not modified.
     * @param x arguments. Not modified.
     * @param out results (also used as scratch). Modified.
     */
    static void sigmoidOfScaledAffine(double[] as, double[] bs, double[] x, double[] out,
            int length) {
        for (int k = 0; k < length; k++) {
            out[k] = Math.max(-CLAMP * SCALE, bs[k] - as[k] * x[k]);
        }
        for (int k = 0; k < length; k++) {
            out[k] = poly9(out[k]);
        }
        for (int k = 0; k < length; k++) {
            out[k] = 1.0 / (1.0 + pow256(out[k]));
        }
    }

    /** σ(z) via {@link #exp}, with {@code −z} raised to at least −40. */
    static double sigmoid(double z) {
        double x = Math.max(-CLAMP, -z);
        return 1.0 / (1.0 + exp(x));
    }
}
