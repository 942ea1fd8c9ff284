package io.ltcflink.core.cell;

/**
 * The LTC ODE of {@link LtcOde} evaluated in {@link NumericMode#FAST}: synapses laid out as dense
 * rows (masked entries have zero weight) so the inner loop over destinations is straight-line
 * arithmetic the JIT vectorises; sparse wirings keep compressed rows with the same sigmoid.
 *
 * <p>Per synapse it stores {@code A = sigma}, {@code B = sigma·mu}, {@code W = w·mask} and
 * {@code WE = w·mask·erev}, so that {@code a·erev = WE·σ(A v − B)}. Not thread-safe.
 */
final class LtcFastOde implements LtcSystem {

    /** Below this synapse density compressed rows beat dense ones. */
    static final double DENSE_THRESHOLD = 0.3;

    private final LtcCell cell;
    private final int n;
    private final boolean dense;
    private final double[] a;
    private final double[] b;
    private final double[] w;
    private final double[] we;
    private final double[] sensoryNum;
    private final double[] sensoryDen;
    private final double[] betaScratch;

    LtcFastOde(LtcCell cell) {
        this.cell = cell;
        this.n = cell.config().units();
        int nnz = cell.dst.length;
        this.dense = nnz >= DENSE_THRESHOLD * n * n;
        int size = dense ? n * n : nnz;
        this.a = new double[size];
        this.b = new double[size];
        this.w = new double[size];
        this.we = new double[size];
        for (int j = 0; j < n; j++) {
            for (int q = cell.rowStart[j]; q < cell.rowStart[j + 1]; q++) {
                int idx = dense ? j * n + cell.dst[q] : q;
                a[idx] = cell.sigma[q];
                b[idx] = cell.sigma[q] * cell.mu[q];
                w[idx] = cell.w[q];
                we[idx] = cell.w[q] * cell.erev[q];
            }
        }
        this.sensoryNum = new double[n];
        this.sensoryDen = new double[n];
        this.betaScratch = new double[n];
    }

    @Override
    public void setInput(double[] u) {
        java.util.Arrays.fill(sensoryNum, 0.0);
        java.util.Arrays.fill(sensoryDen, 0.0);
        int[] rowStart = cell.sensoryRowStart;
        int[] dst = cell.sensoryDst;
        for (int k = 0; k < u.length; k++) {
            double uk = u[k];
            for (int q = rowStart[k], end = rowStart[k + 1]; q < end; q++) {
                double s = cell.sensoryW[q]
                        * FastSigmoid.sigmoid(cell.sensorySigma[q] * (uk - cell.sensoryMu[q]));
                sensoryNum[dst[q]] += s * cell.sensoryErev[q];
                sensoryDen[dst[q]] += s;
            }
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
        java.util.Arrays.fill(alpha, 0, n, 0.0);
        java.util.Arrays.fill(beta, 0, n, 0.0);
        if (dense) {
            denseSums(v, alpha, beta);
        } else {
            sparseSums(v, alpha, beta);
        }
        double[] gleak = cell.gleak;
        double[] vleak = cell.vleak;
        for (int i = 0; i < n; i++) {
            alpha[i] = gleak[i] * vleak[i] + (alpha[i] + sensoryNum[i]);
            beta[i] = gleak[i] + (beta[i] + sensoryDen[i]);
        }
    }

    private void denseSums(double[] v, double[] alpha, double[] beta) {
        final double[] a = this.a;
        final double[] b = this.b;
        final double[] w = this.w;
        final double[] we = this.we;
        final int n = this.n;
        final double clamp = FastSigmoid.CLAMP;
        for (int j = 0; j < n; j++) {
            final double vj = v[j];
            final int off = j * n;
            for (int i = 0; i < n; i++) {
                // exponent of e^{−σ(v−μ)} = B − A v, clamped
                double x = Math.min(clamp, Math.max(-clamp, b[off + i] - a[off + i] * vj));
                double s = 1.0 / (1.0 + FastSigmoid.exp(x));
                alpha[i] += we[off + i] * s;
                beta[i] += w[off + i] * s;
            }
        }
    }

    private void sparseSums(double[] v, double[] alpha, double[] beta) {
        int[] rowStart = cell.rowStart;
        int[] dst = cell.dst;
        for (int j = 0; j < n; j++) {
            double vj = v[j];
            for (int q = rowStart[j], end = rowStart[j + 1]; q < end; q++) {
                double x = Math.min(FastSigmoid.CLAMP, Math.max(-FastSigmoid.CLAMP, b[q] - a[q] * vj));
                double s = 1.0 / (1.0 + FastSigmoid.exp(x));
                alpha[dst[q]] += we[q] * s;
                beta[dst[q]] += w[q] * s;
            }
        }
    }

    @Override
    public void derivative(double t, double[] y, double[] yDot) {
        double[] beta = betaScratch;
        conductances(y, yDot, beta);
        for (int i = 0; i < n; i++) {
            yDot[i] = (yDot[i] - beta[i] * y[i]) / cell.cm[i];
        }
    }
}
