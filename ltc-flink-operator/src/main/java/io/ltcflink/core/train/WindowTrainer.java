package io.ltcflink.core.train;

import io.ltcflink.core.Checks;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.data.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/*
 * Implementation notes
 *
 * The model is a windowed forecaster (WindowForecaster): every forecast runs the cell over the
 * last W steps of the ForecastTask from the zero state. Training matches that use without paying
 * W steps per target:
 *
 * Chunks. A chunk is W consecutive task steps run from the zero state. Its first B = ⌊W/2⌋ steps
 * are burn-in (no loss); the loss is the MSE of its last L = W − B outputs. Chunk c scores steps
 * [cL, cL + L) and starts B steps earlier, so every training target is scored exactly once per
 * epoch, with between B + 1 and W steps of context, and an epoch costs about 2N cell steps for N
 * targets (N·W for scoring every target with a full window). The first chunk starts at step 0
 * with less burn-in, as the series itself does.
 *
 * Batches. Chunks are independent (each starts from zero), so an epoch visits them in a seeded
 * random order; a mini-batch is the next batchSize chunks.
 *
 * Everything else is TrainingLoop's, as for Trainer: a split by time (the last
 * validationFraction of the steps validate), per-channel normalisation fitted on the training
 * steps, Adam with global-norm clipping, batch gradients summed in batch order whatever the
 * thread count, the weights with the lowest validation loss kept, early stopping after `patience`
 * epochs without improvement. The validation loss uses the same chunks over the validation
 * steps; the training loss of an epoch is the mean loss of its chunks as they were trained
 * (epoch 0: of the initial weights).
 */

/**
 * Trains a recurrent cell as a windowed one-step-ahead forecaster (see {@link
 * WindowForecaster}) of a {@link Series} with {@link Adam}. The returned model records its window
 * ({@link WindowForecaster#KEY_WINDOW}) and task in its metadata. Immutable and reusable;
 * configure with {@link #builder()}.
 *
 * <pre>{@code
 * TrainingResult r = WindowTrainer.builder().window(32).epochs(30).build()
 *         .train(series, CellFactory.lstm(32));
 * double[] next = new double[3];
 * WindowForecaster.of(r.model()).forecast(values, gaps, 0, 32, gap, next);
 * }</pre>
 */
public final class WindowTrainer {

    private final TrainingSettings settings;
    private final int window;

    private WindowTrainer(Builder b) {
        Checks.requireArgument(b.window >= 1, "window must be at least 1: %s", b.window);
        this.settings = b.settings();
        this.window = b.window;
    }

    /** A builder with the defaults listed on its setters. */
    public static Builder builder() {
        return new Builder();
    }

    /** The window length W. */
    public int window() {
        return window;
    }

    /** The number of targets one chunk scores: {@code W − ⌊W/2⌋}. */
    public int scoredPerChunk() {
        return window - window / 2;
    }

    /** The task this trainer sets up over a series of {@code channels} channels. */
    public ForecastTask task(int channels) {
        return settings.task(channels);
    }

    /**
     * Trains a cell made by {@code factory} (sized for the task, drawn from {@link Builder#seed})
     * on {@code series}.
     *
     * @throws IllegalArgumentException if the series is too short for the split, a target
     *     channel does not exist, or the cell has no backward pass
     */
    public TrainingResult train(Series series, CellFactory factory) {
        TrainingLoop<Chunk> loop = new TrainingLoop<>(settings, "ltc-window-trainer",
                Map.of(WindowForecaster.KEY_WINDOW, Integer.toString(window)), toString(),
                ShuffledChunks::new);
        return loop.train(series, factory);
    }

    /** A chunk: steps {@code [start, end)}, of which {@code [scoredFrom, end)} are scored. */
    private record Chunk(int start, int scoredFrom, int end) {}

    /** The chunks whose scored steps tile {@code [from, to)}. */
    private List<Chunk> chunks(int from, int to) {
        int burn = window / 2;
        int scored = scoredPerChunk();
        List<Chunk> out = new ArrayList<>();
        for (int s = from; s < to; s += scored) {
            out.add(new Chunk(Math.max(0, s - burn), s, Math.min(s + scored, to)));
        }
        return out;
    }

