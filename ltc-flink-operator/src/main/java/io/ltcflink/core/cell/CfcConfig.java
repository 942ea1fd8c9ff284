package io.ltcflink.core.cell;

import static io.ltcflink.core.Checks.requireArgument;

/**
 * The shape of a {@link CfcCell}: the arguments of ncps {@code CfC(input_size, units, proj_size,
 * mixed_memory=..., mode=..., activation=..., backbone_units=..., backbone_layers=...)} without
 * dropout (inference only).
 *
 * @param inputSize number of input features S, at least 1
 * @param hiddenSize number of CfC units H (the state size without mixed memory), at least 1
 * @param mode the update rule
 * @param backboneActivation the activation after each backbone layer
 * @param backboneUnits width U of every backbone layer, at least 1 (ncps default 128)
 * @param backboneLayers number of backbone layers, at least 0; with 0 the heads read {@code [x,
 *     h]} directly (ncps default 1)
 * @param projectionSize size P of the output projection {@code fc}, or 0 for none (the output is
 *     then h)
 * @param mixedMemory whether an ncps LSTM cell updates {@code (h, c)} before each CfC step
 */
public record CfcConfig(
        int inputSize,
        int hiddenSize,
        CfcMode mode,
        Activation backboneActivation,
        int backboneUnits,
        int backboneLayers,
        int projectionSize,
        boolean mixedMemory) {

    /** The largest matrix a Java array can hold, with headroom for VM headers. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** Validates every field and that every weight matrix fits in one array. */
    public CfcConfig {
        requireArgument(inputSize >= 1, "inputSize must be at least 1: %s", inputSize);
        requireArgument(hiddenSize >= 1, "hiddenSize must be at least 1: %s", hiddenSize);
        requireArgument(mode != null, "mode must not be null");
        requireArgument(backboneActivation != null, "backboneActivation must not be null");
        requireArgument(backboneUnits >= 1, "backboneUnits must be at least 1: %s", backboneUnits);
        requireArgument(
                backboneLayers >= 0, "backboneLayers must be non-negative: %s", backboneLayers);
        requireArgument(
                projectionSize >= 0,
                "projectionSize must be non-negative (0 = no projection): %s",
                projectionSize);
        long concat = (long) inputSize + hiddenSize;
        // backbone layers, the four heads, the LSTM maps, the projection
        long widest =
                Math.max(
                        Math.max(product(backboneUnits, Math.max(concat, backboneUnits)),
                                product(hiddenSize, Math.max(concat, backboneUnits))),
                        Math.max(product(4L * hiddenSize, Math.max(inputSize, hiddenSize)),
                                product(projectionSize, hiddenSize)));
        requireArgument(
                widest <= MAX_ARRAY,
                "sizes too large: a weight matrix would need %s elements (inputSize %s,"
                        + " hiddenSize %s, backboneUnits %s, projectionSize %s)",
                widest,
                inputSize,
                hiddenSize,
                backboneUnits,
                projectionSize);
    }

    /**
     * The defaults of ncps {@code CfC(inputSize, hiddenSize)}: default mode, LeCun tanh, one
     * backbone layer of 128 units, no projection, no mixed memory.
     */
    public static CfcConfig ncpsDefaults(int inputSize, int hiddenSize) {
        return new CfcConfig(
                inputSize, hiddenSize, CfcMode.DEFAULT, Activation.LECUN_TANH, 128, 1, 0, false);
    }

    /** {@code a * b} for non-negative a and positive b, saturated at {@link Long#MAX_VALUE}. */
    private static long product(long a, long b) {
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    /** Length of the flat state: H, or 2H ({@code [h, c]}) with mixed memory. */
    public int stateSize() {
        return mixedMemory ? 2 * hiddenSize : hiddenSize;
    }

    /** Number of outputs: P with a projection, H without. */
    public int outputSize() {
        return projectionSize > 0 ? projectionSize : hiddenSize;
    }

    /** Width of the vector the heads read: U after a backbone, S + H without one. */
    int headInputSize() {
        return backboneLayers > 0 ? backboneUnits : inputSize + hiddenSize;
    }
}
