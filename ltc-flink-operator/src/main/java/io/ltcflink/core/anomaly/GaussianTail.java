package io.ltcflink.core.anomaly;

import io.ltcflink.core.cell.Erf;

/*
 * Implementation notes
 *
 * Q(z) = P(Z > z) for a standard normal Z. Below z = 5 it is (1 - erf(z / sqrt 2)) / 2 from the
 * one-ulp Erf of the cell package: at z = 5, 1 - erf loses about 1e-16 / 6e-7 = 2e-10 of relative
 * accuracy, which is plenty. Above, Q(z) = phi(z) R(z) with phi the normal density and R the Mills
 * ratio, evaluated by Laplace's continued fraction [1]
 *
 *   R(z) = 1 / (z + 1 / (z + 2 / (z + 3 / (z + ...))))
 *
 * truncated after 60 levels, which converges to double precision for z >= 5. The log form keeps
 * tails far below Double.MIN_VALUE distinct: -log10 Q(40) is about 349.
 *
 * [1] M. Abramowitz and I. A. Stegun, Handbook of Mathematical Functions, 1964, 26.2.14.
 */

/** The upper tail of the standard normal distribution, in plain and in log form. */
public final class GaussianTail {

    private static final double SQRT1_2 = 0.7071067811865476;
    private static final double LOG_SQRT_2PI = 0.9189385332046728;
    private static final double SPLIT = 5.0;
    private static final int FRACTION_LEVELS = 60;

    private GaussianTail() {}

    /** {@code Q(z) = P(Z > z)}; 1 at −∞, 0.5 at 0, 0 at +∞; NaN for NaN. */
    public static double upper(double z) {
        if (z < SPLIT) {
            return 0.5 * (1.0 - Erf.erf(z * SQRT1_2));
        }
        return Math.exp(lnUpperFar(z));
    }

    /** {@code −log10 Q(z)}: 0 at −∞, about 0.301 at 0, growing like {@code z² / (2 ln 10)}. */
    public static double surprise(double z) {
        if (z < SPLIT) {
            return -Math.log10(upper(z));
        }
        return -lnUpperFar(z) / Math.log(10);
    }

    /** ln Q(z) for z >= SPLIT from the density and the Mills ratio. */
    private static double lnUpperFar(double z) {
        if (z == Double.POSITIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        double t = z;
        for (int k = FRACTION_LEVELS; k >= 1; k--) {
            t = z + k / t;
        }
        return -0.5 * z * z - LOG_SQRT_2PI - Math.log(t);
    }
}
