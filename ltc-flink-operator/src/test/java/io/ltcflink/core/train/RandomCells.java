package io.ltcflink.core.train;

import io.ltcflink.core.cell.Activation;
import io.ltcflink.core.cell.CfcCell;
import io.ltcflink.core.cell.CfcConfig;
import io.ltcflink.core.cell.CfcMode;
import io.ltcflink.core.cell.LstmCell;
import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.LtcConfig;
import io.ltcflink.core.cell.Mapping;
import io.ltcflink.core.cell.Positivity;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.wiring.Wiring;
import java.util.List;
import java.util.SplittableRandom;

/** Small random cells whose parameters are moved away from their initial values. */
final class RandomCells {

    private RandomCells() {}

    /**
     * An LTC cell on a random wiring of the given density (so some synapses are masked), with
     * every trainable parameter jittered (erev no longer ±1, mappings not 1/0).
     */
    static LtcCell ltc(SplittableRandom rnd, LtcConfig config, double density) {
        int n = config.units();
        int s = config.inputSize();
        int[][] adj = new int[n][n];
        int[][] sens = new int[s][n];
        for (int[][] m : new int[][][] {adj, sens}) {
            for (int[] row : m) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = rnd.nextDouble() < density ? (rnd.nextBoolean() ? 1 : -1) : 0;
                }
            }
        }
        Wiring wiring = new Wiring("Random", adj, sens, config.outputSize(), List.of());
        return (LtcCell) jitter(rnd, LtcCell.initialize(config, wiring, rnd.nextLong()), 0.3);
    }

    /** An LTC configuration with the given choices and K = 3 unfolds. */
    static LtcConfig ltcConfig(
            int inputs, int units, int outputs, Positivity positivity, Mapping in, Mapping out,
            boolean mixed) {
        return new LtcConfig(inputs, units, outputs, positivity, in, out, 3, 1e-8, mixed);
    }

    /**
     * A CfC cell of the given configuration, jittered; in pure mode |w_tau| ≥ 0.2, away from the
     * kink of |w_tau| where the loss has no derivative.
     */
    static CfcCell cfc(SplittableRandom rnd, CfcConfig config) {
        CfcCell cell = (CfcCell) jitter(rnd, CfcCell.initialize(config, rnd.nextLong()), 0.2);
        if (config.mode() != CfcMode.PURE) {
            return cell;
        }
        Parameters p = Parameters.of(cell);
        double[] wTau = p.array("w_tau");
        for (int i = 0; i < wTau.length; i++) {
            wTau[i] = Math.copySign(Math.max(Math.abs(wTau[i]), 0.2), wTau[i]);
        }
        return (CfcCell) p.toCell(cell);
    }

    /** A CfC configuration: S = 2, H = 3, U = 4, with the given choices. */
    static CfcConfig cfcConfig(
            CfcMode mode, Activation activation, int layers, int projection, boolean mixed) {
        return new CfcConfig(2, 3, mode, activation, 4, layers, projection, mixed);
    }

    /** An LSTM cell S = 2, H = 3, M = 2, jittered. */
    static LstmCell lstm(SplittableRandom rnd) {
        return (LstmCell) jitter(rnd, LstmCell.initialize(2, 3, 2, rnd.nextLong()), 0.2);
    }

    /**
     * {@code cell} with every trainable entry moved by U(−amount, amount); with identity
     * positivity the LTC's positive parameters are kept positive.
     */
    static RecurrentCell jitter(SplittableRandom rnd, RecurrentCell cell, double amount) {
        Parameters p = Parameters.of(cell);
        boolean identity = cell instanceof LtcCell
                && ((LtcCell) cell).config().positivity() == Positivity.IDENTITY;
        for (String name : p.names()) {
            double[] v = p.array(name);
            boolean positive = identity && List.of("gleak", "cm", "w", "sensory_w").contains(name);
            for (int i = 0; i < v.length; i++) {
                if (p.isTrainable(name, i)) {
                    v[i] += rnd.nextDouble(-amount, amount);
                    if (positive) {
                        v[i] = Math.abs(v[i]) + 1e-2;
                    }
                }
            }
        }
        return p.toCell(cell);
    }
}
