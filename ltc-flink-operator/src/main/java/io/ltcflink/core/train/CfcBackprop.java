package io.ltcflink.core.train;

import io.ltcflink.core.cell.Activation;
import io.ltcflink.core.cell.CfcCell;
import io.ltcflink.core.cell.CfcConfig;
import io.ltcflink.core.cell.CfcMode;
import io.ltcflink.core.model.ParameterSet;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/*
 * Implementation notes
 *
 * Backpropagation through time for the ncps PyTorch CfC cell [1] (see CfcCell for the forward
 * equations). Per step, with z the backbone output over [x, h] and f1 = tanh(ff1(z)),
 * f2 = tanh(ff2(z)), g = σ(time_a(z) Δt + time_b(z)):
 *
 *   default   h' = f1 (1 − g) + g f2    ∂f1 = ∂h' (1 − g)   ∂f2 = ∂h' g   ∂g = ∂h' (f2 − f1)
 *   no_gate   h' = f1 + g f2            ∂f1 = ∂h'           ∂f2 = ∂h' g   ∂g = ∂h' f2
 *   pure      h' = −A e f + A,  e = exp(−Δt (|w_tau| + |f|)),  f = ff1(z)
 *             ∂A = ∂h' (1 − e f)   ∂f = −∂h' A e (1 − Δt |f|)   ∂w_tau = ∂h' A f e Δt sgn(w_tau)
 *
 * and the gate's pre-activation gives ∂time_a = ∂pre Δt, ∂time_b = ∂pre. The heads send their
 * gradients back through the backbone layers (pre-activations are on the tape), whose activation
 * slopes are: LeCun 1.7159 · 0.666 (1 − tanh²(0.666 p)); tanh 1 − tanh² p; ReLU 1 for p > 0 else 0;
 * SiLU σ(p)(1 + p (1 − σ(p))); GELU Φ(p) + p φ(p) with Φ the normal cdf and φ its density [2].
 * The |·| of the pure mode takes slope sgn(·) with sgn(0) = 0, as torch does.
 *
 * The new state depends on the old h only through the backbone input, so ∂h is read off the
 * backbone's input gradient at [S, S + H). With mixed memory MemoryBackprop then carries (∂h, ∂c)
 * through the ncps LSTM that ran first; c itself is passed through the CfC step unchanged.
 *
 * [1] R. Hasani, M. Lechner, A. Amini, L. Liebenwein, A. Ray, M. Tschaikowski, G. Teschl and
 *     D. Rus, "Closed-form continuous-time neural networks", Nature Machine Intelligence 4, 2022.
 * [2] D. Hendrycks and K. Gimpel, "Gaussian Error Linear Units (GELUs)", arXiv:1606.08415, 2016.
 */

/** The backward pass of {@link CfcCell}. Not thread-safe. */
final class CfcBackprop extends CellBackprop {

    private static final double INV_SQRT_2PI = 0.3989422804014327;

    private final int s;
    private final int h;
    private final int units;
    private final int layers;
    private final int in; // width of the head input
    private final int proj;
    private final CfcMode mode;
    private final Activation act;

    private final double[][] bw; // backbone weights [U][S+H or U]
    private final double[][] bb;
    private final double[] ff1W;
    private final double[] ff1B;
    private final double[] ff2W;
    private final double[] ff2B;
    private final double[] taW;
    private final double[] taB;
    private final double[] tbW;
    private final double[] tbB;
    private final double[] wTau;
    private final double[] amp;
    private final double[] fcW;
    private final double[] fcB;
    private final MemoryBackprop memory;

    /** Gradient buffers by parameter name, aligned with the parameter arrays. */
    private final Map<String, double[]> grads = new LinkedHashMap<>();
    private final double[][] dBw;
    private final double[][] dBb;
    private final double[] dFf1W;
    private final double[] dFf1B;
    private final double[] dFf2W;
    private final double[] dFf2B;
    private final double[] dTaW;
    private final double[] dTaB;
    private final double[] dTbW;
    private final double[] dTbB;
    private final double[] dWTau;
    private final double[] dAmp;
    private final double[] dFcW;
    private final double[] dFcB;

