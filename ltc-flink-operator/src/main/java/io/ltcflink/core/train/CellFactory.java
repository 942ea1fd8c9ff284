package io.ltcflink.core.train;

import io.ltcflink.core.Checks;
import io.ltcflink.core.cell.Activation;
import io.ltcflink.core.cell.CfcCell;
import io.ltcflink.core.cell.CfcConfig;
import io.ltcflink.core.cell.CfcMode;
import io.ltcflink.core.cell.LstmCell;
import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.LtcConfig;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.wiring.Wirings;

/**
 * Creates the freshly initialised cell a {@link Trainer} starts from, once the task has fixed its
 * input and output sizes.
 */
@FunctionalInterface
public interface CellFactory {

    /** A new cell with {@code inputSize} inputs and {@code outputSize} outputs, drawn from seed. */
    RecurrentCell create(int inputSize, int outputSize, long seed);

    /**
     * An ncps LTC on a fully connected wiring ({@code FullyConnected(units, output_dim)}, erev seed
     * 1111) with ncps's wrapper defaults: softplus positivity, affine mappings, 6 unfolds, ε =
     * 1e-8. The outputs are the first {@code outputSize} neurons, so {@code units} must be at
     * least the output size.
     */
    static CellFactory ltcFullyConnected(int units, boolean mixedMemory) {
        return ltcFullyConnected(units, mixedMemory, 1.0);
    }

    /**
     * As {@link #ltcFullyConnected(int, boolean)}, the initial capacitances scaled by {@code
     * cmScale} ({@link LtcCell#initialize(LtcConfig, io.ltcflink.core.wiring.Wiring, long,
     * double)}).
     */
    static CellFactory ltcFullyConnected(int units, boolean mixedMemory, double cmScale) {
        Checks.requireArgument(units >= 1, "units must be positive: %s", units);
        return (in, out, seed) -> LtcCell.initialize(
                LtcConfig.ncpsDefaults(in, units, out).withMixedMemory(mixedMemory),
                Wirings.fullyConnected(units, out, in), seed, cmScale);
    }

    /**
     * An ncps LTC on an {@code AutoNCP(units, output_size)} wiring (sparsity 0.5, seed 22222) with
     * the wrapper defaults as in {@link #ltcFullyConnected}; needs {@code outputSize < units − 2}.
     */
    static CellFactory ltcAutoNcp(int units, boolean mixedMemory) {
        return ltcAutoNcp(units, mixedMemory, 1.0);
    }

    /** As {@link #ltcAutoNcp(int, boolean)}, the initial capacitances scaled by {@code cmScale}. */
    static CellFactory ltcAutoNcp(int units, boolean mixedMemory, double cmScale) {
        Checks.requireArgument(units >= 1, "units must be positive: %s", units);
        return (in, out, seed) -> LtcCell.initialize(
                LtcConfig.ncpsDefaults(in, units, out).withMixedMemory(mixedMemory),
                Wirings.autoNcp(units, out, in), seed, cmScale);
    }

    /**
     * An ncps CfC with {@code hiddenSize} units, the given mode, backbone and memory, and a linear
     * projection {@code fc} onto the output size.
     */
    static CellFactory cfc(
            int hiddenSize,
            CfcMode mode,
            Activation activation,
            int backboneUnits,
            int backboneLayers,
            boolean mixedMemory) {
        // Validates the shared fields now rather than at the first call.
        new CfcConfig(1, hiddenSize, mode, activation, backboneUnits, backboneLayers, 0,
                mixedMemory);
        return (in, out, seed) -> CfcCell.initialize(
                new CfcConfig(in, hiddenSize, mode, activation, backboneUnits, backboneLayers, out,
                        mixedMemory),
                seed);
    }

    /** A one-layer {@code nn.LSTM} of {@code hiddenSize} units with a linear head. */
    static CellFactory lstm(int hiddenSize) {
        Checks.requireArgument(hiddenSize >= 1, "hiddenSize must be positive: %s", hiddenSize);
        return (in, out, seed) -> LstmCell.initialize(in, hiddenSize, out, seed);
    }
}
