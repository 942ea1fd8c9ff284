package io.ltcflink.core.train;

import io.ltcflink.core.Checks;
import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.LtcConfig;
import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.cell.Positivity;
import io.ltcflink.core.cell.SolverSettings;
import io.ltcflink.core.model.ParameterSet;
import java.util.Arrays;

/*
 * Implementation notes
 *
 * Backpropagation through time [1] for the ncps LTC cell [2, 3] with the fused semi-implicit
 * solver. One step with mapped input u = x ⊙ input_w + input_b and Δt > 0 computes, with P the
 * positivity map (softplus or identity) applied to gleak, cm, w, sensory_w:
 *
 *   a^s_q = P(sw)_q σ(ssig_q (u_k − smu_q))            sensory synapse q: k → i, mask 1
 *   N^s_i = Σ_q a^s_q serev_q      D^s_i = Σ_q a^s_q
 *   c_i = P(cm)_i / h,  h = Δt / K
 *   K times:  a_q = P(w)_q σ(sig_q (v_j − mu_q))        synapse q: j → i, mask 1
 *             α_i = P(gl)_i vl_i + (Σ_q a_q erev_q + N^s_i)
 *             β_i = P(gl)_i + (Σ_q a_q + D^s_i)
 *             v'_i = (c_i v_i + α_i) / (c_i + β_i + ε)
 *   y = v[0:M] ⊙ output_w + output_b
 *
 * Each unfold v → v' is differentiated exactly as written: with den_i = c_i + β_i + ε,
 *
 *   ∂v'_i/∂v_i (direct) = c_i / den_i     ∂v'_i/∂α_i = 1 / den_i     ∂v'_i/∂β_i = −v'_i / den_i
 *   ∂v'_i/∂c_i = (v_i − v'_i) / den_i
 *
 * and the gates send ∂a_q = ∂α_i erev_q + ∂β_i back through σ' = σ (1 − σ) to sig, mu and the
 * presynaptic v_j. The sensory sums and c are loop-invariant, so their gradients are summed over
 * the K unfolds first and pushed through the sensory synapses, the input mapping and c = cm / h
 * once per step. ε only enters den and needs no gradient of its own.
 *
 * The tape keeps, per step, the K + 1 potentials v^0 .. v^K and the K denominators; the gate
 * values σ(·) are recomputed from v^r in the backward pass instead of being stored, which costs
 * one exp per synapse and unfold but keeps the tape at O(K N) per step rather than O(K synapses).
 * Gradients are accumulated per existing synapse (compressed rows, as in LtcCell) with respect to
 * the effective values P(θ), then scattered to the dense [source][destination] tensors and
 * multiplied by P'(θ) once per chunk: P' = σ for softplus (1 above torch's threshold 20) and 1
 * for the identity. Masked entries never receive a gradient; masks are constants.
 *
 * Δt = 0 leaves the state unchanged (LtcCell does not even run the memory cell), so such a step
 * only passes the readout gradient through. With mixed memory the ncps LSTM runs first on the raw
 * x and the LTC unfolds start from its h'; its backward is MemoryBackprop.
 *
 * Only SolverSettings.NCPS in exact numeric mode is differentiated: the explicit solvers and
 * sub-stepping integrate other functions, and the fast mode's polynomial sigmoid is not the
 * function whose derivative is used here.
 *
 * [1] P. J. Werbos, "Backpropagation through time: what it does and how to do it", Proceedings of
 *     the IEEE 78(10), 1990.
 * [2] R. Hasani, M. Lechner, A. Amini, D. Rus, R. Grosu. Liquid Time-constant Networks. AAAI 2021.
 * [3] M. Lechner, R. Hasani. ncps: Neural Circuit Policies, torch LTCCell (v1.0.1).
 */

/** The backward pass of {@link LtcCell} with the fused ncps solver. Not thread-safe. */
final class LtcBackprop extends CellBackprop {

