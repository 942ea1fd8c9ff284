package io.ltcflink.core.cell;

import static io.ltcflink.core.Checks.requireArgument;
import static io.ltcflink.core.cell.DenseKernels.dotRow;
import static io.ltcflink.core.cell.DenseKernels.sigmoid;

import io.ltcflink.core.model.ParameterSet;
import java.util.SplittableRandom;

/*
 * Implementation notes
 *
 * The memory cell that ncps puts in front of an LTC or CfC cell when mixed_memory=True
 * (ncps/torch/lstm.py, class LSTMCell) [1]. It is an LSTM [2] with a forget gate [3] whose gate
 * layout differs from torch.nn.LSTM:
 *
 *   z  = input_map(x) + recurrent_map(h)          input_map has a bias, recurrent_map has none
 *   [i, ig, fg, og] = the four blocks of N rows of z, in this order
 *   c' = c * sigmoid(fg + 1.0) + tanh(i) * sigmoid(ig)      (the +1.0 is a fixed forget bias)
 *   h' = tanh(c') * sigmoid(og)
 *
 * It reads the raw input x (not an LTC's affine-mapped input). The h' it produces is the state
 * the LTC or CfC step then starts from; that step's result becomes the next h, and c' is carried
 * to the next step unchanged. Operations follow the torch expression order, so results agree with
 * ncps in float64 to about 1e-15.
 *
 * [1] M. Lechner and R. Hasani, "Learning long-term dependencies in irregularly-sampled time
 *     series", arXiv:2006.04418, 2020 (ODE-LSTM; the mixed-memory architecture).
 * [2] S. Hochreiter and J. Schmidhuber, "Long short-term memory", Neural Computation 9(8), 1997.
 * [3] F. A. Gers, J. Schmidhuber and F. Cummins, "Learning to forget: continual prediction with
 *     LSTM", Neural Computation 12(10), 2000.
 */

/**
 * The ncps mixed-memory LSTM cell ({@code ncps.torch.lstm.LSTMCell}) that updates {@code (h, c)}
 * in place before an LTC or CfC step.
 *
 * <p>Immutable and thread-safe. {@link #step} allocates nothing: the caller supplies {@link
 * #scratchSize()} doubles of scratch space, which must not be shared between threads.
 */
public final class MixedMemoryLstm {

    /** Parameter name of the input weight, shape {@code [4N, S]}. */
    public static final String INPUT_WEIGHT = "lstm.input_map.weight";

    /** Parameter name of the input bias, shape {@code [4N]}. */
    public static final String INPUT_BIAS = "lstm.input_map.bias";

    /** Parameter name of the recurrent weight, shape {@code [4N, N]} (no recurrent bias). */
    public static final String RECURRENT_WEIGHT = "lstm.recurrent_map.weight";

    private final int inputSize;
    private final int units;
    private final double[] inputWeight; // [4N][S]
    private final double[] inputBias; // [4N]
    private final double[] recurrentWeight; // [4N][N]

    private MixedMemoryLstm(
            int inputSize,
            int units,
            double[] inputWeight,
            double[] inputBias,
            double[] recurrentWeight) {
        this.inputSize = inputSize;
        this.units = units;
        this.inputWeight = inputWeight;
        this.inputBias = inputBias;
        this.recurrentWeight = recurrentWeight;
    }

    /**
     * Reads {@value #INPUT_WEIGHT} {@code [4N, S]}, {@value #INPUT_BIAS} {@code [4N]} and {@value
     * #RECURRENT_WEIGHT} {@code [4N, N]}; other parameters in {@code p} are ignored.
     *
     * @throws IllegalArgumentException if a size is below 1 or too large
     * @throws io.ltcflink.core.model.ModelFormatException if a parameter is missing or has
     *     another shape
     */
    public static MixedMemoryLstm fromParameters(int inputSize, int units, ParameterSet p) {
        checkSizes(inputSize, units);
        return new MixedMemoryLstm(
                inputSize,
                units,
                p.require(INPUT_WEIGHT, 4 * units, inputSize),
                p.require(INPUT_BIAS, 4 * units),
                p.require(RECURRENT_WEIGHT, 4 * units, units));
    }

    /**
     * A freshly initialised cell with ncps's distributions: {@code input_map.weight}
     * xavier-uniform, {@code input_map.bias} U(-0.1, 0.1), and {@code recurrent_map.weight}
     * orthogonal (orthonormal columns, as {@code torch.nn.init.orthogonal_}). Deterministic for a
     * seed, but not the values torch would draw.
     */
    public static MixedMemoryLstm initialize(int inputSize, int units, long seed) {
        return initialize(inputSize, units, new SplittableRandom(seed));
    }

