package io.ltcflink.core.train;

import io.ltcflink.core.Checks;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.data.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/*
 * Implementation notes
 *
 * TrainingLoop runs the epochs: the split by time, the normalisation, Adam, the fixed-order sums
 * of the batch gradients, early stopping. This class forms the batches and measures the epochs.
 *
 * Truncated BPTT with lanes [1]. The training steps are cut into B = batchSize contiguous lanes
 * of equal length; a mini-batch is the next chunk of chunkLength steps from every lane, so one
 * update sees B chunks from different parts of the series. Each lane carries its state from chunk
 * to chunk; the state is a constant for the next chunk's backward pass (truncation). At the start
 * of an epoch a lane starts from the state that the full forward pass of the previous evaluation
 * reached at the lane's first step, with the weights the epoch starts from, so no lane starts cold
 * except the first, which starts from the zero state as the series does. A lane's chunk of a batch
 * is its own work item, so its gradient lands in its own buffer and the buffers are summed in lane
 * order.
 *
 * Evaluation. After every epoch the cell runs over the whole series from the zero state; the MSE
 * over the training and the validation steps are the epoch's losses.
 *
 * [1] R. J. Williams and J. Peng, "An efficient gradient-based algorithm for on-line training of
 *     recurrent network trajectories", Neural Computation 2(4), 1990 (truncated BPTT).
 */

/**
 * Trains a recurrent cell on the one-step-ahead forecasting task of a {@link Series} with
 * truncated BPTT and {@link Adam}. Immutable and reusable; configure with {@link #builder()}.
 *
 * <pre>{@code
 * TrainingResult r = Trainer.builder().epochs(30).learningRate(1e-2).threads(2).build()
 *         .train(series, CellFactory.ltcAutoNcp(16, false));
 * ForecastScore score = Forecasting.evaluate(r.model(), testSeries);
 * }</pre>
 */
public final class Trainer {

    private final TrainingSettings settings;
    private final int chunkLength;

    private Trainer(Builder b) {
        Checks.requireArgument(b.chunkLength >= 1,
                "chunk length must be at least 1: %s", b.chunkLength);
        this.settings = b.settings();
        this.chunkLength = b.chunkLength;
    }

    /** A builder with the defaults listed on its setters. */
    public static Builder builder() {
        return new Builder();
    }

    /** The task this trainer sets up over a series of {@code channels} channels. */
    public ForecastTask task(int channels) {
        return settings.task(channels);
    }

    /**
     * Trains a cell made by {@code factory} (sized for the task, drawn from {@link
     * Builder#seed}) on {@code series}.
     *
     * @throws IllegalArgumentException if the series is too short for the split, a target
     *     channel does not exist, or the cell has no backward pass
     */
    public TrainingResult train(Series series, CellFactory factory) {
        return loop().train(series, factory);
    }

    /**
     * Continues training {@code initial} (for example an imported model's cell) on {@code
     * series}; its input and output sizes must fit the task.
     */
    public TrainingResult train(Series series, RecurrentCell initial) {
        return loop().train(series, initial);
    }

    private TrainingLoop<LaneChunk> loop() {
        return new TrainingLoop<>(settings, "ltc-trainer", Map.of(), toString(), Lanes::new);
    }

    /** Steps {@code [from, to)} of lane {@code lane}. */
    private record LaneChunk(int lane, int from, int to) {}

    /** The lanes of one run, the states they carry, and the evaluation that starts them. */
    private final class Lanes implements TrainingLoop.Objective<LaneChunk> {
        private final TaskData data;
        private final int trainSteps;
        private final int[] laneStart;
        private final double[][] laneState;
        private final List<List<LaneChunk>> batches = new ArrayList<>();

