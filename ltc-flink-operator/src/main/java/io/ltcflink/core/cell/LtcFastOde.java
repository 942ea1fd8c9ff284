package io.ltcflink.core.cell;

/**
 * The LTC ODE of {@link LtcOde} evaluated in {@link NumericMode#FAST}.
 *
 * <p>Dense wirings are laid out destination-major ({@code [dst][src]}) and evaluated in flat passes
 * over all N² synapses — presynaptic potentials, clamped exponent, polynomial, squarings and
 * sigmoid — each a counted loop over same-index arrays that C2 compiles to SIMD; the sums per
 * destination then run with four partial accumulators. Summation order differs from {@link LtcOde},
 * so results agree to rounding plus the sigmoid's approximation error, not bit for bit. Only for
 * dense wirings ({@link #suits}); sparse ones are cheapest in compressed rows with the exact
 * sigmoid, whose scalar {@code Math.exp} beats the polynomial outside a SIMD loop.
 *
 * <p>Per synapse it stores {@code A = sigma}, {@code B = sigma·mu}, {@code W = w·mask} and
 * {@code WE = w·mask·erev}, so that {@code a·erev = WE·σ(A v − B)}. Not thread-safe.
 */
final class LtcFastOde implements LtcSystem {

    /** Below this synapse density compressed rows beat dense ones. */
    static final double DENSE_THRESHOLD = 0.3;

    /** Whether the cell's recurrent wiring is dense enough for this layout. */
    static boolean suits(LtcCell cell) {
        int n = cell.config().units();
        return cell.dst.length >= DENSE_THRESHOLD * n * n;
    }

    private final LtcCell cell;
    private final int n;
    private final double[] a;
    private final double[] b;
    private final double[] w;
    private final double[] we;
    private final double[] pre;
    private final double[] act;
    private final double[] sensoryNum;
    private final double[] sensoryDen;
    private final double[] betaScratch;

    LtcFastOde(LtcCell cell) {
        this.cell = cell;
        this.n = cell.config().units();
        int size = n * n;
        this.a = new double[size];
        this.b = new double[size];
        this.w = new double[size];
        this.we = new double[size];
        for (int j = 0; j < n; j++) {
            for (int q = cell.rowStart[j]; q < cell.rowStart[j + 1]; q++) {
                // destination-major, so each destination's sources are contiguous
                int idx = cell.dst[q] * n + j;
                a[idx] = cell.sigma[q];
                b[idx] = cell.sigma[q] * cell.mu[q];
                w[idx] = cell.w[q];
                we[idx] = cell.w[q] * cell.erev[q];
            }
        }
        this.pre = new double[size];
        this.act = new double[size];
        this.sensoryNum = new double[n];
        this.sensoryDen = new double[n];
        this.betaScratch = new double[n];
    }

    /** The sensory sums are S×N per step, not per unfold: computed exactly, as in LtcOde. */
    @Override
    public void setInput(double[] u) {
        LtcOde.sensorySums(cell, u, sensoryNum, sensoryDen);
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public double capacitance(int i) {
        return cell.cm[i];
    }

    @Override
    public void conductances(double[] v, double[] alpha, double[] beta) {
        denseSums(v, alpha, beta);
        LtcOde.addLeakAndSensory(cell, alpha, beta, sensoryNum, sensoryDen);
    }

    private void denseSums(double[] v, double[] alpha, double[] beta) {
        final int n = this.n;
        final int nn = n * n;
        final double[] pre = this.pre;
        final double[] act = this.act;
        for (int i = 0; i < n; i++) {
            System.arraycopy(v, 0, pre, i * n, n);
        }
        FastSigmoid.sigmoidOfAffine(a, b, pre, act, nn);
        for (int i = 0; i < n; i++) {
            int off = i * n;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double d0 = 0;
            double d1 = 0;
            double d2 = 0;
            double d3 = 0;
            int j = 0;
            for (; j + 3 < n; j += 4) {
                int q = off + j;
                s0 += we[q] * act[q];
                s1 += we[q + 1] * act[q + 1];
                s2 += we[q + 2] * act[q + 2];
                s3 += we[q + 3] * act[q + 3];
                d0 += w[q] * act[q];
                d1 += w[q + 1] * act[q + 1];
                d2 += w[q + 2] * act[q + 2];
                d3 += w[q + 3] * act[q + 3];
            }
            for (; j < n; j++) {
                s0 += we[off + j] * act[off + j];
                d0 += w[off + j] * act[off + j];
            }
            alpha[i] = (s0 + s1) + (s2 + s3);
            beta[i] = (d0 + d1) + (d2 + d3);
        }
    }

    @Override
    public void derivative(double t, double[] y, double[] yDot) {
        LtcOde.derivative(this, cell, y, yDot, betaScratch);
    }
}
