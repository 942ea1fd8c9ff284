package io.ltcflink.jobs.benchmark;

import io.ltcflink.core.cell.Activation;
import io.ltcflink.core.cell.CellKind;
import io.ltcflink.core.cell.CfcMode;
import io.ltcflink.core.train.CellFactory;
import io.ltcflink.core.train.TrainingDefaults;
import java.util.ArrayList;
import java.util.List;

/**
 * One model of the benchmark: its name, its family, its size, for the windowed LSTM its window,
 * whether the gap is an input feature and whether it has ncps's mixed memory. The LTC and CfC
 * are as {@code ltc train} makes them by default ({@link TrainingDefaults}).
 *
 * @param name unique within a run, e.g. {@code ltc-fc16}, {@code lstm64-w32-gap}
 * @param family how it runs: the LTC job (LTC and CfC, one step per record) or the sidecar
 * @param units neurons (LTC), hidden units (CfC, LSTM)
 * @param window W for the windowed LSTM, 0 for the stateful models
 * @param logDelta whether {@code log Δ} is an input besides the samples (LTC and CfC also step
 *     across Δ natively)
 * @param mixedMemory whether an LTC or CfC has ncps's mixed memory (an LSTM never does)
 */
public record ModelSpec(String name, Family family, int units, int window, boolean logDelta,
        boolean mixedMemory) {

    /** The model families of the benchmark. */
    public enum Family {
        /** ncps LTC on a fully connected wiring, in the LTC job. */
        LTC_FC("ltc-fc"),
        /** ncps LTC on an AutoNCP wiring, in the LTC job. */
        LTC_NCP("ltc-ncp"),
        /** ncps CfC, in the LTC job (the operator runs any cell). */
        CFC("cfc"),
        /** A windowed LSTM, in the sidecar job. */
        LSTM("lstm");

        private final String id;

        Family(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** The cell kind the family trains. */
        public CellKind kind() {
            return this == CFC ? CellKind.CFC : this == LSTM ? CellKind.LSTM : CellKind.LTC;
        }

        /** Whether the family is an LTC (the claims are about these). */
        public boolean isLtc() {
            return this == LTC_FC || this == LTC_NCP;
        }
    }

    /** The models of a run, stateful ones first. */
    public static List<ModelSpec> all(BenchmarkSettings s) {
        List<ModelSpec> out = new ArrayList<>();
        out.add(stateful("ltc-fc" + s.ltcUnits(), Family.LTC_FC, s.ltcUnits()));
        out.add(stateful("ltc-ncp" + s.ncpUnits(), Family.LTC_NCP, s.ncpUnits()));
        out.add(stateful("cfc" + s.cfcUnits(), Family.CFC, s.cfcUnits()));
        for (int w : s.windows()) {
            for (int h : s.lstmHidden()) {
                for (boolean gap : new boolean[] {false, true}) {
                    out.add(new ModelSpec("lstm" + h + "-w" + w + (gap ? "-gap" : ""),
                            Family.LSTM, h, w, gap, false));
                }
            }
        }
        return out;
    }

    /** A stateful model with {@code ltc train}'s default memory and inputs for its kind. */
    private static ModelSpec stateful(String name, Family family, int units) {
        return new ModelSpec(name, family, units, 0, TrainingDefaults.logDelta(family.kind()),
                TrainingDefaults.mixedMemory(family.kind()));
    }

    /** Adam's step size for this model ({@link TrainingDefaults#learningRate}). */
    public double learningRate() {
        return TrainingDefaults.learningRate(family.kind(), mixedMemory);
    }

    /** Whether the model runs in the sidecar job (windowed) rather than the LTC job. */
    public boolean windowed() {
        return family == Family.LSTM;
    }

    /** The factory of the freshly initialised cell training starts from. */
    CellFactory cellFactory(BenchmarkSettings s) {
        switch (family) {
            case LTC_FC:
                return CellFactory.ltcFullyConnected(units, mixedMemory);
            case LTC_NCP:
                return CellFactory.ltcAutoNcp(units, mixedMemory);
            case CFC:
                return CellFactory.cfc(units, CfcMode.DEFAULT, Activation.LECUN_TANH,
                        s.cfcBackbone(), 1, mixedMemory);
            default:
                return CellFactory.lstm(units);
        }
    }
}
