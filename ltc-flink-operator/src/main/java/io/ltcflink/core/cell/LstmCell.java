package io.ltcflink.core.cell;

import static io.ltcflink.core.Checks.requireArgument;
import static io.ltcflink.core.cell.DenseKernels.affine;
import static io.ltcflink.core.cell.DenseKernels.dotRow;
import static io.ltcflink.core.cell.DenseKernels.sigmoid;

import io.ltcflink.core.Checks;
import io.ltcflink.core.model.ModelFormatException;
import io.ltcflink.core.model.ParameterSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/*
 * Implementation notes
 *
 * A one-layer PyTorch torch.nn.LSTM [1, 2] followed by a torch.nn.Linear head: the discrete-time
 * baseline that steps once per record and has no notion of elapsed time.
 *
 *   z  = (W_ih x + b_ih) + (W_hh h + b_hh)       rows in four blocks of H: i, f, g, o
 *   i = sigmoid(z_i)  f = sigmoid(z_f)  g = tanh(z_g)  o = sigmoid(z_o)
 *   c' = f * c + i * g
 *   h' = o * tanh(c')
 *   y  = head.weight h' + head.bias
 *
 * The flat state is [h, c]. Parameter names are those of the state_dict of nn.LSTM
 * (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0) and of the head module (head.weight,
 * head.bias). Operations follow the torch expression order, so results agree with PyTorch in
 * float64 to about 1e-15.
 *
 * [1] S. Hochreiter and J. Schmidhuber, "Long short-term memory", Neural Computation 9(8), 1997.
 * [2] F. A. Gers, J. Schmidhuber and F. Cummins, "Learning to forget: continual prediction with
 *     LSTM", Neural Computation 12(10), 2000 (the forget gate f).
 */

/**
 * A one-layer LSTM with a linear head, equal to PyTorch's {@code nn.LSTM(S, H)} followed by {@code
 * nn.Linear(H, M)}. The state is {@code [h, c]} (length 2H); the timespan is ignored.
 *
 * <p>Immutable and thread-safe; each {@link Stepper} owns its scratch space and allocates nothing
 * per step.
 */
public final class LstmCell implements RecurrentCell {

    private static final String WEIGHT_IH = "weight_ih_l0";
    private static final String WEIGHT_HH = "weight_hh_l0";
    private static final String BIAS_IH = "bias_ih_l0";
    private static final String BIAS_HH = "bias_hh_l0";
    private static final String HEAD_WEIGHT = "head.weight";
    private static final String HEAD_BIAS = "head.bias";
    private static final List<String> NAMES =
            List.of(WEIGHT_IH, WEIGHT_HH, BIAS_IH, BIAS_HH, HEAD_WEIGHT, HEAD_BIAS);

    private final int inputSize;
    private final int hiddenSize;
    private final int outputSize;
    private final double[] weightIh; // [4H][S]
    private final double[] weightHh; // [4H][H]
    private final double[] biasIh; // [4H]
    private final double[] biasHh; // [4H]
    private final double[] headWeight; // [M][H]
    private final double[] headBias; // [M]