    private final int n;
    private final int s;
    private final int m;
    private final int unfolds;
    private final double epsilon;
    private final Positivity positivity;
    private final boolean hasInputW;
    private final boolean hasInputB;
    private final boolean hasOutputW;
    private final boolean hasOutputB;

    // Raw values of the positive parameters (for P'), dense layout.
    private final double[] gleakRaw;
    private final double[] cmRaw;
    private final double[] wRaw;
    private final double[] sensoryWRaw;

    // Effective per-neuron constants.
    private final double[] gleak;
    private final double[] vleak;
    private final double[] cm;

    // Recurrent synapses in compressed rows (row = source), with their dense index.
    private final int[] rowStart;
    private final int[] dst;
    private final int[] dense;
    private final double[] sigma;
    private final double[] mu;
    private final double[] w;
    private final double[] erev;

    // Sensory synapses in compressed rows (row = input).
    private final int[] sRowStart;
    private final int[] sDst;
    private final int[] sDense;
    private final double[] sSigma;
    private final double[] sMu;
    private final double[] sW;
    private final double[] sErev;

    private final double[] inputW;
    private final double[] inputB;
    private final double[] outputW;
    private final double[] outputB;

    private final MemoryBackprop memory;

    // Gradients with respect to the effective values.
    private final double[] dGleak;
    private final double[] dVleak;
    private final double[] dCm;
    private final double[] dSigma;
    private final double[] dMu;
    private final double[] dW;
    private final double[] dErev;
    private final double[] dsSigma;
    private final double[] dsMu;
    private final double[] dsW;
    private final double[] dsErev;
    private final double[] dInputW;
    private final double[] dInputB;
    private final double[] dOutputW;
    private final double[] dOutputB;

    // Scratch.
    private final double[] num;
    private final double[] den;
    private final double[] sNum;
    private final double[] sDen;
    private final double[] dV;
    private final double[] dPrev;
    private final double[] dC;
    private final double[] dSNum;
    private final double[] dSDen;
    private final double[] dU;

    // Tape.
    private boolean[] active;
    private double[][] u; // per step: mapped input
    private double[][] v; // per step: (K + 1) N potentials, v^r at [r N, (r + 1) N)
    private double[][] dens; // per step: K N denominators
    private double[][] readout; // per step: the M potentials read out

