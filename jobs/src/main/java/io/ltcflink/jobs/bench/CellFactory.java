package io.ltcflink.jobs.bench;

import io.ltcflink.core.cell.Activation;
import io.ltcflink.core.cell.CellKind;
import io.ltcflink.core.cell.CfcCell;
import io.ltcflink.core.cell.CfcConfig;
import io.ltcflink.core.cell.CfcMode;
import io.ltcflink.core.cell.LstmCell;
import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.LtcConfig;
import io.ltcflink.core.cell.Mapping;
import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.cell.Positivity;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.wiring.Wiring;
import io.ltcflink.core.wiring.Wirings;
import java.util.Locale;

/** Randomly initialised cells of a given shape, for benchmarks. */
public final class CellFactory {

    /**
     * What to build.
     *
     * @param cell ltc, cfc or lstm
     * @param units neurons (LTC) or hidden size (CfC, LSTM)
     * @param inputs input features
     * @param outputs outputs (LTC motor neurons; CfC projection; LSTM head)
     * @param wiring fc or autoncp (LTC only)
     * @param mode exact or fast (LTC only)
     * @param unfolds ODE unfolds (LTC only)
     * @param backboneUnits CfC backbone width
     * @param seed seed of the random parameters
     */
    public record Spec(
            String cell,
            int units,
            int inputs,
            int outputs,
            String wiring,
            String mode,
            int unfolds,
            int backboneUnits,
            long seed) {}

    private CellFactory() {}

    /** A random cell as described by {@code spec}. */
    public static RecurrentCell create(Spec spec) {
        CellKind kind = CellKind.fromFileName(spec.cell());
        switch (kind) {
            case LTC:
                return ltc(spec);
            case CFC:
                return CfcCell.initialize(
                        new CfcConfig(spec.inputs(), spec.units(), CfcMode.DEFAULT,
                                Activation.LECUN_TANH, spec.backboneUnits(), 1, spec.outputs(), false),
                        spec.seed());
            case LSTM:
                return LstmCell.initialize(spec.inputs(), spec.units(), spec.outputs(), spec.seed());
            default:
                throw new IllegalArgumentException("unknown cell " + spec.cell());
        }
    }

    private static LtcCell ltc(Spec spec) {
        Wiring w;
        switch (spec.wiring().toLowerCase(Locale.ROOT)) {
            case "fc":
                w = Wirings.fullyConnected(spec.units(), spec.outputs(), spec.inputs());
                break;
            case "autoncp":
                w = Wirings.autoNcp(spec.units(), spec.outputs(), spec.inputs());
                break;
            default:
                throw new IllegalArgumentException(
                        String.format("--wiring must be fc or autoncp: %s", spec.wiring()));
        }
        LtcConfig config = new LtcConfig(spec.inputs(), spec.units(), spec.outputs(),
                Positivity.SOFTPLUS, Mapping.AFFINE, Mapping.AFFINE, spec.unfolds(), 1e-8, false);
        return LtcCell.initialize(config, w, spec.seed())
                .withNumericMode(NumericMode.fromFileName(spec.mode()));
    }
}
