package io.ltcflink.core.cell;

/**
 * The LTC ODE of one cell for a fixed (zero-order held) mapped input:
 * {@code cm_i dv_i/dt = α_i(v) − β_i(v) v_i} with
 * {@code α_i = gleak_i vleak_i + (Σ_j a_ji erev_ji + Σ_k a^s_ki sensory_erev_ki)} and
 * {@code β_i = gleak_i + (Σ_j a_ji + Σ_k a^s_ki)}.
 *
 * <p>Holds the sensory sums of the current input: not thread-safe, one per stepper.
 */
final class LtcOde implements LtcSystem {

    private final LtcCell cell;
    private final int n;
    private final double[] sensoryNum;
    private final double[] sensoryDen;
    private final double[] betaScratch;

    LtcOde(LtcCell cell) {
        this.cell = cell;
        this.n = cell.config().units();
        this.sensoryNum = new double[n];
        this.sensoryDen = new double[n];
        this.betaScratch = new double[n];
    }

    @Override
    public void setInput(double[] u) {
        sensorySums(cell, u, sensoryNum, sensoryDen);
    }

    /**
     * The sensory synapses' sums for mapped input {@code u}: {@code num_i = Σ_k a^s_ki E^s_ki},
     * {@code den_i = Σ_k a^s_ki}. Modified: num, den. Not modified: u.
     */
    static void sensorySums(LtcCell cell, double[] u, double[] num, double[] den) {
        java.util.Arrays.fill(num, 0.0);
        java.util.Arrays.fill(den, 0.0);
        int[] rowStart = cell.sensoryRowStart;
        int[] dst = cell.sensoryDst;
        double[] sigma = cell.sensorySigma;
        double[] mu = cell.sensoryMu;
        double[] w = cell.sensoryW;
        double[] erev = cell.sensoryErev;
        for (int k = 0; k < u.length; k++) {
            double uk = u[k];
            for (int q = rowStart[k], end = rowStart[k + 1]; q < end; q++) {
                double a = w[q] * sigmoid(sigma[q] * (uk - mu[q]));
                num[dst[q]] += a * erev[q];
                den[dst[q]] += a;
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
        int[] rowStart = cell.rowStart;
        int[] dst = cell.dst;
        double[] sigma = cell.sigma;
        double[] mu = cell.mu;
        double[] w = cell.w;
        double[] erev = cell.erev;
        for (int j = 0; j < n; j++) {
            double vj = v[j];
            for (int q = rowStart[j], end = rowStart[j + 1]; q < end; q++) {
                double a = w[q] * sigmoid(sigma[q] * (vj - mu[q]));
                alpha[dst[q]] += a * erev[q];
                beta[dst[q]] += a;
            }
        }
        addLeakAndSensory(cell, alpha, beta, sensoryNum, sensoryDen);
    }

    /**
     * Completes the recurrent sums into drive and conductance: {@code α_i = gleak_i vleak_i +
     * (α_i + num_i)}, {@code β_i = gleak_i + (β_i + den_i)}. Modified: alpha, beta.
     */
    static void addLeakAndSensory(LtcCell cell, double[] alpha, double[] beta, double[] num,
            double[] den) {
        double[] gleak = cell.gleak;
        double[] vleak = cell.vleak;
        for (int i = 0; i < gleak.length; i++) {
            alpha[i] = gleak[i] * vleak[i] + (alpha[i] + num[i]);
            beta[i] = gleak[i] + (beta[i] + den[i]);
        }
    }

    @Override
    public void derivative(double t, double[] y, double[] yDot) {
        derivative(this, cell, y, yDot, betaScratch);
    }

    /** {@code yDot = (α(y) − β(y)∘y) / cm} for either numeric mode. Modified: yDot, beta. */
    static void derivative(LtcSystem system, LtcCell cell, double[] y, double[] yDot,
            double[] beta) {
        system.conductances(y, yDot, beta);
        for (int i = 0; i < beta.length; i++) {
            yDot[i] = (yDot[i] - beta[i] * y[i]) / cell.cm[i];
        }
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