    LtcBackprop(LtcCell cell) {
        SolverSettings solver = cell.solverSettings();
        Checks.requireArgument(
                solver.equals(SolverSettings.NCPS),
                "backpropagation supports only the fused solver with ncps settings"
                        + " (SolverSettings.NCPS) but the cell uses %s",
                solver);
        Checks.requireArgument(
                cell.numericMode() == NumericMode.EXACT,
                "backpropagation needs numeric mode exact but the cell uses %s;"
                        + " call withNumericMode(NumericMode.EXACT)",
                cell.numericMode().fileName());
        LtcConfig c = cell.config();
        ParameterSet p = cell.parameters();
        this.n = c.units();
        this.s = c.inputSize();
        this.m = c.outputSize();
        this.unfolds = c.odeUnfolds();
        this.epsilon = c.epsilon();
        this.positivity = c.positivity();
        this.hasInputW = c.inputMapping().hasWeight();
        this.hasInputB = c.inputMapping().hasBias();
        this.hasOutputW = c.outputMapping().hasWeight();
        this.hasOutputB = c.outputMapping().hasBias();

        this.gleakRaw = p.require("gleak", n);
        this.cmRaw = p.require("cm", n);
        this.wRaw = p.require("w", n, n);
        this.sensoryWRaw = p.require("sensory_w", s, n);
        this.gleak = positive(gleakRaw);
        this.vleak = p.require("vleak", n);
        this.cm = positive(cmRaw);

        double[] mask = p.require("sparsity_mask", n, n);
        int nnz = count(mask);
        rowStart = new int[n + 1];
        dst = new int[nnz];
        dense = new int[nnz];
        compress(mask, n, n, rowStart, dst, dense);
        sigma = gather(p.require("sigma", n, n), dense);
        mu = gather(p.require("mu", n, n), dense);
        w = gather(positive(wRaw), dense);
        erev = gather(p.require("erev", n, n), dense);

        double[] sMask = p.require("sensory_sparsity_mask", s, n);
        int sNnz = count(sMask);
        sRowStart = new int[s + 1];
        sDst = new int[sNnz];
        sDense = new int[sNnz];
        compress(sMask, s, n, sRowStart, sDst, sDense);
        sSigma = gather(p.require("sensory_sigma", s, n), sDense);
        sMu = gather(p.require("sensory_mu", s, n), sDense);
        sW = gather(positive(sensoryWRaw), sDense);
        sErev = gather(p.require("sensory_erev", s, n), sDense);

        inputW = hasInputW ? p.require("input_w", s) : filled(s, 1.0);
        inputB = hasInputB ? p.require("input_b", s) : filled(s, 0.0);
        outputW = hasOutputW ? p.require("output_w", m) : filled(m, 1.0);
        outputB = hasOutputB ? p.require("output_b", m) : filled(m, 0.0);

        memory = c.mixedMemory() ? new MemoryBackprop(s, n, p) : null;

        dGleak = new double[n];
        dVleak = new double[n];
        dCm = new double[n];
        dSigma = new double[nnz];
        dMu = new double[nnz];
        dW = new double[nnz];
        dErev = new double[nnz];
        dsSigma = new double[sNnz];
        dsMu = new double[sNnz];
        dsW = new double[sNnz];
        dsErev = new double[sNnz];
        dInputW = new double[s];
        dInputB = new double[s];
        dOutputW = new double[m];
        dOutputB = new double[m];

        num = new double[n];
        den = new double[n];
        sNum = new double[n];
        sDen = new double[n];
        dV = new double[n];
        dPrev = new double[n];
        dC = new double[n];
        dSNum = new double[n];
        dSDen = new double[n];
        dU = new double[s];
    }

    @Override
    void begin(int steps) {
        if (active == null || active.length < steps) {
            active = Arrays.copyOf(active == null ? new boolean[0] : active, steps);
        }
        u = grow(u, steps, s);
        v = grow(v, steps, (unfolds + 1) * n);
        dens = grow(dens, steps, unfolds * n);
        readout = grow(readout, steps, m);
        if (memory != null) {
            memory.begin(steps);
        }
        for (double[] g :
                new double[][] {
                    dGleak, dVleak, dCm, dSigma, dMu, dW, dErev, dsSigma, dsMu, dsW, dsErev,
                    dInputW, dInputB, dOutputW, dOutputB
                }) {
            Arrays.fill(g, 0.0);
        }
    }

    @Override
    void forward(int t, double[] state, double[] x, double dt, double[] y) {
        active[t] = dt > 0.0;
        if (active[t]) {
            if (memory != null) {
                memory.forward(t, x, state);
            }
            double[] ut = u[t];
            for (int k = 0; k < s; k++) {
                ut[k] = x[k] * inputW[k] + inputB[k];
            }
            sensory(ut);
            double h = dt / unfolds;
            double[] vt = v[t];
            double[] denT = dens[t];
            System.arraycopy(state, 0, vt, 0, n);
            for (int r = 0; r < unfolds; r++) {
                int from = r * n;
                int to = from + n;
                synapseSums(vt, from);
                for (int i = 0; i < n; i++) {
                    double alpha = gleak[i] * vleak[i] + (num[i] + sNum[i]);
                    double beta = gleak[i] + (den[i] + sDen[i]);
                    double c = cm[i] / h;
                    double d = c + beta + epsilon;
                    denT[from + i] = d;
                    vt[to + i] = (c * vt[from + i] + alpha) / d;
                }
            }
            System.arraycopy(vt, unfolds * n, state, 0, n);
        }
        System.arraycopy(state, 0, readout[t], 0, m);
        for (int i = 0; i < m; i++) {
            y[i] = state[i] * outputW[i] + outputB[i];
        }
    }

