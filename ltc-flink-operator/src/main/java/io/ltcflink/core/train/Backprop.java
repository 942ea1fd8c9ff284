package io.ltcflink.core.train;

import io.ltcflink.core.Checks;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.model.ParameterSet;
import java.util.Arrays;

/**
 * Truncated backpropagation through time over a chunk of steps of one cell: runs the chunk
 * forward from a given state, computes the chunk loss and adds its gradient with respect to every
 * raw parameter (the values of {@link RecurrentCell#parameters()}) into a gradient holder.
 *
 * <p>The initial state is a constant: gradients do not flow into the previous chunk. The chunk
 * loss is the sum of the {@link Loss} over the steps divided by the number of present target
 * entries; targets may contain NaN for "no target here". Frozen parameters (the LTC masks and the
 * entries of absent synapses) receive no gradient.
 *
 * <p>Supported: {@link io.ltcflink.core.cell.LtcCell} with {@link
 * io.ltcflink.core.cell.SolverSettings#NCPS} in exact numeric mode, every {@link
 * io.ltcflink.core.cell.CfcCell}, every {@link io.ltcflink.core.cell.LstmCell}.
 *
 * <p>An instance holds the tape of the last chunk: not thread-safe, one per thread. It is bound to
 * one cell, whose parameters it reads once at creation.
 */
public final class Backprop {

    /**
     * The loss of one chunk.
     *
     * @param loss the summed loss divided by {@code count}; NaN when {@code count} is 0
     * @param count the number of present target entries in the chunk
     */
    public record ChunkLoss(double loss, int count) {}

    private final RecurrentCell cell;
    private final ParameterSet parameters;
    private final Loss loss;
    private final CellBackprop pass;
    private final int stateSize;
    private final int inputSize;
    private final int outputSize;
    private double[][] outputs = new double[0][];
    private double[][] dOutputs = new double[0][];
    private double[][] states = new double[0][];
    private final double[] state;
    private final double[] dState;
    /** The last gradient holder whose layout was checked (holders are checked once). */
    private Parameters checkedGradient;

    private Backprop(RecurrentCell cell, Loss loss) {
        this.cell = cell;
        this.parameters = cell.parameters();
        this.loss = loss;
        this.pass = CellBackprop.forCell(cell);
        this.stateSize = cell.stateSize();
        this.inputSize = cell.inputSize();
        this.outputSize = cell.outputSize();
        this.state = new double[stateSize];
        this.dState = new double[stateSize];
    }

    /** Backpropagation for {@code cell} with {@link Loss#squaredError()} (chunk loss = MSE). */
    public static Backprop of(RecurrentCell cell) {
        return of(cell, Loss.squaredError());
    }

    /**
     * Backpropagation for {@code cell} with the given loss.
     *
     * @throws IllegalArgumentException if the cell has no backward pass, naming why (for example an
     *     LTC cell with another solver than the fused ncps one)
     */
    public static Backprop of(RecurrentCell cell, Loss loss) {
        Checks.requireArgument(cell != null, "cell must not be null");
        Checks.requireArgument(loss != null, "loss must not be null");
        return new Backprop(cell, loss);
    }

    /** The cell this instance differentiates. */
    public RecurrentCell cell() {
        return cell;
    }

    /**
     * Runs all steps of the given arrays as one chunk; see {@link #run(double[], double[][],
     * double[], double[][], int, int, Parameters, double[])}.
     */
    public ChunkLoss run(
            double[] initialState,
            double[][] inputs,
            double[] timespans,
            double[][] targets,
            Parameters gradient,
            double[] finalState) {
        Checks.requireArgument(inputs != null, "inputs must not be null");
        return run(initialState, inputs, timespans, targets, 0, inputs.length, gradient,
                finalState);
    }