    // Scratch.
    private final double[] dh;
    private final double[] dZ; // gradient w.r.t. the head input, then each layer's input
    private final double[] dZNext;
    private final double[] dP1;
    private final double[] dP2;
    private final double[] dPa;
    private final double[] dPb;

    // Tape.
    private double[][] z0; // [x, h]
    private double[][] pre; // backbone pre-activations, layer l at [l U, (l + 1) U)
    private double[][] post; // backbone activations, same layout
    private double[][] f1; // tanh(ff1) or, in pure mode, ff1 itself
    private double[][] f2; // tanh(ff2) or, in pure mode, e
    private double[][] gate;
    private double[][] hNew;

    CfcBackprop(CfcCell cell) {
        CfcConfig c = cell.config();
        ParameterSet p = cell.parameters();
        s = c.inputSize();
        h = c.hiddenSize();
        units = c.backboneUnits();
        layers = c.backboneLayers();
        in = layers > 0 ? units : s + h;
        proj = c.projectionSize();
        mode = c.mode();
        act = c.backboneActivation();
        bw = new double[layers][];
        bb = new double[layers][];
        dBw = new double[layers][];
        dBb = new double[layers][];
        for (int l = 0; l < layers; l++) {
            String prefix = "backbone." + 2 * l + ".";
            bw[l] = p.require(prefix + "weight", units, l == 0 ? s + h : units);
            bb[l] = p.require(prefix + "bias", units);
            dBw[l] = buffer(prefix + "weight", bw[l].length);
            dBb[l] = buffer(prefix + "bias", units);
        }
        ff1W = p.require("ff1.weight", h, in);
        ff1B = p.require("ff1.bias", h);
        dFf1W = buffer("ff1.weight", ff1W.length);
        dFf1B = buffer("ff1.bias", h);
        if (mode == CfcMode.PURE) {
            wTau = p.require("w_tau", 1, h);
            amp = p.require("A", 1, h);
            dWTau = buffer("w_tau", h);
            dAmp = buffer("A", h);
            ff2W = ff2B = taW = taB = tbW = tbB = null;
            dFf2W = dFf2B = dTaW = dTaB = dTbW = dTbB = null;
        } else {
            ff2W = p.require("ff2.weight", h, in);
            ff2B = p.require("ff2.bias", h);
            taW = p.require("time_a.weight", h, in);
            taB = p.require("time_a.bias", h);
            tbW = p.require("time_b.weight", h, in);
            tbB = p.require("time_b.bias", h);
            dFf2W = buffer("ff2.weight", ff2W.length);
            dFf2B = buffer("ff2.bias", h);
            dTaW = buffer("time_a.weight", taW.length);
            dTaB = buffer("time_a.bias", h);
            dTbW = buffer("time_b.weight", tbW.length);
            dTbB = buffer("time_b.bias", h);
            wTau = amp = dWTau = dAmp = null;
        }
        if (proj > 0) {
            fcW = p.require("fc.weight", proj, h);
            fcB = p.require("fc.bias", proj);
            dFcW = buffer("fc.weight", fcW.length);
            dFcB = buffer("fc.bias", proj);
        } else {
            fcW = fcB = dFcW = dFcB = null;
        }
        memory = c.mixedMemory() ? new MemoryBackprop(s, h, p) : null;
        dh = new double[h];
        int widest = Math.max(s + h, units);
        dZ = new double[widest];
        dZNext = new double[widest];
        dP1 = new double[h];
        dP2 = new double[h];
        dPa = new double[h];
        dPb = new double[h];
    }

    private double[] buffer(String name, int size) {
        double[] b = new double[size];
        grads.put(name, b);
        return b;
    }

    @Override
    void begin(int steps) {
        z0 = grow(z0, steps, s + h);
        pre = grow(pre, steps, layers * units);
        post = grow(post, steps, layers * units);
        f1 = grow(f1, steps, h);
        f2 = grow(f2, steps, h);
        gate = grow(gate, steps, h);
        hNew = grow(hNew, steps, h);
        if (memory != null) {
            memory.begin(steps);
        }
        for (double[] g : grads.values()) {
            Arrays.fill(g, 0.0);
        }
    }