    /** As {@link #initialize(int, int, long)}, drawing from {@code rng}. */
    static MixedMemoryLstm initialize(int inputSize, int units, SplittableRandom rng) {
        checkSizes(inputSize, units);
        double[] w = ParameterInit.xavierUniform(rng, 4 * units, inputSize);
        double[] b = ParameterInit.uniform(rng, 4 * units, 0.1);
        double[] r = ParameterInit.orthogonal(rng, 4 * units, units);
        return new MixedMemoryLstm(inputSize, units, w, b, r);
    }

    private static void checkSizes(int inputSize, int units) {
        requireArgument(inputSize >= 1, "inputSize must be at least 1: %s", inputSize);
        requireArgument(units >= 1, "units must be at least 1: %s", units);
        requireArgument(
                4L * units * Math.max(inputSize, units) <= Integer.MAX_VALUE - 8,
                "sizes too large for one array: 4 * %s * max(%s, %s)",
                units,
                inputSize,
                units);
    }

    /** Number of input features S. */
    public int inputSize() {
        return inputSize;
    }

    /** Number of units N (length of h and of c). */
    public int units() {
        return units;
    }

    /** Number of scratch doubles {@link #step} needs: {@code 4N}. */
    public int scratchSize() {
        return 4 * units;
    }

    /** Number of scalar parameters: {@code 4N (S + 1 + N)}. */
    public long parameterCount() {
        return 4L * units * (inputSize + 1 + units);
    }

    /**
     * Advances {@code (h, c)} one step for input {@code x}; h and c live inside one flat array.
     *
     * @param x the raw input, length {@link #inputSize()}. Not modified.
     * @param state holds h at {@code hOffset .. hOffset + N - 1} and c at {@code cOffset .. cOffset
     *     + N - 1}; the two ranges must not overlap. Modified (h and c only).
     * @param scratch at least {@link #scratchSize()} doubles. Modified (contents undefined after).
     * @throws IllegalArgumentException if a length or an offset does not fit
     */
    public void step(double[] x, double[] state, int hOffset, int cOffset, double[] scratch) {
        checkStep(x, state, hOffset, cOffset, scratch);
        int n = units;
        int rows = 4 * n;
        for (int j = 0; j < rows; j++) {
            double in = dotRow(inputWeight, j, inputSize, x, 0) + inputBias[j];
            scratch[j] = in + dotRow(recurrentWeight, j, n, state, hOffset);
        }
        for (int u = 0; u < n; u++) {
            double forget = sigmoid(scratch[2 * n + u] + 1.0);
            double input = Math.tanh(scratch[u]) * sigmoid(scratch[n + u]);
            double c = state[cOffset + u] * forget + input;
            state[cOffset + u] = c;
            state[hOffset + u] = Math.tanh(c) * sigmoid(scratch[3 * n + u]);
        }
    }

    private void checkStep(double[] x, double[] state, int hOffset, int cOffset, double[] scratch) {
        // Plain ifs rather than requireArgument: its varargs would box and allocate on every step.
        if (x == null || x.length != inputSize) {
            throw new IllegalArgumentException(
                    String.format(
                            "x: expected length %s but found %s",
                            inputSize, x == null ? "null" : x.length));
        }
        if (scratch == null || scratch.length < 4 * units) {
            throw new IllegalArgumentException(
                    String.format(
                            "scratch: expected at least %s doubles but found %s",
                            4 * units, scratch == null ? "null" : scratch.length));
        }
        int length = state == null ? -1 : state.length;
        boolean fits =
                hOffset >= 0
                        && cOffset >= 0
                        && hOffset <= length - units
                        && cOffset <= length - units
                        && (hOffset + units <= cOffset || cOffset + units <= hOffset);
        if (!fits) {
            throw new IllegalArgumentException(
                    String.format(
                            "state: h at %s and c at %s (%s units each) must be disjoint ranges"
                                    + " inside a state of length %s",
                            hOffset, cOffset, units, state == null ? "null" : length));
        }
    }

    /**
     * Adds {@value #INPUT_WEIGHT}, {@value #INPUT_BIAS} and {@value #RECURRENT_WEIGHT} to {@code
     * b}.
     */
    public void putParameters(ParameterSet.Builder b) {
        b.matrix(INPUT_WEIGHT, 4 * units, inputSize, inputWeight);
        b.vector(INPUT_BIAS, inputBias);
        b.matrix(RECURRENT_WEIGHT, 4 * units, units, recurrentWeight);
    }

    @Override
    public String toString() {
        return String.format("MixedMemoryLstm[inputSize=%s, units=%s]", inputSize, units);
    }
}
