#!/usr/bin/env python3
"""Computes the polynomial coefficients used by io.ltcflink.core.cell.Erf and the high-precision
reference table erf_reference.csv that ErfTest checks them against.

Needs only mpmath (pip install mpmath). Run from this folder:

    python3 make_erf_coefficients.py > coefficients.txt

and paste the printed Java arrays into Erf.java; erf_reference.csv is rewritten in place.

Method (all arithmetic at 60 significant digits):
  * |x| < 1:  erf(x) = x + x * Q(x^2), with Q(t) = erf(sqrt t)/sqrt t - 1 interpolated at 15
    Chebyshev nodes on t in [0, 1] and converted to a power series in t (coefficients decay like
    the Taylor series 2/sqrt(pi) (-1)^n / (n! (2n+1)), so Horner's rule in t is stable).
  * 1 <= |x| < 6: erf(x) = 1 - exp(-x^2) R(x), with R(x) = erfc(x) exp(x^2) interpolated on
    [1, 1.5), [1.5, 2.25), [2.25, 3.25), [3.25, 6) at 17, 16, 15, 14 Chebyshev nodes and converted
    to power series in (x - midpoint).
  * |x| >= 6: erf(x) = +-1 (erfc(6) = 2.2e-17 is below half an ulp of 1).
The script also emulates the Java evaluation in binary64 and prints the worst error it finds.
"""
import math
import random

import mpmath as mp

mp.mp.dps = 60

Q_NODES = 15
R_INTERVALS = [(1.0, 1.5, 17), (1.5, 2.25, 16), (2.25, 3.25, 15), (3.25, 6.0, 14)]


def chebyshev_interpolant(f, a, b, n):
    """Coefficients c_k of sum c_k T_k(s), s = (2y - a - b) / (b - a), interpolating f at n nodes."""
    a, b = mp.mpf(a), mp.mpf(b)
    nodes = [mp.cos(mp.pi * (k + mp.mpf(1) / 2) / n) for k in range(n)]
    values = [f((b - a) / 2 * s + (a + b) / 2) for s in nodes]
    coeffs = []
    for j in range(n):
        acc = mp.fsum(values[k] * mp.cos(mp.pi * j * (k + mp.mpf(1) / 2) / n) for k in range(n))
        coeffs.append(2 * acc / n)
    coeffs[0] /= 2
    return coeffs


def chebyshev_to_power(c, a, b, origin):
    """Power-series coefficients p_i of sum p_i (y - origin)^i equal to the Chebyshev series."""
    a, b, origin = mp.mpf(a), mp.mpf(b), mp.mpf(origin)
    n = len(c)
    polys = [[mp.mpf(1)], [mp.mpf(0), mp.mpf(1)]]
    for k in range(2, n):
        nxt = [mp.mpf(0)] * (k + 1)
        for i, v in enumerate(polys[k - 1]):
            nxt[i + 1] += 2 * v
        for i, v in enumerate(polys[k - 2]):
            nxt[i] -= v
        polys.append(nxt)
    in_s = [mp.mpf(0)] * n
    for k in range(n):
        for i, v in enumerate(polys[k]):
            in_s[i] += c[k] * v
    # s = (y - m) / h with m the midpoint, h the half width; y - m = (y - origin) + (origin - m)
    m, h = (a + b) / 2, (b - a) / 2
    in_d = [in_s[i] / h ** i for i in range(n)]  # powers of (y - m)
    shift = origin - m
    out = [mp.mpf(0)] * n
    for i in range(n):
        for k in range(i + 1):
            out[k] += in_d[i] * mp.binomial(i, k) * shift ** (i - k)
    return out


def q_function(t):
    if t == 0:
        return 2 / mp.sqrt(mp.pi) - 1
    x = mp.sqrt(t)
    return mp.erf(x) / x - 1


def r_function(x):
    return mp.erfc(x) * mp.exp(x * x)


def horner(coeffs, d):
    r = coeffs[-1]
    for c in reversed(coeffs[:-1]):
        r = r * d + c
    return r


Q = [float(v) for v in chebyshev_to_power(chebyshev_interpolant(q_function, 0, 1, Q_NODES), 0, 1, 0)]
R = []
for a, b, n in R_INTERVALS:
    mid = (a + b) / 2
    R.append((a, b, mid, [float(v) for v in
                          chebyshev_to_power(chebyshev_interpolant(r_function, a, b, n), a, b, mid)]))


def erf_binary64(x):
    """The Java evaluation, step by step, in binary64 (Math.fma emulated exactly)."""
    ax = abs(x)
    if ax < 1:
        return x + x * horner(Q, x * x)
    if not ax < 6:
        return math.copysign(1.0, x)
    for a, b, mid, p in R:
        if ax < b:
            r = horner(p, ax - mid)
            break
    hi = ax * ax
    lo = float(mp.mpf(ax) * ax - hi)  # exact, as Math.fma(ax, ax, -hi)
    return math.copysign(1.0 - math.exp(-hi) * r * (1.0 - lo), x)


def java_array(name, values):
    body = ",\n".join("            " + repr(v) for v in values)
    return "    private static final double[] %s = {\n%s\n    };" % (name, body)


print(java_array("Q", Q))
for i, (a, b, mid, p) in enumerate(R):
    print("    // R on [%s, %s), powers of (x - %s)" % (a, b, mid))
    print(java_array("R%d" % i, p))

rng = random.Random(20240611)
points = [rng.uniform(0, 6.5) for _ in range(20000)] + [i / 1000 for i in range(6501)]
worst_rel = max(abs(mp.mpf(erf_binary64(x)) - mp.erf(x)) / mp.erf(x) for x in points if x > 0)
print("// worst relative error of the binary64 evaluation: %s" % mp.nstr(worst_rel, 3))

# Reference table: x (exact binary64, repr) and erf(x) to 34 significant digits.
table = [0.0, 5e-324, 1e-300, 1e-20, 1e-8, 0.1, 0.25, 0.5, 0.75, 0.9999999999999999, 1.0,
         1.4999999999999998, 1.5, 2.0, 2.2499999999999996, 2.25, 3.0, 3.2499999999999996, 3.25,
         4.0, 5.0, 5.8, 5.9, 5.999999999999999, 6.0, 7.0, 27.0]
table += [rng.uniform(0, 1) for _ in range(200)]
table += [rng.uniform(1, 6.5) for _ in range(300)]
table += [-rng.uniform(0, 6.5) for _ in range(100)]
with open("erf_reference.csv", "w") as out:
    out.write("# x,erf(x) to 34 significant digits (mpmath %s, 60-digit arithmetic); "
              "written by make_erf_coefficients.py\n" % mp.__version__)
    for x in table:
        out.write("%r,%s\n" % (x, mp.nstr(mp.erf(mp.mpf(x)), 34)))
