package io.ltcflink.core.train;

import io.ltcflink.core.Checks;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.Normalization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/*
 * Implementation notes
 *
 * The loop composes the three roles and nothing else: Backprop gives each chunk's loss and
 * gradient, Parameters hold the weights, Adam steps them.
 *
 * Data. Step s of the task forecasts sample s + 1 of the series (ForecastTask). The first
 * (1 − validationFraction) of the steps train, the rest validate: a split by time, so validation
 * measures forecasting the future. Inputs and targets are normalised per channel with the mean and
 * standard deviation of the training steps, including the log Δ channel when it is enabled; the
 * returned Model stores that Normalization so that it takes and gives raw values.
 *
 * Truncated BPTT with lanes [1]. The training steps are cut into B = batchSize contiguous lanes
 * of equal length; a mini-batch is the next chunk of chunkLength steps from every lane, so one
 * update sees B chunks from different parts of the series. Each lane carries its state from chunk
 * to chunk; the state is a constant for the next chunk's backward pass (truncation). At the start
 * of an epoch a lane starts from the state that the full forward pass of the previous evaluation
 * reached at the lane's first step, with the weights the epoch starts from, so no lane starts cold
 * except the first, which starts from the zero state as the series does.
 *
 * Determinism. Each chunk's gradient goes into its lane's own buffer, whichever worker computes
 * it, and the buffers are summed in lane order, weighted by their share of present targets (so the
 * batch gradient is that of the batch MSE). Floating-point sums therefore happen in the same
 * order for any thread count: the same seed gives bit-identical weights with 1 or 8 threads.
 *
 * Evaluation and early stopping. After every epoch the cell runs over the whole series from the
 * zero state; the MSE over the training and the validation steps are the epoch's losses. The
 * weights with the lowest validation loss (epoch 0, the initial weights, included) are kept and
 * returned; training stops after `patience` epochs without improvement.
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

    private final int epochs;
    private final double learningRate;
    private final int chunkLength;
    private final int batchSize;
    private final int threads;
    private final double validationFraction;
    private final int patience;
    private final double clipNorm;
    private final long seed;
    private final boolean logDtInput;
    private final int[] targetChannels;
    private final ProgressListener listener;

    private Trainer(Builder b) {
        Checks.requireArgument(b.epochs >= 1, "epochs must be at least 1: %s", b.epochs);
        Checks.requireArgument(b.learningRate > 0 && Double.isFinite(b.learningRate),
                "learning rate must be positive and finite: %s", b.learningRate);
        Checks.requireArgument(b.chunkLength >= 1,
                "chunk length must be at least 1: %s", b.chunkLength);
        Checks.requireArgument(b.batchSize >= 1, "batch size must be at least 1: %s", b.batchSize);
        Checks.requireArgument(b.threads >= 1, "threads must be at least 1: %s", b.threads);
        Checks.requireArgument(b.validationFraction >= 0 && b.validationFraction < 1,
                "validation fraction must be in [0, 1): %s", b.validationFraction);
        Checks.requireArgument(b.patience >= 0,
                "patience must be >= 0 (0 = no early stopping): %s", b.patience);
        Checks.requireArgument(b.clipNorm >= 0 && Double.isFinite(b.clipNorm),
                "clip norm must be finite and >= 0 (0 = no clipping): %s", b.clipNorm);
        Checks.requireArgument(b.listener != null, "progress listener must not be null");
        this.epochs = b.epochs;
        this.learningRate = b.learningRate;
        this.chunkLength = b.chunkLength;
        this.batchSize = b.batchSize;
        this.threads = b.threads;
        this.validationFraction = b.validationFraction;
        this.patience = b.patience;
        this.clipNorm = b.clipNorm;
        this.seed = b.seed;
        this.logDtInput = b.logDtInput;
        this.targetChannels = b.targetChannels.clone();
        this.listener = b.listener;
    }

    /** A builder with the defaults listed on its setters. */
    public static Builder builder() {
        return new Builder();
    }

    /** The task this trainer sets up over a series of {@code channels} channels. */
    public ForecastTask task(int channels) {
        return ForecastTask.of(channels, logDtInput, targetChannels);
    }

    /**
     * Trains a cell made by {@code factory} (sized for the task, drawn from {@link
     * Builder#seed}) on {@code series}.
     *
     * @throws IllegalArgumentException if the series is too short for the split, a target
     *     channel does not exist, or the cell has no backward pass
     */
    public TrainingResult train(Series series, CellFactory factory) {
        Checks.requireArgument(factory != null, "cell factory must not be null");
        ForecastTask task = task(requireSeries(series).channels());
        RecurrentCell cell = factory.create(task.inputSize(), task.outputSize(), seed);
        return train(series, task, cell);
    }

    /**
     * Continues training {@code initial} (for example an imported model's cell) on {@code
     * series}; its input and output sizes must fit the task.
     */
    public TrainingResult train(Series series, RecurrentCell initial) {
        Checks.requireArgument(initial != null, "initial cell must not be null");
        ForecastTask task = task(requireSeries(series).channels());
        return train(series, task, initial);
    }

    private static Series requireSeries(Series series) {
        Checks.requireArgument(series != null, "series must not be null");
        Checks.requireArgument(series.size() >= 2 && series.channels() >= 1,
                "the series needs at least 2 samples and 1 channel to forecast: %s", series);
        return series;
    }

    private TrainingResult train(Series series, ForecastTask task, RecurrentCell initial) {
        Checks.requireArgument(initial.inputSize() == task.inputSize(),
                "the cell takes %s inputs but the task gives %s", initial.inputSize(),
                task.inputSize());
        Checks.requireArgument(initial.outputSize() == task.outputSize(),
                "the cell has %s outputs but the task forecasts %s channels",
                initial.outputSize(), task.outputSize());
        Backprop.of(initial); // fails fast on a cell without a backward pass

        TaskData raw = TaskData.of(series, task);
        int steps = raw.steps();
        int validationSteps = validationFraction == 0
                ? 0 : Math.max(1, (int) Math.floor(steps * validationFraction));
        int trainSteps = steps - validationSteps;
        Checks.requireArgument(trainSteps >= 1,
                "%s steps leave no training steps after a validation fraction of %s",
                steps, validationFraction);
        Normalization normalization = raw.fitNormalization(trainSteps);
        TaskData data = raw.normalized(normalization);
        Run run = new Run(data, trainSteps, initial);
        try {
            return run.execute(task, normalization);
        } finally {
            run.close();
        }
    }

    /** The state of one training run. */
    private final class Run {
        private final TaskData data;
        private final int trainSteps;
        private final int lanes;
        private final int[] laneStart;
        private final int[] laneEnd;
        private final double[][] laneState;
        private final Parameters[] laneGradient;
        private final int[] laneCount;
        private final Workers pool;
        private final int workers;
        private final long startNanos = System.nanoTime();
        private RecurrentCell cell;

        Run(TaskData data, int trainSteps, RecurrentCell initial) {
            this.data = data;
            this.trainSteps = trainSteps;
            this.cell = initial;
            this.lanes = Math.min(batchSize, trainSteps);
            this.laneStart = new int[lanes];
            this.laneEnd = new int[lanes];
            for (int b = 0; b < lanes; b++) {
                laneStart[b] = (int) ((long) b * trainSteps / lanes);
                laneEnd[b] = (int) ((long) (b + 1) * trainSteps / lanes);
            }
            this.laneState = new double[lanes][initial.stateSize()];
            Parameters shape = Parameters.of(initial);
            this.laneGradient = new Parameters[lanes];
            for (int b = 0; b < lanes; b++) {
                laneGradient[b] = shape.zerosLike();
            }
            this.laneCount = new int[lanes];
            this.workers = Math.min(threads, lanes);
            this.pool = new Workers(workers, "ltc-trainer");
        }

        TrainingResult execute(ForecastTask task, Normalization normalization) {
            Parameters params = Parameters.of(cell);
            Parameters gradient = params.zerosLike();
            Optimizer optimizer = Adam.of(learningRate, clipNorm);
            optimizer.initialise(params);
            boolean validating = trainSteps < data.steps();

            List<EpochStats> history = new ArrayList<>();
            EpochStats stats = evaluate(0);
            history.add(stats);
            listener.onEpoch(stats, epochs);
            Parameters best = params.copy();
            double bestLoss = stats.validationLoss();
            int bestEpoch = 0;
            int sinceBest = 0;
            boolean stoppedEarly = false;

            for (int epoch = 1; epoch <= epochs; epoch++) {
                int[] position = laneStart.clone();
                boolean more = true;
                while (more) {
                    more = batch(position);
                    long total = 0;
                    for (int b = 0; b < lanes; b++) {
                        total += laneCount[b];
                    }
                    if (total == 0) {
                        continue;
                    }
                    gradient.clear();
                    for (int b = 0; b < lanes; b++) {
                        if (laneCount[b] > 0) {
                            gradient.addScaled((double) laneCount[b] / total, laneGradient[b]);
                        }
                    }
                    optimizer.step(params, gradient);
                    params.applyConstraints();
                    cell = params.toCell(cell);
                }
                stats = evaluate(epoch);
                history.add(stats);
                listener.onEpoch(stats, epochs);
                if (!validating) {
                    bestEpoch = epoch;
                    continue;
                }
                if (stats.validationLoss() < bestLoss || Double.isNaN(bestLoss)) {
                    bestLoss = stats.validationLoss();
                    best = params.copy();
                    bestEpoch = epoch;
                    sinceBest = 0;
                } else if (patience > 0 && ++sinceBest >= patience) {
                    stoppedEarly = epoch < epochs;
                    break;
                }
            }
            RecurrentCell trained = validating ? best.toCell(cell) : cell;
            Map<String, String> metadata = new LinkedHashMap<>(task.toMetadata());
            metadata.put("training.epochs", Integer.toString(history.size() - 1));
            metadata.put("training.bestEpoch", Integer.toString(bestEpoch));
            metadata.put("training.trainLoss",
                    Double.toString(history.get(bestEpoch).trainLoss()));
            metadata.put("training.validationLoss",
                    Double.toString(history.get(bestEpoch).validationLoss()));
            metadata.put("training.settings", Trainer.this.toString());
            Model model = Model.of(trained, normalization, metadata);
            return new TrainingResult(model, task, history, bestEpoch, stoppedEarly);
        }

        /**
         * Runs the next chunk of every lane that has steps left, advancing {@code position};
         * returns whether any lane has steps left afterwards.
         */
        private boolean batch(int[] position) {
            List<Integer> active = new ArrayList<>();
            for (int b = 0; b < lanes; b++) {
                laneCount[b] = 0;
                if (position[b] < laneEnd[b]) {
                    active.add(b);
                }
            }
            RecurrentCell current = cell;
            List<Callable<Void>> tasks = new ArrayList<>();
            int n = Math.min(workers, active.size());
            for (int w = 0; w < n; w++) {
                int worker = w;
                tasks.add(() -> {
                    Backprop backprop = Backprop.of(current);
                    for (int i = worker; i < active.size(); i += n) {
                        int b = active.get(i);
                        int from = position[b];
                        int to = Math.min(from + chunkLength, laneEnd[b]);
                        laneGradient[b].clear();
                        Backprop.ChunkLoss loss = backprop.run(laneState[b], data.inputs,
                                data.timespans, data.targets, from, to, laneGradient[b],
                                laneState[b]);
                        laneCount[b] = loss.count();
                    }
                    return null;
                });
            }
            pool.invokeAll(tasks);
            boolean more = false;
            for (int b : active) {
                position[b] = Math.min(position[b] + chunkLength, laneEnd[b]);
                more |= position[b] < laneEnd[b];
            }
            return more;
        }


        /**
         * Runs the cell over all steps from the zero state: the MSE over the training and the
         * validation steps, and each lane's starting state for the next epoch.
         */
        private EpochStats evaluate(int epoch) {
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
                while (lane < lanes && laneStart[lane] == s) {
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
            return new EpochStats(
                    epoch,
                    trainCount == 0 ? Double.NaN : trainSum / trainCount,
                    validationCount == 0 ? Double.NaN : validationSum / validationCount,
                    Duration.ofNanos(System.nanoTime() - startNanos));
        }

        void close() {
            pool.close();
        }
    }

    @Override
    public String toString() {
        return String.format(
                "Trainer{epochs=%s, learningRate=%s, chunkLength=%s, batchSize=%s, threads=%s,"
                        + " validationFraction=%s, patience=%s, clipNorm=%s, seed=%s,"
                        + " logDtInput=%s, targetChannels=%s}",
                epochs, learningRate, chunkLength, batchSize, threads, validationFraction,
                patience, clipNorm, seed, logDtInput, Arrays.toString(targetChannels));
    }

    /** Collects the settings of a {@link Trainer}; {@link #build()} validates them. */
    public static final class Builder {
        private int epochs = 50;
        private double learningRate = 1e-2;
        private int chunkLength = 32;
        private int batchSize = 8;
        private int threads = 1;
        private double validationFraction = 0.2;
        private int patience = 10;
        private double clipNorm = 1.0;
        private long seed = 42L;
        private boolean logDtInput = false;
        private int[] targetChannels = new int[0];
        private ProgressListener listener = ProgressListener.none();

        private Builder() {}

        /** Passes over the training data (default 50, at least 1). */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Adam's step size α (default 1e-2, positive). */
        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
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
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Worker threads for the chunks of a batch (default 1); results do not depend on it. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** The last fraction of the steps held out for validation (default 0.2, in [0, 1)). */
        public Builder validationFraction(double validationFraction) {
            this.validationFraction = validationFraction;
            return this;
        }

        /**
         * Epochs without a better validation loss before stopping (default 10; 0 = never stop
         * early). The best weights are returned either way when there is validation.
         */
        public Builder patience(int patience) {
            this.patience = patience;
            return this;
        }

        /** The largest global gradient norm (default 1.0; 0 = no clipping). */
        public Builder clipNorm(double clipNorm) {
            this.clipNorm = clipNorm;
            return this;
        }

        /** The seed of the cell's initialisation (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Whether {@code log Δ} is appended to the input as an extra channel (default false). It is
         * normalised with the other inputs; the model's input size grows by one and its
         * normalisation covers that channel last.
         */
        public Builder logDtInput(boolean logDtInput) {
            this.logDtInput = logDtInput;
            return this;
        }

        /** The channels to forecast, in output order (default: all channels). */
        public Builder targetChannels(int... channels) {
            Checks.requireArgument(channels != null, "target channels must not be null");
            this.targetChannels = channels.clone();
            return this;
        }

        /** Called after every epoch (default: none). */
        public Builder progressListener(ProgressListener listener) {
            this.listener = listener;
            return this;
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
