package io.ltcflink.core.ode;

import io.ltcflink.core.Checks;

/**
 * The coefficients {@code (c, a, b)} of an explicit Runge-Kutta method, drawn as
 *
 * <pre>
 *   c0 |
 *   c1 | a10
 *   c2 | a20 a21
 *   ...| ...
 *  ----+-----------------
 *      | b0  b1  ...  bs-1
 * </pre>
 *
 * Immutable. Only explicit (strictly lower-triangular) tableaus are accepted.
 */
public final class ButcherTableau {

    /** Forward Euler: one stage, order 1. */
    public static final ButcherTableau EULER =
            new ButcherTableau("euler", 1, new double[] {0}, new double[][] {{}}, new double[] {1});

    /**
     * The classical fourth-order Runge-Kutta method:
     *
     * <pre>
     *    0  |
     *   1/2 | 1/2
     *   1/2 |  0   1/2
     *    1  |  0    0    1
     *  -----+-------------------
     *       | 1/6  1/3  1/3  1/6
     * </pre>
     */
    public static final ButcherTableau RK4 =
            new ButcherTableau(
                    "rk4",
                    4,
                    new double[] {0, 0.5, 0.5, 1},
                    new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
                    new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6});

    private final String name;
    private final int order;
    private final double[] c;
    private final double[][] a;
    private final double[] b;

    /**
     * @param name a short name for messages
     * @param order the order of accuracy of the method
     * @param c stage times, length s
     * @param a row i holds {@code a[i][0..i-1]}
     * @param b weights, length s
     */
    public ButcherTableau(String name, int order, double[] c, double[][] a, double[] b) {
        int s = b.length;
        Checks.requireArgument(s >= 1, "a tableau needs at least one stage");
        Checks.requireArgument(c.length == s, "c: expected length %s but found %s", s, c.length);
        Checks.requireArgument(a.length == s, "a: expected %s rows but found %s", s, a.length);
        for (int i = 0; i < s; i++) {
            Checks.requireArgument(
                    a[i].length == i,
                    "a row %s: expected %s entries (explicit method) but found %s",
                    i, i, a[i].length);
        }
        this.name = name;
        this.order = order;
        this.c = c.clone();
        this.a = new double[s][];
        for (int i = 0; i < s; i++) {
            this.a[i] = a[i].clone();
        }
        this.b = b.clone();
    }

    public String name() {
        return name;
    }

    public int order() {
        return order;
    }

    public int stages() {
        return b.length;
    }

    /** Stage time fraction {@code c_i}. */
    public double c(int i) {
        return c[i];
    }

    /** Coefficient {@code a_ij}, {@code j < i}. */
    public double a(int i, int j) {
        return a[i][j];
    }

    /** Weight {@code b_i}. */
    public double b(int i) {
        return b[i];
    }

    @Override
    public String toString() {
        return "ButcherTableau{" + name + ", order " + order + ", " + stages() + " stages}";
    }
}