    private LstmCell(
            int inputSize,
            int hiddenSize,
            int outputSize,
            double[] weightIh,
            double[] weightHh,
            double[] biasIh,
            double[] biasHh,
            double[] headWeight,
            double[] headBias) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.outputSize = outputSize;
        this.weightIh = weightIh;
        this.weightHh = weightHh;
        this.biasIh = biasIh;
        this.biasHh = biasHh;
        this.headWeight = headWeight;
        this.headBias = headBias;
    }

    /**
     * Reads {@code weight_ih_l0 [4H, S]}, {@code weight_hh_l0 [4H, H]}, {@code bias_ih_l0 [4H]},
     * {@code bias_hh_l0 [4H]}, {@code head.weight [M, H]} and {@code head.bias [M]}.
     *
     * @throws IllegalArgumentException if a size is below 1 or too large
     * @throws ModelFormatException if a parameter is missing, has another shape, or {@code p}
     *     holds a parameter of another name
     */
    public static LstmCell fromParameters(
            int inputSize, int hiddenSize, int outputSize, ParameterSet p) {
        checkSizes(inputSize, hiddenSize, outputSize);
        int gates = 4 * hiddenSize;
        LstmCell cell =
                new LstmCell(
                        inputSize,
                        hiddenSize,
                        outputSize,
                        p.require(WEIGHT_IH, gates, inputSize),
                        p.require(WEIGHT_HH, gates, hiddenSize),
                        p.require(BIAS_IH, gates),
                        p.require(BIAS_HH, gates),
                        p.require(HEAD_WEIGHT, outputSize, hiddenSize),
                        p.require(HEAD_BIAS, outputSize));
        Set<String> unexpected = new HashSet<>(p.names());
        NAMES.forEach(unexpected::remove);
        if (!unexpected.isEmpty()) {
            throw ModelFormatException.of(
                    "unexpected parameters %s for an LSTM cell: expected exactly %s",
                    unexpected, NAMES);
        }
        return cell;
    }

    /**
     * A freshly initialised cell with PyTorch's default distributions: every LSTM weight and bias
     * from U(-1/sqrt(H), 1/sqrt(H)), and the head (an {@code nn.Linear(H, M)}) from the same
     * range. Deterministic for a seed, but not the values torch would draw.
     */
    public static LstmCell initialize(int inputSize, int hiddenSize, int outputSize, long seed) {
        checkSizes(inputSize, hiddenSize, outputSize);
        SplittableRandom rng = new SplittableRandom(seed);
        double bound = 1.0 / Math.sqrt(hiddenSize);
        int gates = 4 * hiddenSize;
        double[] weightIh = ParameterInit.uniform(rng, gates * inputSize, bound);
        double[] weightHh = ParameterInit.uniform(rng, gates * hiddenSize, bound);
        double[] biasIh = ParameterInit.uniform(rng, gates, bound);
        double[] biasHh = ParameterInit.uniform(rng, gates, bound);
        double[] headWeight = ParameterInit.uniform(rng, outputSize * hiddenSize, bound);
        double[] headBias = ParameterInit.uniform(rng, outputSize, bound);
        return new LstmCell(
                inputSize,
                hiddenSize,
                outputSize,
                weightIh,
                weightHh,
                biasIh,
                biasHh,
                headWeight,
                headBias);
    }

    private static void checkSizes(int inputSize, int hiddenSize, int outputSize) {
        requireArgument(inputSize >= 1, "inputSize must be at least 1: %s", inputSize);
        requireArgument(hiddenSize >= 1, "hiddenSize must be at least 1: %s", hiddenSize);
        requireArgument(outputSize >= 1, "outputSize must be at least 1: %s", outputSize);
        long widest =
                Math.max(
                        4L * hiddenSize * Math.max(inputSize, hiddenSize),
                        (long) outputSize * hiddenSize);
        requireArgument(
                widest <= Integer.MAX_VALUE - 8,
                "sizes too large: a weight matrix would need %s elements",
                widest);
    }

    @Override
    public CellKind kind() {
        return CellKind.LSTM;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    /** Number of LSTM units H. */
    public int hiddenSize() {
        return hiddenSize;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    /** {@code 2H}: h, then c. */
    @Override
    public int stateSize() {
        return 2 * hiddenSize;
    }

    /** Always false: the LSTM steps once per record whatever the timespan. */
    @Override
    public boolean usesTime() {
        return false;
    }

    @Override
    public long parameterCount() {
        long lstm = 4L * hiddenSize * (inputSize + hiddenSize + 2);
        return lstm + (long) outputSize * (hiddenSize + 1);
    }

    @Override
    public ParameterSet parameters() {
        int gates = 4 * hiddenSize;
        return ParameterSet.builder()
                .matrix(WEIGHT_IH, gates, inputSize, weightIh)
                .matrix(WEIGHT_HH, gates, hiddenSize, weightHh)
                .vector(BIAS_IH, biasIh)
                .vector(BIAS_HH, biasHh)
                .matrix(HEAD_WEIGHT, outputSize, hiddenSize, headWeight)
                .vector(HEAD_BIAS, headBias)
                .build();
    }

    @Override
    public Stepper newStepper() {
        return new LstmStepper();
    }

    @Override
    public String toString() {
        return String.format(
                "LstmCell[inputSize=%s, hiddenSize=%s, outputSize=%s]",
                inputSize, hiddenSize, outputSize);
    }

    private final class LstmStepper implements Stepper {
        private final double[] gates = new double[4 * hiddenSize];

        /** {@inheritDoc} The timespan {@code dt} is ignored and may be any value. */
        @Override
        public void step(double[] state, double[] input, double dt, double[] output) {
            Checks.requireLength(state, 2 * hiddenSize, "state");
            Checks.requireLength(input, inputSize, "input");
            Checks.requireLength(output, outputSize, "output");
            int h = hiddenSize;
            double[] z = gates;
            for (int j = 0; j < 4 * h; j++) {
                double fromInput = dotRow(weightIh, j, inputSize, input, 0) + biasIh[j];
                double fromState = dotRow(weightHh, j, h, state, 0) + biasHh[j];
                z[j] = fromInput + fromState;
            }
            for (int u = 0; u < h; u++) {
                double i = sigmoid(z[u]);
                double f = sigmoid(z[h + u]);
                double g = Math.tanh(z[2 * h + u]);
                double o = sigmoid(z[3 * h + u]);
                double c = f * state[h + u] + i * g;
                state[h + u] = c;
                state[u] = o * Math.tanh(c);
            }
            affine(headWeight, headBias, outputSize, h, state, 0, output, 0);
        }

        @Override
        public void readout(double[] state, double[] output) {
            Checks.requireLength(state, 2 * hiddenSize, "state");
            Checks.requireLength(output, outputSize, "output");
            affine(headWeight, headBias, outputSize, hiddenSize, state, 0, output, 0);
        }
    }
}
