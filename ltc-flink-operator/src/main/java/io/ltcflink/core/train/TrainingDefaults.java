package io.ltcflink.core.train;

import io.ltcflink.core.cell.CellKind;

/**
 * The measured training defaults of {@code ltc train}, in one place for every command that trains
 * (the training report and the sidecar benchmark train through the same ones): 600 epochs, Adam
 * at 0.01 (0.03 for an LTC without mixed memory), the {@link LearningRateSchedule#PLATEAU}
 * schedule, an early-stopping patience of a quarter of the epochs (at least 10), the model's time
 * unit taken from the training data's median gap ({@link ModelTimeUnit}), ncps's mixed memory
 * for the LTC and the CfC, and {@code log Δ} as an input for the LTC. They were chosen on one
 * evaluation seed of irregular Lorenz, Mackey-Glass and oscillator data (see the README).
 * {@link TrainingSettings.Builder}'s own field defaults are the plain ones (constant rate, the
 * data's own time unit) that the unit tests rely on; {@code defaults(epochs)} on a builder
 * applies these.
 */
public final class TrainingDefaults {

    /** Passes over the training data. */
    public static final int EPOCHS = 600;

    /** The learning-rate schedule, by its {@link LearningRateSchedule#fileName()}. */
    public static final String SCHEDULE_NAME = "plateau";

    /** The learning-rate schedule. */
    public static final LearningRateSchedule SCHEDULE =
            LearningRateSchedule.fromName(SCHEDULE_NAME);

    /** The model's time unit: 0 takes the training data's median gap. */
    public static final double TIME_UNIT = 0.0;

    /** The smallest early-stopping patience, for short budgets. */
    public static final int MIN_PATIENCE = 10;

    private TrainingDefaults() {}

    /** Epochs without a better validation loss before stopping: a quarter of the budget, ≥ 10. */
    public static int patience(int epochs) {
        return Math.max(MIN_PATIENCE, epochs / 4);
    }

    /** Whether a cell of {@code kind} gets ncps's mixed memory: the LTC and the CfC do. */
    public static boolean mixedMemory(CellKind kind) {
        return kind != CellKind.LSTM;
    }

    /** Whether {@code log Δ} is an input of a cell of {@code kind}: the LTC's. */
    public static boolean logDelta(CellKind kind) {
        return kind == CellKind.LTC;
    }

    /**
     * Adam's step size: 0.01, except 0.03 for an LTC without mixed memory (each measured on
     * Lorenz as the better of the two).
     */
    public static double learningRate(CellKind kind, boolean mixedMemory) {
        return kind == CellKind.LTC && !mixedMemory ? 0.03 : 0.01;
    }
}
