package io.ltcflink.core.cell;

import io.ltcflink.core.Checks;

/**
 * The hyper-parameters of an ncps LTC cell (everything that is not a trained tensor).
 *
 * @param inputSize S, the number of input features
 * @param units N, the number of neurons (the state size without mixed memory)
 * @param outputSize M, the number of motor neurons read out, {@code 1 <= M <= N}
 * @param positivity the map applied to {@code gleak, cm, w, sensory_w}
 * @param inputMapping the elementwise input mapping
 * @param outputMapping the elementwise output mapping
 * @param odeUnfolds K, the solver sub-steps per step (ncps {@code ode_unfolds})
 * @param epsilon added to the fused solver's denominator (ncps {@code epsilon})
 * @param mixedMemory whether an ncps LSTM cell runs before each step (ncps {@code mixed_memory})
 */
public record LtcConfig(
        int inputSize,
        int units,
        int outputSize,
        Positivity positivity,
        Mapping inputMapping,
        Mapping outputMapping,
        int odeUnfolds,
        double epsilon,
        boolean mixedMemory) {

    public LtcConfig {
        Checks.requireArgument(inputSize >= 1, "inputSize must be positive: %s", inputSize);
        Checks.requireArgument(units >= 1, "units must be positive: %s", units);
        Checks.requireArgument(
                outputSize >= 1 && outputSize <= units,
                "outputSize must be in [1, units=%s]: %s", units, outputSize);
        Checks.requireArgument(positivity != null, "positivity must not be null");
        Checks.requireArgument(inputMapping != null, "inputMapping must not be null");
        Checks.requireArgument(outputMapping != null, "outputMapping must not be null");
        Checks.requireArgument(odeUnfolds >= 1, "odeUnfolds must be positive: %s", odeUnfolds);
        Checks.requireArgument(
                epsilon >= 0 && Double.isFinite(epsilon),
                "epsilon must be finite and >= 0: %s", epsilon);
    }

    /** ncps's defaults for the wrapper {@code ncps.torch.LTC}: softplus, affine maps, K = 6, ε = 1e-8. */
    public static LtcConfig ncpsDefaults(int inputSize, int units, int outputSize) {
        return new LtcConfig(
                inputSize, units, outputSize, Positivity.SOFTPLUS, Mapping.AFFINE, Mapping.AFFINE,
                6, 1e-8, false);
    }

    /** This configuration with mixed memory switched on or off. */
    public LtcConfig withMixedMemory(boolean on) {
        return new LtcConfig(
                inputSize, units, outputSize, positivity, inputMapping, outputMapping, odeUnfolds,
                epsilon, on);
    }

    /** The length of the flat state: N, or 2N with mixed memory (h then c). */
    public int stateSize() {
        return mixedMemory ? 2 * units : units;
    }
}