        Lanes(TaskData data, int trainSteps, RecurrentCell initial) {
            this.data = data;
            this.trainSteps = trainSteps;
            int lanes = Math.min(settings.batchSize(), trainSteps);
            this.laneStart = new int[lanes];
            int[] laneEnd = new int[lanes];
            for (int b = 0; b < lanes; b++) {
                laneStart[b] = (int) ((long) b * trainSteps / lanes);
                laneEnd[b] = (int) ((long) (b + 1) * trainSteps / lanes);
            }
            this.laneState = new double[lanes][initial.stateSize()];
            for (int offset = 0; ; offset += chunkLength) {
                List<LaneChunk> batch = new ArrayList<>();
                for (int b = 0; b < lanes; b++) {
                    int from = laneStart[b] + offset;
                    if (from < laneEnd[b]) {
                        batch.add(new LaneChunk(b, from, Math.min(from + chunkLength, laneEnd[b])));
                    }
                }
                if (batch.isEmpty()) {
                    break;
                }
                batches.add(batch);
            }
        }

        /** The same every epoch: the next chunk of every lane that has steps left. */
        @Override
        public List<List<LaneChunk>> batches(int epoch) {
            return batches;
        }

        /** Runs a chunk from its lane's state. Modifies that state to the one the chunk ends in. */
        @Override
        public TrainingLoop.ChunkGradient<LaneChunk> newWorker(RecurrentCell cell) {
            Backprop backprop = Backprop.of(cell);
            return (c, gradient) -> backprop.run(laneState[c.lane()], data.inputs, data.timespans,
                    data.targets, c.from(), c.to(), gradient, laneState[c.lane()]);
        }

        /**
         * Runs the cell over all steps from the zero state: the MSE over the training and the
         * validation steps. Modifies each lane's state to the one the next epoch starts from.
         */
        @Override
        public TrainingLoop.Losses losses(RecurrentCell cell, int epoch, double trainedLoss) {
            RecurrentCell.Stepper stepper = cell.newStepper();
            double[] state = new double[cell.stateSize()];
            cell.initialState(state);
            double[] y = new double[cell.outputSize()];
            double trainSum = 0.0;
            long trainCount = 0;
            double validationSum = 0.0;
            long validationCount = 0;
            int lane = 0;
            for (int s = 0; s < data.steps(); s++) {
                while (lane < laneStart.length && laneStart[lane] == s) {
                    System.arraycopy(state, 0, laneState[lane], 0, state.length);
                    lane++;
                }
                stepper.step(state, data.inputs[s], data.timespans[s], y);
                double[] target = data.targets[s];
                for (int i = 0; i < y.length; i++) {
                    if (!Double.isNaN(target[i])) {
                        double e = y[i] - target[i];
                        if (s < trainSteps) {
                            trainSum += e * e;
                            trainCount++;
                        } else {
                            validationSum += e * e;
                            validationCount++;
                        }
                    }
                }
            }
            return new TrainingLoop.Losses(
                    trainCount == 0 ? Double.NaN : trainSum / trainCount,
                    validationCount == 0 ? Double.NaN : validationSum / validationCount);
        }
    }

    @Override
    public String toString() {
        return settings.describe("Trainer", 2, "chunkLength=" + chunkLength);
    }

    /** Collects the settings of a {@link Trainer}; {@link #build()} validates them. */
    public static final class Builder extends TrainingSettings.Builder<Builder> {
        private int chunkLength = 32;

        private Builder() {
            super(8);
        }

        @Override
        Builder self() {
            return this;
        }

        /** Steps per truncated-BPTT chunk (default 32, at least 1). */
        public Builder chunkLength(int chunkLength) {
            this.chunkLength = chunkLength;
            return this;
        }

        /**
         * Chunks per update, one from each of this many lanes of the training data (default 8,
         * at least 1; capped at the number of training steps).
         */
        @Override
        public Builder batchSize(int batchSize) {
            return super.batchSize(batchSize);
        }

        /**
         * A trainer with these settings.
         *
         * @throws IllegalArgumentException naming the first setting out of range and its value
         */
        public Trainer build() {
            return new Trainer(this);
        }
    }
}
