package io.ltcflink.core.train;

import io.ltcflink.core.cell.MixedMemoryLstm;
import io.ltcflink.core.model.ParameterSet;

/**
 * Forward with tape and backward of ncps's mixed-memory LSTM cell ({@link MixedMemoryLstm}), the
 * part of a mixed-memory LTC or CfC step that runs first:
 *
 * <pre>
 *   z = (W_x x + b) + R h        blocks i, ig, fg, og of N rows each
 *   c' = c σ(fg + 1) + tanh(i) σ(ig)
 *   h' = tanh(c') σ(og)
 * </pre>
 *
 * The state holds h at {@code [0, N)} and c at {@code [N, 2N)}. Not thread-safe.
 */
final class MemoryBackprop {

    private final int s;
    private final int n;
    private final double[] wx; // [4N][S]
    private final double[] b; // [4N]
    private final double[] r; // [4N][N]
    private final double[] dWx;
    private final double[] dB;
    private final double[] dR;
    private final double[] dz;
    private final double[] dh;

    private double[][] hIn; // per step: h before
    private double[][] cIn; // per step: c before
    private double[][] zTape; // per step: the 4N pre-activations
    private double[][] cOut; // per step: c after

    MemoryBackprop(int inputSize, int units, ParameterSet p) {
        this.s = inputSize;
        this.n = units;
        this.wx = p.require(MixedMemoryLstm.INPUT_WEIGHT, 4 * units, inputSize);
        this.b = p.require(MixedMemoryLstm.INPUT_BIAS, 4 * units);
        this.r = p.require(MixedMemoryLstm.RECURRENT_WEIGHT, 4 * units, units);
        this.dWx = new double[wx.length];
        this.dB = new double[b.length];
        this.dR = new double[r.length];
        this.dz = new double[4 * units];
        this.dh = new double[units];
    }

    void begin(int steps) {
        hIn = CellBackprop.grow(hIn, steps, n);
        cIn = CellBackprop.grow(cIn, steps, n);
        zTape = CellBackprop.grow(zTape, steps, 4 * n);
        cOut = CellBackprop.grow(cOut, steps, n);
        java.util.Arrays.fill(dWx, 0.0);
        java.util.Arrays.fill(dB, 0.0);
        java.util.Arrays.fill(dR, 0.0);
    }

    /** {@code (h, c) ← LSTM(x, h, c)} in place, in the operation order of the cell. */
    void forward(int t, double[] x, double[] state) {
        double[] z = zTape[t];
        System.arraycopy(state, 0, hIn[t], 0, n);
        System.arraycopy(state, n, cIn[t], 0, n);
        for (int j = 0; j < 4 * n; j++) {
            double in = dot(wx, j, s, x, 0) + b[j];
            z[j] = in + dot(r, j, n, state, 0);
        }
        double[] co = cOut[t];
        for (int u = 0; u < n; u++) {
            double forget = CellBackprop.sigmoid(z[2 * n + u] + 1.0);
            double input = Math.tanh(z[u]) * CellBackprop.sigmoid(z[n + u]);
            double c = state[n + u] * forget + input;
            state[n + u] = c;
            co[u] = c;
            state[u] = Math.tanh(c) * CellBackprop.sigmoid(z[3 * n + u]);
        }
    }

    /**
     * On entry {@code dState} holds ∂L/∂h' at {@code [0, N)} and ∂L/∂c' at {@code [N, 2N)}; on exit
     * ∂L/∂h and ∂L/∂c. Modified: dState.
     */
    void backward(int t, double[] x, double[] dState) {
        double[] z = zTape[t];
        double[] c0 = cIn[t];
        double[] h0 = hIn[t];
        double[] c1 = cOut[t];
        for (int u = 0; u < n; u++) {
            double ti = Math.tanh(z[u]);
            double si = CellBackprop.sigmoid(z[n + u]);
            double sf = CellBackprop.sigmoid(z[2 * n + u] + 1.0);
            double so = CellBackprop.sigmoid(z[3 * n + u]);
            double tc = Math.tanh(c1[u]);
            double dhOut = dState[u];
            double dc = dState[n + u] + dhOut * so * (1.0 - tc * tc);
            dz[3 * n + u] = dhOut * tc * so * (1.0 - so);
            dz[2 * n + u] = dc * c0[u] * sf * (1.0 - sf);
            dz[u] = dc * si * (1.0 - ti * ti);
            dz[n + u] = dc * ti * si * (1.0 - si);
            dState[n + u] = dc * sf;
        }
        java.util.Arrays.fill(dh, 0.0);
        for (int j = 0; j < 4 * n; j++) {
            double g = dz[j];
            dB[j] += g;
            int xb = j * s;
            for (int k = 0; k < s; k++) {
                dWx[xb + k] += g * x[k];
            }
            int rb = j * n;
            for (int k = 0; k < n; k++) {
                dR[rb + k] += g * h0[k];
                dh[k] += g * r[rb + k];
            }
        }
        System.arraycopy(dh, 0, dState, 0, n);
    }

    void flush(Parameters gradient) {
        CellBackprop.addInto(gradient, MixedMemoryLstm.INPUT_WEIGHT, dWx);
        CellBackprop.addInto(gradient, MixedMemoryLstm.INPUT_BIAS, dB);
        CellBackprop.addInto(gradient, MixedMemoryLstm.RECURRENT_WEIGHT, dR);
    }

    /** {@code Σ_k w[row][k] x[off + k]} in ascending k, as the cells sum. */
    static double dot(double[] w, int row, int cols, double[] x, int off) {
        int base = row * cols;
        double sum = 0.0;
        for (int k = 0; k < cols; k++) {
            sum += w[base + k] * x[off + k];
        }
        return sum;
    }
}