    @Override
    void forward(int t, double[] state, double[] x, double dt, double[] y) {
        if (memory != null) {
            memory.forward(t, x, state);
        }
        double[] z = z0[t];
        System.arraycopy(x, 0, z, 0, s);
        System.arraycopy(state, 0, z, s, h);
        double[] pr = pre[t];
        double[] po = post[t];
        double[] layerIn = z;
        int inOff = 0;
        int width = s + h;
        for (int l = 0; l < layers; l++) {
            int off = l * units;
            for (int j = 0; j < units; j++) {
                double p = MemoryBackprop.dot(bw[l], j, width, layerIn, inOff) + bb[l][j];
                pr[off + j] = p;
                po[off + j] = act.apply(p);
            }
            layerIn = po;
            inOff = off;
            width = units;
        }
        double[] a1 = f1[t];
        double[] a2 = f2[t];
        double[] g = gate[t];
        if (mode == CfcMode.PURE) {
            for (int i = 0; i < h; i++) {
                double f = MemoryBackprop.dot(ff1W, i, in, layerIn, inOff) + ff1B[i];
                double e = Math.exp(-dt * (Math.abs(wTau[i]) + Math.abs(f)));
                a1[i] = f;
                a2[i] = e;
                state[i] = -amp[i] * e * f + amp[i];
            }
        } else {
            boolean interpolate = mode == CfcMode.DEFAULT;
            for (int i = 0; i < h; i++) {
                double v1 = Math.tanh(MemoryBackprop.dot(ff1W, i, in, layerIn, inOff) + ff1B[i]);
                double v2 = Math.tanh(MemoryBackprop.dot(ff2W, i, in, layerIn, inOff) + ff2B[i]);
                double ta = MemoryBackprop.dot(taW, i, in, layerIn, inOff) + taB[i];
                double tb = MemoryBackprop.dot(tbW, i, in, layerIn, inOff) + tbB[i];
                double gi = sigmoid(ta * dt + tb);
                a1[i] = v1;
                a2[i] = v2;
                g[i] = gi;
                state[i] = interpolate ? v1 * (1.0 - gi) + gi * v2 : v1 + gi * v2;
            }
        }
        System.arraycopy(state, 0, hNew[t], 0, h);
        if (fcW != null) {
            for (int p = 0; p < proj; p++) {
                y[p] = MemoryBackprop.dot(fcW, p, h, state, 0) + fcB[p];
            }
        } else {
            System.arraycopy(state, 0, y, 0, h);
        }
    }