    /** The chunks of one run, visited in a seeded random order every epoch. */
    private final class ShuffledChunks implements TrainingLoop.Objective<Chunk> {
        private final TaskData data;
        private final List<Chunk> trainChunks;
        private final List<Chunk> validationChunks;
        private final double[][] missing;

        ShuffledChunks(TaskData data, int trainSteps, RecurrentCell initial) {
            this.data = data;
            this.trainChunks = chunks(0, trainSteps);
            this.validationChunks = chunks(trainSteps, data.steps());
            double[] nan = new double[initial.outputSize()];
            Arrays.fill(nan, Double.NaN);
            this.missing = new double[window][];
            Arrays.fill(missing, nan);
        }

        /** The training chunks in the order of the epoch, cut into batches of batchSize. */
        @Override
        public List<List<Chunk>> batches(int epoch) {
            List<Chunk> order = new ArrayList<>(trainChunks);
            long seed = settings.seed() * 0x9E3779B97F4A7C15L + epoch;
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int i = order.size() - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                Chunk t = order.get(i);
                order.set(i, order.get(j));
                order.set(j, t);
            }
            int batchSize = settings.batchSize();
            List<List<Chunk>> batches = new ArrayList<>();
            for (int b = 0; b < order.size(); b += batchSize) {
                batches.add(order.subList(b, Math.min(b + batchSize, order.size())));
            }
            return batches;
        }

        /** Runs a chunk from the zero state, with the targets of its burn-in steps masked. */
        @Override
        public TrainingLoop.ChunkGradient<Chunk> newWorker(RecurrentCell cell) {
            Backprop backprop = Backprop.of(cell);
            double[][] inputs = new double[window][];
            double[] timespans = new double[window];
            double[][] targets = new double[window][];
            double[] zero = new double[cell.stateSize()];
            double[] end = new double[cell.stateSize()];
            return (c, gradient) -> {
                int n = c.end() - c.start();
                for (int j = 0; j < n; j++) {
                    int s = c.start() + j;
                    inputs[j] = data.inputs[s];
                    timespans[j] = data.timespans[s];
                    targets[j] = s < c.scoredFrom() ? missing[j] : data.targets[s];
                }
                return backprop.run(zero, inputs, timespans, targets, 0, n, gradient, end);
            };
        }

        /** Epoch 0 measures the training chunks; later epochs report them as trained. */
        @Override
        public TrainingLoop.Losses losses(RecurrentCell cell, int epoch, double trainedLoss) {
            double train = epoch == 0 ? loss(cell, trainChunks) : trainedLoss;
            return new TrainingLoop.Losses(train, loss(cell, validationChunks));
        }

        /** The MSE over the scored steps of {@code chunks} (forward only); NaN for none. */
        private double loss(RecurrentCell cell, List<Chunk> chunks) {
            if (chunks.isEmpty()) {
                return Double.NaN;
            }
            RecurrentCell.Stepper stepper = cell.newStepper();
            double[] state = new double[cell.stateSize()];
            double[] y = new double[cell.outputSize()];
            double sum = 0.0;
            long count = 0;
            for (Chunk c : chunks) {
                cell.initialState(state);
                for (int s = c.start(); s < c.end(); s++) {
                    stepper.step(state, data.inputs[s], data.timespans[s], y);
                    if (s < c.scoredFrom()) {
                        continue;
                    }
                    double[] target = data.targets[s];
                    for (int i = 0; i < y.length; i++) {
                        if (!Double.isNaN(target[i])) {
                            double e = y[i] - target[i];
                            sum += e * e;
                            count++;
                        }
                    }
                }
            }
            return count == 0 ? Double.NaN : sum / count;
        }
    }

    @Override
    public String toString() {
        return settings.describe("WindowTrainer", 0, "window=" + window);
    }

    /** Collects the settings of a {@link WindowTrainer}; {@link #build()} validates them. */
    public static final class Builder extends TrainingSettings.Builder<Builder> {
        private int window = 32;

        private Builder() {
            super(16);
        }

        @Override
        Builder self() {
            return this;
        }

        /** The number of readings W each forecast looks at (default 32, at least 1). */
        public Builder window(int window) {
            this.window = window;
            return this;
        }

        /**
         * Chunks per update (default 16, at least 1); an update averages over about {@code
         * batchSize · (W − ⌊W/2⌋)} targets.
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
        public WindowTrainer build() {
            return new WindowTrainer(this);
        }
    }
}
