package io.ltcflink.core.cell;

import io.ltcflink.core.wiring.Wiring;
import java.util.List;
import java.util.SplittableRandom;

/** Random LTC cells and a dense, direct transcription of ncps's step to check them against. */
final class RandomLtc {

    private RandomLtc() {}

    /** A random wiring with the given synapse density (polarity −1/+1 where a synapse exists). */
    static Wiring wiring(SplittableRandom rnd, int units, int inputs, int outputs, double density) {
        int[][] adj = new int[units][units];
        int[][] sens = new int[inputs][units];
        for (int[] row : adj) {
            fill(rnd, row, density);
        }
        for (int[] row : sens) {
            fill(rnd, row, density);
        }
        return new Wiring("Random", adj, sens, outputs, List.of());
    }

    private static void fill(SplittableRandom rnd, int[] row, double density) {
        for (int i = 0; i < row.length; i++) {
            row[i] = rnd.nextDouble() < density ? (rnd.nextBoolean() ? 1 : -1) : 0;
        }
    }

    /** A random configuration: sizes, positivity, mappings, unfolds, mixed memory. */
    static LtcConfig config(SplittableRandom rnd, boolean mixed) {
        int units = 2 + rnd.nextInt(20);
        int inputs = 1 + rnd.nextInt(5);
        int outputs = 1 + rnd.nextInt(units);
        Mapping[] maps = Mapping.values();
        return new LtcConfig(
                inputs, units, outputs,
                rnd.nextBoolean() ? Positivity.SOFTPLUS : Positivity.IDENTITY,
                maps[rnd.nextInt(maps.length)], maps[rnd.nextInt(maps.length)],
                1 + rnd.nextInt(8), 1e-8, mixed);
    }

    /** A random cell whose parameters are perturbed away from the init (so erev is not ±1). */
    static LtcCell cell(SplittableRandom rnd, LtcConfig config, double density) {
        Wiring w = wiring(rnd, config.units(), config.inputSize(), config.outputSize(), density);
        LtcCell base = LtcCell.initialize(config, w, rnd.nextLong());
        io.ltcflink.core.model.ParameterSet.Builder b = io.ltcflink.core.model.ParameterSet.builder();
        base.parameters().asMap().forEach((name, t) -> {
            double[] v = t.toArray();
            if (!name.endsWith("mask")) {
                for (int i = 0; i < v.length; i++) {
                    v[i] += 0.1 * (rnd.nextDouble() - 0.5);
                    if (config.positivity() == Positivity.IDENTITY
                            && (name.equals("gleak") || name.equals("cm") || name.equals("w")
                                    || name.equals("sensory_w"))) {
                        v[i] = Math.abs(v[i]) + 1e-3;
                    }
                }
            }
            b.put(name, io.ltcflink.core.model.Tensor.of(t.shape(), v));
        });
        return LtcCell.fromParameters(config, b.build());
    }

    /**
     * One ncps step transcribed literally from the spec with dense matrices and masks (no
     * mixed memory): returns the new state; {@code output} receives the readout.
     */
    static double[] referenceStep(LtcCell cell, double[] v0, double[] x, double dt, double[] output) {
        LtcConfig c = cell.config();
        int n = c.units();
        int s = c.inputSize();
        var p = cell.parameters();
        Positivity pos = c.positivity();
        double[] gleak = p.get("gleak").toArray();
        double[] vleak = p.get("vleak").toArray();
        double[] cm = p.get("cm").toArray();
        double[] sigma = p.get("sigma").toArray();
        double[] mu = p.get("mu").toArray();
        double[] w = p.get("w").toArray();
        double[] erev = p.get("erev").toArray();
        double[] mask = p.get("sparsity_mask").toArray();
        double[] ssigma = p.get("sensory_sigma").toArray();
        double[] smu = p.get("sensory_mu").toArray();
        double[] sw = p.get("sensory_w").toArray();
        double[] serev = p.get("sensory_erev").toArray();
        double[] smask = p.get("sensory_sparsity_mask").toArray();
        double[] u = x.clone();
        if (c.inputMapping().hasWeight()) {
            double[] iw = p.get("input_w").toArray();
            for (int k = 0; k < s; k++) {
                u[k] = u[k] * iw[k];
            }
        }
        if (c.inputMapping().hasBias()) {
            double[] ib = p.get("input_b").toArray();
            for (int k = 0; k < s; k++) {
                u[k] = u[k] + ib[k];
            }
        }
        double[] sNum = new double[n];
        double[] sDen = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < s; k++) {
                int q = k * n + i;
                double a = pos.apply(sw[q]) / (1 + Math.exp(-ssigma[q] * (u[k] - smu[q]))) * smask[q];
                sNum[i] += a * serev[q];
                sDen[i] += a;
            }
        }
        double[] v = v0.clone();
        double cmt = 0;
        for (int step = 0; step < c.odeUnfolds(); step++) {
            double[] next = new double[n];
            for (int i = 0; i < n; i++) {
                double num = 0;
                double den = 0;
                for (int j = 0; j < n; j++) {
                    int q = j * n + i;
                    double a = pos.apply(w[q]) / (1 + Math.exp(-sigma[q] * (v[j] - mu[q]))) * mask[q];
                    num += a * erev[q];
                    den += a;
                }
                cmt = pos.apply(cm[i]) / (dt / c.odeUnfolds());
                double gl = pos.apply(gleak[i]);
                next[i] = (cmt * v[i] + gl * vleak[i] + (num + sNum[i]))
                        / (cmt + gl + (den + sDen[i]) + c.epsilon());
            }
            v = next;
        }
        double[] ow = c.outputMapping().hasWeight() ? p.get("output_w").toArray() : null;
        double[] ob = c.outputMapping().hasBias() ? p.get("output_b").toArray() : null;
        for (int m = 0; m < c.outputSize(); m++) {
            output[m] = v[m] * (ow == null ? 1 : ow[m]) + (ob == null ? 0 : ob[m]);
        }
        return v;
    }
}