    /**
     * Runs steps {@code from .. to − 1} as one chunk: step t advances the state with {@code
     * inputs[t]} over {@code timespans[t]} and compares the output with {@code targets[t]}.
     *
     * @param initialState the state before step {@code from}, length {@link
     *     RecurrentCell#stateSize()}. Not modified.
     * @param inputs input rows of length {@link RecurrentCell#inputSize()}, finite. Not modified.
     * @param timespans finite, non-negative elapsed times. Not modified.
     * @param targets target rows of length {@link RecurrentCell#outputSize()}; NaN = missing. Not
     *     modified.
     * @param gradient receives {@code += ∂(chunk loss)/∂(raw parameters)}; must have the layout of
     *     {@code Parameters.of(cell)}. Unchanged when no target is present. Modified.
     * @param finalState receives the state after step {@code to − 1} (may be {@code
     *     initialState}'s array). Modified.
     * @return the chunk loss and its number of present target entries
     * @throws IllegalArgumentException on a bad range, length, non-finite input or bad timespan
     */
    public ChunkLoss run(
            double[] initialState,
            double[][] inputs,
            double[] timespans,
            double[][] targets,
            int from,
            int to,
            Parameters gradient,
            double[] finalState) {
        Checks.requireArgument(timespans != null && targets != null,
                "timespans and targets must not be null");
        Checks.requireArgument(
                0 <= from && from < to && to <= inputs.length,
                "chunk [%s, %s) must be a non-empty range within %s steps",
                from, to, inputs.length);
        Checks.requireArgument(
                timespans.length >= to && targets.length >= to,
                "chunk ends at step %s but there are %s timespans and %s target rows",
                to, timespans.length, targets.length);
        Checks.requireLength(initialState, stateSize, "initialState");
        Checks.requireLength(finalState, stateSize, "finalState");
        Checks.requireArgument(gradient != null, "gradient must not be null");
        if (gradient != checkedGradient) {
            gradient.requireLayoutOf(parameters, "cell");
            checkedGradient = gradient;
        }
        for (int t = from; t < to; t++) {
            Checks.requireLength(inputs[t], inputSize, "inputs[" + t + "]");
            Checks.requireFinite(inputs[t], "inputs[" + t + "]");
            Checks.requireLength(targets[t], outputSize, "targets[" + t + "]");
            if (cell.usesTime()) {
                Checks.requireTimespan(timespans[t]);
            }
        }
        int steps = to - from;
        ensureCapacity(steps);
        pass.begin(steps);
        System.arraycopy(initialState, 0, state, 0, stateSize);
        double sum = 0.0;
        int count = 0;
        for (int t = 0; t < steps; t++) {
            pass.forward(t, state, inputs[from + t], timespans[from + t], outputs[t]);
            System.arraycopy(state, 0, states[t], 0, stateSize);
            sum += loss.lossAndGradient(outputs[t], targets[from + t], dOutputs[t]);
            count += Loss.presentCount(targets[from + t]);
        }
        System.arraycopy(state, 0, finalState, 0, stateSize);
        if (count == 0) {
            return new ChunkLoss(Double.NaN, 0);
        }
        double scale = 1.0 / count;
        Arrays.fill(dState, 0.0);
        for (int t = steps - 1; t >= 0; t--) {
            double[] dy = dOutputs[t];
            for (int i = 0; i < outputSize; i++) {
                dy[i] *= scale;
            }
            pass.backward(t, inputs[from + t], timespans[from + t], dy, dState);
        }
        pass.flush(gradient);
        return new ChunkLoss(sum / count, count);
    }

    /** The output of step {@code t} of the last chunk (t counted from the chunk's start). */
    double[] output(int t) {
        return outputs[t];
    }

    /** The state after step {@code t} of the last chunk. */
    double[] stateAfter(int t) {
        return states[t];
    }

    private void ensureCapacity(int steps) {
        if (outputs.length < steps) {
            outputs = CellBackprop.grow(outputs, steps, outputSize);
            dOutputs = CellBackprop.grow(dOutputs, steps, outputSize);
            states = CellBackprop.grow(states, steps, stateSize);
        }
    }

    @Override
    public String toString() {
        return "Backprop{" + cell + ", " + loss + "}";
    }
}
