package io.ltcflink.core.cell;

/**
 * The LTC ODE of {@link LtcOde} evaluated in {@link NumericMode#FAST}.
 *
 * <p>Dense wirings are evaluated in flat passes over all N² synapses — presynaptic potentials,
 * clamped exponent, polynomial, squarings and sigmoid — each a counted loop over same-index arrays
 * that C2 compiles to SIMD. Then the sums per destination: when N is a power of two from 4 to 64
 * the synapses are laid out source-major ({@code [src][dst]}) and the source rows are summed by
 * folding halves, flat loops that vectorise too (about 10 % of a 16-neuron step); otherwise they
 * are laid out destination-major ({@code [dst][src]}) and each row is summed with four partial
 * accumulators. Summation order differs from {@link LtcOde},
 * so results agree to rounding plus the sigmoid's approximation error, not bit for bit. Only for
 * dense wirings ({@link #suits}); sparse ones are cheapest in compressed rows with the exact
 * sigmoid, whose scalar {@code Math.exp} beats the polynomial outside a SIMD loop.
 *
 * <p>Per synapse it stores {@code A = sigma·2^−8}, {@code B = sigma·mu·2^−8} (the sigmoid's
 * argument scale, applied once here), {@code W = w·mask} and {@code WE = w·mask·erev}, so that
 * {@code a·erev = WE·σ(2^8 (A v − B))}. Not thread-safe.
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
    private final boolean sourceMajor;
    private final double[] partial;
    private final double[] sensoryNum;
    private final double[] sensoryDen;
    private final double[] betaScratch;
    private final double[] sensoryA;
    private final double[] sensoryB;
    private final double[] sensoryWe;
    private final double[] sensoryPre;
    private final double[] sensoryAct;

    LtcFastOde(LtcCell cell) {
        this.cell = cell;
        this.n = cell.config().units();
        int size = n * n;
        this.a = new double[size];
        this.b = new double[size];
        this.w = new double[size];
        this.we = new double[size];
        this.sourceMajor = foldable(n);
        for (int j = 0; j < n; j++) {
            for (int q = cell.rowStart[j]; q < cell.rowStart[j + 1]; q++) {
                // destination-major: each destination's sources contiguous, summed per row;
                // source-major: each source's row contiguous, rows summed by folding halves
                int idx = sourceMajor ? j * n + cell.dst[q] : cell.dst[q] * n + j;
                a[idx] = cell.sigma[q] * FastSigmoid.SCALE;
                b[idx] = cell.sigma[q] * cell.mu[q] * FastSigmoid.SCALE;
                w[idx] = cell.w[q];
                we[idx] = cell.w[q] * cell.erev[q];
            }
        }
        this.pre = new double[size];
        this.act = new double[size];
        this.partial = new double[sourceMajor ? size / 2 : 0];
        this.sensoryNum = new double[n];
        this.sensoryDen = new double[n];
        this.betaScratch = new double[n];
        int m = cell.sensoryDst.length;
        this.sensoryA = new double[m];
        this.sensoryB = new double[m];
        this.sensoryWe = new double[m];
        for (int q = 0; q < m; q++) {
            sensoryA[q] = cell.sensorySigma[q] * FastSigmoid.SCALE;
            sensoryB[q] = cell.sensorySigma[q] * cell.sensoryMu[q] * FastSigmoid.SCALE;
            sensoryWe[q] = cell.sensoryW[q] * cell.sensoryErev[q];
        }
        this.sensoryPre = new double[m];
        this.sensoryAct = new double[m];
    }

    /**
     * The sensory sums, once per step (S×N synapses, not per unfold): the same flat sigmoid pass
     * over all sensory synapses (rows by input in the cell's compressed layout), then the sums.
     */
    @Override
    public void setInput(double[] u) {
        int[] rowStart = cell.sensoryRowStart;
        for (int k = 0; k < u.length; k++) {
            java.util.Arrays.fill(sensoryPre, rowStart[k], rowStart[k + 1], u[k]);
        }
        int m = sensoryAct.length;
        FastSigmoid.sigmoidOfScaledAffine(sensoryA, sensoryB, sensoryPre, sensoryAct, m);
        java.util.Arrays.fill(sensoryNum, 0.0);
        java.util.Arrays.fill(sensoryDen, 0.0);
        int[] dst = cell.sensoryDst;
        double[] w = cell.sensoryW;
        for (int q = 0; q < m; q++) {
            int i = dst[q];
            sensoryNum[i] = Math.fma(sensoryWe[q], sensoryAct[q], sensoryNum[i]);
            sensoryDen[i] = Math.fma(w[q], sensoryAct[q], sensoryDen[i]);
        }
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
        if (sourceMajor) {
            repeatSources(v);
            FastSigmoid.sigmoidOfScaledAffine(a, b, pre, act, nn);
            foldRows(alpha, beta);
            return;
        }
        // v repeated once per destination row, by doubling copies: log2(n) calls instead of n
        System.arraycopy(v, 0, pre, 0, n);
        for (int filled = n; filled < nn; ) {
            int len = Math.min(filled, nn - filled);
            System.arraycopy(pre, 0, pre, filled, len);
            filled += len;
        }
        FastSigmoid.sigmoidOfScaledAffine(a, b, pre, act, nn);
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
                double a0 = act[q];
                double a1 = act[q + 1];
                double a2 = act[q + 2];
                double a3 = act[q + 3];
                s0 = Math.fma(we[q], a0, s0);
                s1 = Math.fma(we[q + 1], a1, s1);
                s2 = Math.fma(we[q + 2], a2, s2);
                s3 = Math.fma(we[q + 3], a3, s3);
                d0 = Math.fma(w[q], a0, d0);
                d1 = Math.fma(w[q + 1], a1, d1);
                d2 = Math.fma(w[q + 2], a2, d2);
                d3 = Math.fma(w[q + 3], a3, d3);
            }
            for (; j < n; j++) {
                s0 = Math.fma(we[off + j], act[off + j], s0);
                d0 = Math.fma(w[off + j], act[off + j], d0);
            }
            alpha[i] = (s0 + s1) + (s2 + s3);
            beta[i] = (d0 + d1) + (d2 + d3);
        }
    }

    /**
     * Source-major potentials: row {@code j} of {@code pre} is {@code v[j]} repeated n times.
     * Rows of 4 to 16 are written in blocks of explicit stores, which C2 packs into vector stores
     * of the repeated value; {@code Arrays.fill} per row pays its loop set-up once per row and is
     * the better choice only for longer rows.
     */
    private void repeatSources(double[] v) {
        final double[] p = pre;
        if (n == 16) {
            for (int j = 0; j < 16; j++) {
                double x = v[j];
                int b = j << 4;
                p[b] = x;
                p[b + 1] = x;
                p[b + 2] = x;
                p[b + 3] = x;
                p[b + 4] = x;
                p[b + 5] = x;
                p[b + 6] = x;
                p[b + 7] = x;
                p[b + 8] = x;
                p[b + 9] = x;
                p[b + 10] = x;
                p[b + 11] = x;
                p[b + 12] = x;
                p[b + 13] = x;
                p[b + 14] = x;
                p[b + 15] = x;
            }
        } else if (n <= 8) {
            int shift = n == 8 ? 1 : 0;
            int blocks = n * n >>> 2;
            for (int t = 0; t < blocks; t++) {
                double x = v[t >>> shift];
                int b = t << 2;
                p[b] = x;
                p[b + 1] = x;
                p[b + 2] = x;
                p[b + 3] = x;
            }
        } else {
            for (int j = 0; j < n; j++) {
                java.util.Arrays.fill(p, j * n, j * n + n, v[j]);
            }
        }
    }

    /** Whether n suits the source-major layout: a power of two from 4 to 64. */
    static boolean foldable(int n) {
        return n >= 4 && n <= 64 && Integer.bitCount(n) == 1;
    }

    /*
     * Summing rows of a source-major layout: fold the lower half of the rows onto the upper one,
     * then again, until one row is left. Each fold is a flat loop, but C2 on Java 17 vectorises a
     * loop with a second index k + s only when s is a compile-time constant: so every fold size
     * has its own call site with a literal, and the small fold methods are inlined there, each
     * with its constant. The conditions pick the sites for this n (all sizes are powers of two).
     */
    private void foldRows(double[] alpha, double[] beta) {
        int half = n * n / 2;
        if (half == 2048) {
            firstFold(2048);
        } else if (half == 512) {
            firstFold(512);
        } else if (half == 128) {
            firstFold(128);
        } else if (half == 32) {
            firstFold(32);
        } else {
            firstFold(8);
        }
        if (half > 1024 && 1024 >= n) {
            fold(1024);
        }
        if (half > 512 && 512 >= n) {
            fold(512);
        }
        if (half > 256 && 256 >= n) {
            fold(256);
        }
        if (half > 128 && 128 >= n) {
            fold(128);
        }
        if (half > 64 && 64 >= n) {
            fold(64);
        }
        if (half > 32 && 32 >= n) {
            fold(32);
        }
        if (half > 16 && 16 >= n) {
            fold(16);
        }
        if (half > 8 && 8 >= n) {
            fold(8);
        }
        if (half > 4 && 4 >= n) {
            fold(4);
        }
        System.arraycopy(pre, 0, alpha, 0, n);
        System.arraycopy(partial, 0, beta, 0, n);
    }

    /** Products and the first fold: rows {@code [0, half)} plus rows {@code [half, 2·half)}. */
    private void firstFold(int half) {
        final double[] num = pre;
        final double[] den = partial;
        for (int k = 0; k < half; k++) {
            double lo = act[k];
            double hi = act[k + half];
            num[k] = Math.fma(we[k], lo, we[k + half] * hi);
            den[k] = Math.fma(w[k], lo, w[k + half] * hi);
        }
    }

    /** {@code x[k] += x[k + len]} for {@code k < len}, for both partial sums. */
    private void fold(int len) {
        final double[] num = pre;
        final double[] den = partial;
        for (int k = 0; k < len; k++) {
            num[k] = num[k] + num[k + len];
            den[k] = den[k] + den[k + len];
        }
    }

    @Override
    public void derivative(double t, double[] y, double[] yDot) {
        LtcOde.derivative(this, cell, y, yDot, betaScratch);
    }
}
