package io.ltcflink.core.cell;

/*
 * Implementation notes
 *
 * The error function erf(x) = 2/sqrt(pi) * integral_0^x exp(-t^2) dt, needed by the exact GELU
 * activation 0.5 x (1 + erf(x / sqrt 2)) that PyTorch's nn.GELU() computes [1]. The JDK has no erf,
 * so it is evaluated here from piecewise polynomials, in the classic structure of [2]:
 *
 *   |x| < 1        erf(x) = x + x * Q(x^2)
 *                  Q(t) = erf(sqrt t) / sqrt t - 1 is a degree-14 polynomial in t. Writing the
 *                  result as x plus a correction keeps the rounding error of Q from mattering: the
 *                  correction is at most 0.16 |x|.
 *   1 <= |x| < 6   erf(x) = 1 - exp(-x^2) R(x)
 *                  R(x) = erfc(x) exp(x^2) is smooth and slowly varying; it is a polynomial in
 *                  (x - midpoint) on each of [1, 1.5), [1.5, 2.25), [2.25, 3.25), [3.25, 6).
 *                  x^2 = hi + lo exactly (Math.fma), and exp(-x^2) = exp(-hi) (1 - lo), so the
 *                  rounding of x^2 (up to 36 ulp of relative error in exp at x = 6) is not felt.
 *                  erfc(x) <= 0.16 here, so its relative error is damped in 1 - erfc.
 *   |x| >= 6       erf(x) = sign(x): erfc(6) = 2.2e-17 is below half an ulp of 1.
 *
 * The coefficients are Chebyshev interpolants computed with 60-digit arithmetic and converted to
 * power series; src/test/resources/erf/make_erf_coefficients.py reproduces them and the reference
 * table ErfTest checks against. The worst relative error found, over 26,000 points in [0, 6.5]
 * emulated in binary64 and over the reference table in Java, is about 1.3e-16 (below one ulp).
 *
 * [1] D. Hendrycks and K. Gimpel, "Gaussian Error Linear Units (GELUs)", arXiv:1606.08415, 2016.
 * [2] W. J. Cody, "Rational Chebyshev approximations for the error function", Mathematics of
 *     Computation 23(107), 1969, pp. 631-637 (the split into erf and erfc ranges).
 */

/** The error function, accurate to about one ulp; allocation-free and thread-safe. */
public final class Erf {

    /** 1 / sqrt(2), rounded to the nearest double (C's M_SQRT1_2, as used by PyTorch's GELU). */
    static final double SQRT1_2 = 0.7071067811865476;

    private static final double[] Q = {
        0.1283791670955126,
        -0.37612638903183754,
        0.11283791670955126,
        -0.026866170645131218,
        0.005223977625441674,
        -0.0008548327023403001,
        0.00012055332978879483,
        -1.4925650236967501e-05,
        1.6462110782018636e-06,
        -1.636576864883207e-07,
        1.4806027146128752e-08,
        -1.2277734486795524e-09,
        9.323723518153027e-11,
        -6.1967364287877e-12,
        2.8067128195611264e-13
    };
    // R on [1.0, 1.5), powers of (x - 1.25)
    private static final double[] R0 = {
        0.3678229164523611,
        -0.20882187596460985,
        0.1067955714965988,
        -0.05021827439590757,
        0.022011364250857167,
        -0.009081627632934334,
        0.0035531099032296734,
        -0.001325782929696137,
        0.00047397031028387064,
        -0.00016296000869999388,
        5.405405957265021e-05,
        -1.734409705014864e-05,
        5.395664977346107e-06,
        -1.6303828320542595e-06,
        4.795305443456919e-07,
        -1.4031485200931462e-07,
        3.922408309608484e-08
    };
    // R on [1.5, 2.25), powers of (x - 1.875)
    private static final double[] R1 = {
        0.2694299851646704,
        -0.11801672272799837,
        0.0481486300496735,
        -0.018492027589907062,
        0.0067380391592972814,
        -0.0023432816664882713,
        0.0007814620116349776,
        -0.00025086868426330174,
        7.777080461514794e-05,
        -2.334409289538948e-05,
        6.800164716938515e-06,
        -1.9261651977733946e-06,
        5.31109385196294e-07,
        -1.4295512524201081e-07,
        3.900295530208302e-08,
        -1.0014195904630449e-08
    };
    // R on [2.25, 3.25), powers of (x - 2.75)
    private static final double[] R2 = {
        0.1936620962790687,
        -0.06323763756063486,
        0.019758592987322868,
        -0.005934337896994817,
        0.001719581885288525,
        -0.00048219508511743,
        0.00013118180056019476,
        -3.469860698376114e-05,
        8.940155481816215e-06,
        -2.247398737520941e-06,
        5.519813439003978e-07,
        -1.324934832938323e-07,
        3.1180509840411014e-08,
        -7.548839225360106e-09,
        1.7060732887274189e-09
    };
    // R on [3.25, 6.0), powers of (x - 4.625)
    private static final double[] R3 = {
        0.1193152886272239,
        -0.02471274729454444,
        0.00501883238524301,
        -0.0010004316599339634,
        0.00019591801915714533,
        -3.7724408734683564e-05,
        7.147414937403805e-06,
        -1.3334162099697503e-06,
        2.452854015518843e-07,
        -4.4444068855753634e-08,
        7.795217148224326e-09,
        -1.3761542449581439e-09,
        2.9669500683067405e-10,
        -5.0790889447038514e-11
    };

    private Erf() {}

    /** Returns erf(x); odd, erf(+-0) = +-0, erf(+-infinity) = +-1, erf(NaN) = NaN. */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 1.0) {
            return x + x * horner(Q, x * x);
        }
        if (!(ax < 6.0)) {
            return Double.isNaN(x) ? x : Math.copySign(1.0, x);
        }
        double r;
        if (ax < 1.5) {
            r = horner(R0, ax - 1.25);
        } else if (ax < 2.25) {
            r = horner(R1, ax - 1.875);
        } else if (ax < 3.25) {
            r = horner(R2, ax - 2.75);
        } else {
            r = horner(R3, ax - 4.625);
        }
        double hi = ax * ax;
        double lo = Math.fma(ax, ax, -hi);
        double erfc = Math.exp(-hi) * r * (1.0 - lo);
        return Math.copySign(1.0 - erfc, x);
    }

    private static double horner(double[] c, double d) {
        double r = c[c.length - 1];
        for (int i = c.length - 2; i >= 0; i--) {
            r = r * d + c[i];
        }
        return r;
    }
}