    @Override
    void backward(int t, double[] x, double dt, double[] dy, double[] dState) {
        double[] hn = hNew[t];
        // Readout.
        System.arraycopy(dState, 0, dh, 0, h);
        if (fcW != null) {
            for (int p = 0; p < proj; p++) {
                double d = dy[p];
                dFcB[p] += d;
                int base = p * h;
                for (int i = 0; i < h; i++) {
                    dFcW[base + i] += d * hn[i];
                    dh[i] += d * fcW[base + i];
                }
            }
        } else {
            for (int i = 0; i < h; i++) {
                dh[i] += dy[i];
            }
        }
        // Heads.
        double[] headIn = layers > 0 ? post[t] : z0[t];
        int headOff = layers > 0 ? (layers - 1) * units : 0;
        double[] a1 = f1[t];
        double[] a2 = f2[t];
        double[] g = gate[t];
        Arrays.fill(dZ, 0, in, 0.0);
        if (mode == CfcMode.PURE) {
            for (int i = 0; i < h; i++) {
                double f = a1[i];
                double e = a2[i];
                double d = dh[i];
                dAmp[i] += d * (1.0 - e * f);
                dWTau[i] += d * amp[i] * f * e * dt * Math.signum(wTau[i]);
                dP1[i] = -d * amp[i] * e * (1.0 - dt * Math.signum(f) * f);
            }
            head(ff1W, dFf1W, dFf1B, dP1, headIn, headOff);
        } else {
            boolean interpolate = mode == CfcMode.DEFAULT;
            for (int i = 0; i < h; i++) {
                double d = dh[i];
                double v1 = a1[i];
                double v2 = a2[i];
                double gi = g[i];
                double dv1 = interpolate ? d * (1.0 - gi) : d;
                double dv2 = d * gi;
                double dg = interpolate ? d * (v2 - v1) : d * v2;
                dP1[i] = dv1 * (1.0 - v1 * v1);
                dP2[i] = dv2 * (1.0 - v2 * v2);
                double dPre = dg * gi * (1.0 - gi);
                dPa[i] = dPre * dt;
                dPb[i] = dPre;
            }
            head(ff1W, dFf1W, dFf1B, dP1, headIn, headOff);
            head(ff2W, dFf2W, dFf2B, dP2, headIn, headOff);
            head(taW, dTaW, dTaB, dPa, headIn, headOff);
            head(tbW, dTbW, dTbB, dPb, headIn, headOff);
        }
        // Backbone, last layer first; dZ holds ∂L/∂(layer output).
        double[] pr = pre[t];
        double[] po = post[t];
        for (int l = layers - 1; l >= 0; l--) {
            int off = l * units;
            double[] layerIn = l > 0 ? po : z0[t];
            int inOff = l > 0 ? (l - 1) * units : 0;
            int width = l > 0 ? units : s + h;
            Arrays.fill(dZNext, 0, width, 0.0);
            double[] w = bw[l];
            double[] dw = dBw[l];
            double[] db = dBb[l];
            for (int j = 0; j < units; j++) {
                double dp = dZ[j] * slope(pr[off + j], po[off + j]);
                if (dp == 0.0) {
                    continue;
                }
                db[j] += dp;
                int base = j * width;
                for (int k = 0; k < width; k++) {
                    dw[base + k] += dp * layerIn[inOff + k];
                    dZNext[k] += dp * w[base + k];
                }
            }
            System.arraycopy(dZNext, 0, dZ, 0, width);
        }
        // dZ is now ∂L/∂[x, h]; the carried h (after the memory cell) gets its part.
        System.arraycopy(dZ, s, dState, 0, h);
        if (memory != null) {
            memory.backward(t, x, dState);
        }
    }

    /** One head {@code p = W z + b}: accumulates ∂W, ∂b and adds Wᵀ ∂p into dZ. */
    private void head(double[] w, double[] dw, double[] db, double[] dp, double[] z, int off) {
        for (int i = 0; i < h; i++) {
            double d = dp[i];
            db[i] += d;
            int base = i * in;
            for (int k = 0; k < in; k++) {
                dw[base + k] += d * z[off + k];
                dZ[k] += d * w[base + k];
            }
        }
    }

    /** The slope of the backbone activation at pre-activation p with value a = act(p). */
    private double slope(double p, double a) {
        switch (act) {
            case LECUN_TANH: {
                double th = Math.tanh(0.666 * p);
                return 1.7159 * 0.666 * (1.0 - th * th);
            }
            case TANH:
                return 1.0 - a * a;
            case RELU:
                return p > 0.0 ? 1.0 : 0.0;
            case SILU: {
                double sg = sigmoid(p);
                return sg * (1.0 + p * (1.0 - sg));
            }
            case GELU: {
                // Φ(p) = GELU(p) / p reuses the cell's own erf (no public erf exists here).
                double cdf = p == 0.0 ? 0.5 : a / p;
                return cdf + p * INV_SQRT_2PI * Math.exp(-0.5 * p * p);
            }
            default:
                throw new AssertionError(act);
        }
    }

    @Override
    void flush(Parameters gradient) {
        for (Map.Entry<String, double[]> e : grads.entrySet()) {
            addInto(gradient, e.getKey(), e.getValue());
        }
        if (memory != null) {
            memory.flush(gradient);
        }
    }
}