    /** The sensory sums N^s, D^s of a mapped input, in the order of the cell. */
    private void sensory(double[] ut) {
        Arrays.fill(sNum, 0.0);
        Arrays.fill(sDen, 0.0);
        for (int k = 0; k < s; k++) {
            double uk = ut[k];
            for (int q = sRowStart[k], end = sRowStart[k + 1]; q < end; q++) {
                double a = sW[q] * sigmoid(sSigma[q] * (uk - sMu[q]));
                sNum[sDst[q]] += a * sErev[q];
                sDen[sDst[q]] += a;
            }
        }
    }

    /** The recurrent sums Σ a erev into num and Σ a into den, for potentials at vs[off..]. */
    private void synapseSums(double[] vs, int off) {
        Arrays.fill(num, 0.0);
        Arrays.fill(den, 0.0);
        for (int j = 0; j < n; j++) {
            double vj = vs[off + j];
            for (int q = rowStart[j], end = rowStart[j + 1]; q < end; q++) {
                double a = w[q] * sigmoid(sigma[q] * (vj - mu[q]));
                num[dst[q]] += a * erev[q];
                den[dst[q]] += a;
            }
        }
    }

    @Override
    void backward(int t, double[] x, double dt, double[] dy, double[] dState) {
        double[] read = readout[t];
        for (int i = 0; i < m; i++) {
            dOutputW[i] += dy[i] * read[i];
            dOutputB[i] += dy[i];
            dState[i] += dy[i] * outputW[i];
        }
        if (!active[t]) {
            return;
        }
        double[] vt = v[t];
        System.arraycopy(dState, 0, dV, 0, n);
        Arrays.fill(dC, 0.0);
        Arrays.fill(dSNum, 0.0);
        Arrays.fill(dSDen, 0.0);
        double[] denT = dens[t];
        double h = dt / unfolds;
        for (int r = unfolds - 1; r >= 0; r--) {
            int from = r * n;
            int to = from + n;
            Arrays.fill(dPrev, 0.0);
            // dV is ∂L/∂v^{r+1}; num and den are reused as ∂L/∂α and ∂L/∂β.
            for (int i = 0; i < n; i++) {
                double d = denT[from + i];
                double dNum = dV[i] / d;
                double dDen = -dNum * vt[to + i];
                double c = cm[i] / h;
                dC[i] += dNum * vt[from + i] + dDen;
                dPrev[i] += dNum * c;
                num[i] = dNum;
                den[i] = dDen;
                dGleak[i] += dNum * vleak[i] + dDen;
                dVleak[i] += dNum * gleak[i];
                dSNum[i] += dNum;
                dSDen[i] += dDen;
            }
            for (int j = 0; j < n; j++) {
                double vj = vt[from + j];
                double dvj = 0.0;
                for (int q = rowStart[j], end = rowStart[j + 1]; q < end; q++) {
                    int i = dst[q];
                    double diff = vj - mu[q];
                    double g = sigmoid(sigma[q] * diff);
                    double a = w[q] * g;
                    dErev[q] += num[i] * a;
                    double da = num[i] * erev[q] + den[i];
                    dW[q] += da * g;
                    double dz = da * w[q] * g * (1.0 - g);
                    dSigma[q] += dz * diff;
                    dMu[q] -= dz * sigma[q];
                    dvj += dz * sigma[q];
                }
                dPrev[j] += dvj;
            }
            System.arraycopy(dPrev, 0, dV, 0, n);
        }
        for (int i = 0; i < n; i++) {
            dCm[i] += dC[i] / h;
        }
        // Sensory synapses and the input mapping.
        double[] ut = u[t];
        Arrays.fill(dU, 0.0);
        for (int k = 0; k < s; k++) {
            double uk = ut[k];
            double duk = 0.0;
            for (int q = sRowStart[k], end = sRowStart[k + 1]; q < end; q++) {
                int i = sDst[q];
                double diff = uk - sMu[q];
                double g = sigmoid(sSigma[q] * diff);
                double a = sW[q] * g;
                dsErev[q] += dSNum[i] * a;
                double da = dSNum[i] * sErev[q] + dSDen[i];
                dsW[q] += da * g;
                double dz = da * sW[q] * g * (1.0 - g);
                dsSigma[q] += dz * diff;
                dsMu[q] -= dz * sSigma[q];
                duk += dz * sSigma[q];
            }
            dU[k] = duk;
        }
        for (int k = 0; k < s; k++) {
            dInputW[k] += dU[k] * x[k];
            dInputB[k] += dU[k];
        }
        System.arraycopy(dV, 0, dState, 0, n);
        if (memory != null) {
            memory.backward(t, x, dState);
        }
    }

