package io.ltcflink.jobs.train;

import io.ltcflink.core.Checks;
import io.ltcflink.core.cell.Activation;
import io.ltcflink.core.cell.CellKind;
import io.ltcflink.core.cell.CfcMode;
import io.ltcflink.core.train.CellFactory;
import java.util.Locale;

/*
 * Implementation notes: the default learning rates.
 *
 * Measured with Trainer (Adam, clip norm 1, 30 epochs, 2000 samples, chunk 16, batch 4) on
 * Lorenz and Mackey-Glass, regular and with 30 % Bernoulli drops, lr in {0.003, 0.01, 0.03, 0.1};
 * the number is the test MSE over the persistence MSE on unseen data (lower is better).
 *
 *   LTC fc 16:  at 0.01 it learns slowly (Mackey-Glass 0.36, Lorenz 0.12 after 30 epochs); 0.03
 *               halves that (0.25, 0.02); 0.1 diverges on Mackey-Glass (1.1). Still improving at
 *               epoch 30: 100 epochs at 0.03 reach 0.025 on Mackey-Glass. Default 0.03.
 *   CfC 16:     0.01 and 0.03 are about equal (0.02, 0.004-0.008); 0.03 occasionally jumps
 *               with small batches (Mackey-Glass at 30 % drops: best epoch 6, 0.21 against 0.08
 *               at 0.01); 0.1 diverges. Default 0.01.
 *   LSTM 32:    0.01 and 0.03 are about equal; 0.003 is slow (0.14 against 0.06 on
 *               Mackey-Glass). Default 0.01.
 */

/**
 * A cell to train as the command line names it: the kind, its size, the LTC wiring and the CfC
 * backbone width, with per-kind defaults for the size and the learning rate. Immutable.
 *
 * @param kind the cell family
 * @param units LTC neurons, or the CfC / LSTM hidden size
 * @param wiring the LTC wiring (FC for other kinds, where it is unused)
 * @param backboneUnits the CfC backbone width (unused for other kinds)
 */
public record CellSpec(CellKind kind, int units, Wiring wiring, int backboneUnits) {

    /** The CfC backbone width when none is given: ncps uses 128; 32 keeps CfC near LTC's size. */
    public static final int DEFAULT_BACKBONE_UNITS = 32;

    /** The wiring of an LTC's synapses. */
    public enum Wiring {
        /** Every neuron receives every input and every neuron. */
        FC("fc"),
        /** ncps's AutoNCP: sparse sensory → inter → command → motor layers. */
        AUTONCP("autoncp");

        private final String id;

        Wiring(String id) {
            this.id = id;
        }

        /** The name used on the command line. */
        public String id() {
            return id;
        }

        /** The wiring named {@code name} (case-insensitive); the error lists the valid names. */
        public static Wiring parse(String name) {
            for (Wiring w : values()) {
                if (w.id.equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return w;
                }
            }
            throw new IllegalArgumentException(
                    String.format("unknown wiring '%s': expected fc or autoncp", name));
        }
    }

    public CellSpec {
        Checks.requireArgument(kind != null, "cell kind must not be null");
        Checks.requireArgument(units >= 1, "units must be positive: %s", units);
        Checks.requireArgument(wiring != null, "wiring must not be null");
        Checks.requireArgument(backboneUnits >= 1,
                "backbone units must be positive: %s", backboneUnits);
    }

    /**
     * The cell named on the command line; a null size, wiring or backbone takes the default. A
     * wiring for a cell other than LTC, or a backbone for a cell other than CfC, is an error
     * rather than silently ignored.
     *
     * @throws IllegalArgumentException naming an unknown kind or wiring, or a misplaced option
     */
    public static CellSpec parse(String cell, Integer units, String wiring, Integer backbone) {
        CellKind kind = CellKind.fromFileName(cell == null ? "" : cell.trim());
        Checks.requireArgument(wiring == null || kind == CellKind.LTC,
                "--wiring applies to ltc cells only, not to %s", kind.fileName());
        Checks.requireArgument(backbone == null || kind == CellKind.CFC,
                "--backbone-units applies to cfc cells only, not to %s", kind.fileName());
        return new CellSpec(
                kind,
                units != null ? units : defaultUnits(kind),
                wiring != null ? Wiring.parse(wiring) : Wiring.FC,
                backbone != null ? backbone : DEFAULT_BACKBONE_UNITS);
    }

    /** An LTC on the given wiring. */
    public static CellSpec ltc(int units, Wiring wiring) {
        return new CellSpec(CellKind.LTC, units, wiring, DEFAULT_BACKBONE_UNITS);
    }

    /** A CfC (default mode, lecun-tanh backbone of one layer). */
    public static CellSpec cfc(int units, int backboneUnits) {
        return new CellSpec(CellKind.CFC, units, Wiring.FC, backboneUnits);
    }

    /** A one-layer LSTM with a linear head. */
    public static CellSpec lstm(int units) {
        return new CellSpec(CellKind.LSTM, units, Wiring.FC, DEFAULT_BACKBONE_UNITS);
    }

    /** The size when none is given: 16 LTC neurons, 16 CfC units, 32 LSTM units. */
    public static int defaultUnits(CellKind kind) {
        return kind == CellKind.LSTM ? 32 : 16;
    }

    /** Adam's step size when none is given (measured; see the notes at the top of the file). */
    public double defaultLearningRate() {
        return kind == CellKind.LTC ? 0.03 : 0.01;
    }

    /** The factory the trainer draws the initial cell from. */
    public CellFactory factory() {
        switch (kind) {
            case LTC:
                return wiring == Wiring.FC
                        ? CellFactory.ltcFullyConnected(units, false)
                        : CellFactory.ltcAutoNcp(units, false);
            case CFC:
                return CellFactory.cfc(units, CfcMode.DEFAULT, Activation.LECUN_TANH,
                        backboneUnits, 1, false);
            case LSTM:
                return CellFactory.lstm(units);
            default:
                throw new IllegalStateException("no factory for " + kind);
        }
    }

    /** A short name: {@code ltc-fc-16}, {@code ltc-autoncp-32}, {@code cfc-16}, {@code lstm-32}. */
    public String label() {
        String k = kind.fileName().toLowerCase(Locale.ROOT);
        return kind == CellKind.LTC ? k + "-" + wiring.id() + "-" + units : k + "-" + units;
    }
}
