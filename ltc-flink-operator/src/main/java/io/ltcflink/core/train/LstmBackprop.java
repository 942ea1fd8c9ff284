package io.ltcflink.core.train;

import io.ltcflink.core.cell.LstmCell;
import io.ltcflink.core.model.ParameterSet;
import java.util.Arrays;

/*
 * Implementation notes
 *
 * Backpropagation through time for torch.nn.LSTM [1] with a linear head (see LstmCell):
 *
 *   z = (W_ih x + b_ih) + (W_hh h + b_hh)      blocks i, f, g, o of H rows
 *   c' = σ(z_f) c + σ(z_i) tanh(z_g)           h' = σ(z_o) tanh(c')       y = W h' + b
 *
 * Backward, with ∂c' including the path through h':  ∂c'_tot = ∂c' + ∂h' σ(z_o) (1 − tanh² c'),
 * ∂z_o = ∂h' tanh(c') σ'(z_o), ∂z_f = ∂c'_tot c σ'(z_f), ∂z_i = ∂c'_tot tanh(z_g) σ'(z_i),
 * ∂z_g = ∂c'_tot σ(z_i) (1 − tanh² z_g), ∂c = ∂c'_tot σ(z_f), ∂h = W_hhᵀ ∂z; both biases receive
 * ∂z. The timespan plays no part.
 *
 * [1] S. Hochreiter and J. Schmidhuber, "Long short-term memory", Neural Computation 9(8), 1997.
 */

/** The backward pass of {@link LstmCell}. Not thread-safe. */
final class LstmBackprop extends CellBackprop {

    private final int s;
    private final int h;
    private final int m;
    private final double[] wih; // [4H][S]
    private final double[] whh; // [4H][H]
    private final double[] bih;
    private final double[] bhh;
    private final double[] headW; // [M][H]
    private final double[] headB;

    private final double[] dWih;
    private final double[] dWhh;
    private final double[] dBias; // shared by bias_ih and bias_hh
    private final double[] dHeadW;
    private final double[] dHeadB;
    private final double[] dz;
    private final double[] dh;

    private double[][] hIn;
    private double[][] cIn;
    private double[][] gates; // per step: σ(z_i), σ(z_f), tanh(z_g), σ(z_o)
    private double[][] cOut;
    private double[][] hOut;

    LstmBackprop(LstmCell cell) {
        s = cell.inputSize();
        h = cell.hiddenSize();
        m = cell.outputSize();
        ParameterSet p = cell.parameters();
        wih = p.require("weight_ih_l0", 4 * h, s);
        whh = p.require("weight_hh_l0", 4 * h, h);
        bih = p.require("bias_ih_l0", 4 * h);
        bhh = p.require("bias_hh_l0", 4 * h);
        headW = p.require("head.weight", m, h);
        headB = p.require("head.bias", m);
        dWih = new double[wih.length];
        dWhh = new double[whh.length];
        dBias = new double[4 * h];
        dHeadW = new double[headW.length];
        dHeadB = new double[m];
        dz = new double[4 * h];
        dh = new double[h];
    }

    @Override
    void begin(int steps) {
        hIn = grow(hIn, steps, h);
        cIn = grow(cIn, steps, h);
        gates = grow(gates, steps, 4 * h);
        cOut = grow(cOut, steps, h);
        hOut = grow(hOut, steps, h);
        for (double[] g : new double[][] {dWih, dWhh, dBias, dHeadW, dHeadB}) {
            Arrays.fill(g, 0.0);
        }
    }

    @Override
    void forward(int t, double[] state, double[] x, double dt, double[] y) {
        System.arraycopy(state, 0, hIn[t], 0, h);
        System.arraycopy(state, h, cIn[t], 0, h);
        double[] a = gates[t];
        for (int j = 0; j < 4 * h; j++) {
            double fromInput = MemoryBackprop.dot(wih, j, s, x, 0) + bih[j];
            double fromState = MemoryBackprop.dot(whh, j, h, state, 0) + bhh[j];
            a[j] = fromInput + fromState;
        }
        for (int u = 0; u < h; u++) {
            double i = sigmoid(a[u]);
            double f = sigmoid(a[h + u]);
            double g = Math.tanh(a[2 * h + u]);
            double o = sigmoid(a[3 * h + u]);
            a[u] = i;
            a[h + u] = f;
            a[2 * h + u] = g;
            a[3 * h + u] = o;
            double c = f * state[h + u] + i * g;
            state[h + u] = c;
            state[u] = o * Math.tanh(c);
        }
        System.arraycopy(state, h, cOut[t], 0, h);
        System.arraycopy(state, 0, hOut[t], 0, h);
        for (int p = 0; p < m; p++) {
            y[p] = MemoryBackprop.dot(headW, p, h, state, 0) + headB[p];
        }
    }

    @Override
    void backward(int t, double[] x, double dt, double[] dy, double[] dState) {
        double[] hn = hOut[t];
        for (int p = 0; p < m; p++) {
            double d = dy[p];
            dHeadB[p] += d;
            int base = p * h;
            for (int u = 0; u < h; u++) {
                dHeadW[base + u] += d * hn[u];
                dState[u] += d * headW[base + u];
            }
        }
        double[] a = gates[t];
        double[] c0 = cIn[t];
        double[] c1 = cOut[t];
        for (int u = 0; u < h; u++) {
            double i = a[u];
            double f = a[h + u];
            double g = a[2 * h + u];
            double o = a[3 * h + u];
            double tc = Math.tanh(c1[u]);
            double dhOut = dState[u];
            double dc = dState[h + u] + dhOut * o * (1.0 - tc * tc);
            dz[u] = dc * g * i * (1.0 - i);
            dz[h + u] = dc * c0[u] * f * (1.0 - f);
            dz[2 * h + u] = dc * i * (1.0 - g * g);
            dz[3 * h + u] = dhOut * tc * o * (1.0 - o);
            dState[h + u] = dc * f;
        }
        double[] h0 = hIn[t];
        Arrays.fill(dh, 0.0);
        for (int j = 0; j < 4 * h; j++) {
            double d = dz[j];
            dBias[j] += d;
            int xb = j * s;
            for (int k = 0; k < s; k++) {
                dWih[xb + k] += d * x[k];
            }
            int hb = j * h;
            for (int k = 0; k < h; k++) {
                dWhh[hb + k] += d * h0[k];
                dh[k] += d * whh[hb + k];
            }
        }
        System.arraycopy(dh, 0, dState, 0, h);
    }

    @Override
    void flush(Parameters gradient) {
        addInto(gradient, "weight_ih_l0", dWih);
        addInto(gradient, "weight_hh_l0", dWhh);
        addInto(gradient, "bias_ih_l0", dBias);
        addInto(gradient, "bias_hh_l0", dBias);
        addInto(gradient, "head.weight", dHeadW);
        addInto(gradient, "head.bias", dHeadB);
    }
}