    @Override
    void flush(Parameters gradient) {
        double[] gGleak = gradient.array("gleak");
        double[] gVleak = gradient.array("vleak");
        double[] gCm = gradient.array("cm");
        for (int i = 0; i < n; i++) {
            gGleak[i] += dGleak[i] * positiveSlope(gleakRaw[i]);
            gVleak[i] += dVleak[i];
            gCm[i] += dCm[i] * positiveSlope(cmRaw[i]);
        }
        scatter(gradient.array("sigma"), dSigma, dense, null);
        scatter(gradient.array("mu"), dMu, dense, null);
        scatter(gradient.array("w"), dW, dense, wRaw);
        scatter(gradient.array("erev"), dErev, dense, null);
        scatter(gradient.array("sensory_sigma"), dsSigma, sDense, null);
        scatter(gradient.array("sensory_mu"), dsMu, sDense, null);
        scatter(gradient.array("sensory_w"), dsW, sDense, sensoryWRaw);
        scatter(gradient.array("sensory_erev"), dsErev, sDense, null);
        if (hasInputW) {
            addInto(gradient, "input_w", dInputW);
        }
        if (hasInputB) {
            addInto(gradient, "input_b", dInputB);
        }
        if (hasOutputW) {
            addInto(gradient, "output_w", dOutputW);
        }
        if (hasOutputB) {
            addInto(gradient, "output_b", dOutputB);
        }
        if (memory != null) {
            memory.flush(gradient);
        }
    }

    /** {@code g[dense[q]] += d[q] · P'(raw[dense[q]])}, or without P' when raw is null. */
    private void scatter(double[] g, double[] d, int[] denseIndex, double[] raw) {
        for (int q = 0; q < d.length; q++) {
            int at = denseIndex[q];
            g[at] += raw == null ? d[q] : d[q] * positiveSlope(raw[at]);
        }
    }

    /** P'(x): the softplus slope σ(x), 1 above torch's threshold 20, or 1 for the identity. */
    private double positiveSlope(double x) {
        if (positivity == Positivity.IDENTITY || x > 20.0) {
            return 1.0;
        }
        return sigmoid(x);
    }

    private double[] positive(double[] raw) {
        double[] out = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = positivity.apply(raw[i]);
        }
        return out;
    }

    private static int count(double[] mask) {
        int nnz = 0;
        for (double x : mask) {
            nnz += x != 0.0 ? 1 : 0;
        }
        return nnz;
    }

    /** Compressed rows of a mask in row-major order, as LtcCell builds them. */
    private static void compress(
            double[] mask, int rows, int cols, int[] start, int[] dst, int[] dense) {
        int q = 0;
        for (int r = 0; r < rows; r++) {
            start[r] = q;
            for (int col = 0; col < cols; col++) {
                int at = r * cols + col;
                if (mask[at] != 0.0) {
                    dst[q] = col;
                    dense[q] = at;
                    q++;
                }
            }
        }
        start[rows] = q;
    }

    private static double[] gather(double[] values, int[] dense) {
        double[] out = new double[dense.length];
        for (int q = 0; q < dense.length; q++) {
            out[q] = values[dense[q]];
        }
        return out;
    }

    private static double[] filled(int size, double value) {
        double[] out = new double[size];
        Arrays.fill(out, value);
        return out;
    }
}
