package io.ltcflink.core.cell;

import io.ltcflink.core.model.ParameterSet;

/**
 * A recurrent cell with immutable parameters: one step maps {@code (state, input, dt)} to a new
 * state and an output.
 *
 * <p>The state of one sequence (one sensor key) is a single flat vector of {@link #stateSize()}
 * doubles; for cells with two memories (LSTM, mixed-memory LTC) it is {@code h} followed by {@code c}.
 * A freshly started sequence has the all-zero state.
 *
 * <p>Cells are immutable and thread-safe; the scratch space a step needs lives in a {@link Stepper},
 * which is cheap to create and must be confined to one thread. Steps allocate nothing.
 */
public interface RecurrentCell {

    /** The cell family. */
    CellKind kind();

    /** Number of input features S. */
    int inputSize();

    /** Length of the flat state vector (h, then c where present). */
    int stateSize();

    /** Number of outputs M. */
    int outputSize();

    /** Whether the step depends on the timespan at all (false for LSTM). */
    boolean usesTime();

    /** Number of trainable scalar parameters (masks and other constants excluded). */
    long parameterCount();

    /** The parameters by their reference (ncps / PyTorch) names, as stored in a model file. */
    ParameterSet parameters();

    /** A new stepper with its own scratch space; not thread-safe. */
    Stepper newStepper();

    /** Writes the rest state of a new sequence (zeros) into {@code state}. Modified: state. */
    default void initialState(double[] state) {
        java.util.Arrays.fill(state, 0, stateSize(), 0.0);
    }

    /** Performs steps of one cell with preallocated scratch space. */
    interface Stepper {

        /**
         * Advances one step: {@code state ← f(state, input, dt)}, {@code output ← readout(state)}.
         *
         * @param state the state, length {@link #stateSize()}. Modified in place.
         * @param input the input features, length {@link #inputSize()}. Not modified.
         * @param dt the elapsed time; must be finite and non-negative for cells that use time
         * @param output receives the output, length {@link #outputSize()}. Modified.
         * @throws IllegalArgumentException if dt is negative, NaN or infinite (cells that use time)
         */
        void step(double[] state, double[] input, double dt, double[] output);

        /** Writes {@code readout(state)} into {@code output} without advancing. Modified: output. */
        void readout(double[] state, double[] output);
    }
}
