package io.ltcflink.jobs.train;

import io.ltcflink.core.Checks;
import io.ltcflink.core.cell.Activation;
import io.ltcflink.core.cell.CellKind;
import io.ltcflink.core.cell.CfcMode;
import io.ltcflink.core.train.CellFactory;
import java.util.Locale;

/*
 * Implementation notes: the default learning rates and batching.
 *
 * Measured with Trainer (Adam, clip norm 1, 30 epochs, 2000 training samples, seed 1) and scored
 * on 1000 unseen samples (seed 1001) as test MSE / persistence MSE, lower is better.
 *
 * Sweep 1, regular sampling, batch 8 x chunk 32 (the trainer's defaults),
 * lr 0.003 / 0.01 / 0.03 / 0.1:
 *
 *                  Mackey-Glass                   Lorenz
 *   LTC fc 16      4.3   0.36   0.25   1.1        1.6    0.12   0.021   0.018
 *   CfC 16         0.056 0.022  0.020  6.4        0.008  0.004  0.008   0.070
 *   LSTM 32        0.14  0.056  0.037  0.037      0.006  0.001  0.0003  0.001
 *
 * Sweep 2, 30 % Bernoulli drops, lr 0.01 and 0.03, batch x chunk 8 x 32, 4 x 16, 2 x 16,
 * 1 x 16: 4 x 16 is as good as or better than 8 x 32 at the same cost per epoch and four times
 * the updates (CfC on Mackey-Glass at 0.01: 0.080 against 0.139), but at 0.03 CfC jumps with
 * the smaller batches (Mackey-Glass, 4 x 16: 0.21, best epoch 6) and LSTM gains nothing.
 *
 * Hence LTC 0.03 (0.01 learns slowly, 0.1 diverges on Mackey-Glass; the LTC is still improving
 * after 30 epochs: 100 epochs of 8 x 32 at 0.03 reach 0.025 on Mackey-Glass), CfC and LSTM 0.01,
 * and the command line's batch 4 x chunk 16. With mixed memory the LTC trains better at 0.01;
 * the rates live in TrainingDefaults.
 */

/**
 * A cell to train as the command line names it: the kind, its size, the LTC wiring and the CfC
 * backbone width, with per-kind defaults for the size. Immutable.
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

    /** The factory the trainer draws the initial cell from. */
    public CellFactory factory() {
        return factory(false);
    }

    /**
     * As {@link #factory()}, with ncps's mixed memory (an LSTM memory cell beside the LTC or CfC
     * state) when {@code mixedMemory} is set.
     *
     * @throws IllegalArgumentException for mixed memory on an LSTM, which is one already
     */
    public CellFactory factory(boolean mixedMemory) {
        return factory(mixedMemory, 1.0);
    }

    /**
     * As {@link #factory(boolean)}, an LTC's initial membrane capacitances scaled by {@code
     * cmScale} (1: ncps's initialisation).
     *
     * @throws IllegalArgumentException for a scale other than 1 on a cell that is no LTC
     */
    public CellFactory factory(boolean mixedMemory, double cmScale) {
        Checks.requireArgument(!mixedMemory || kind != CellKind.LSTM,
                "mixed memory is for LTC and CfC cells; an LSTM has its memory already");
        Checks.requireArgument(cmScale == 1.0 || kind == CellKind.LTC,
                "--cm-scale applies to ltc cells only, not to %s",
                kind.fileName().toLowerCase(Locale.ROOT));
        switch (kind) {
            case LTC:
                return wiring == Wiring.FC
                        ? CellFactory.ltcFullyConnected(units, mixedMemory, cmScale)
                        : CellFactory.ltcAutoNcp(units, mixedMemory, cmScale);
            case CFC:
                return CellFactory.cfc(units, CfcMode.DEFAULT, Activation.LECUN_TANH,
                        backboneUnits, 1, mixedMemory);
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
