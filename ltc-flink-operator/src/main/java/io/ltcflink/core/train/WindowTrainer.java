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
 * random order; a mini-batch is the next batchSize chunks. Each chunk's gradient goes into its
 * own buffer and the buffers are summed in batch order, weighted by their share of scored
 * targets (the batch gradient is that of the batch MSE). Sums thus happen in the same order for
 * any thread count: the same seed gives bit-identical weights with 1 or 8 threads.
 *
 * Everything else is Trainer's: a split by time (the last validationFraction of the steps
 * validate), per-channel normalisation fitted on the training steps, Adam with global-norm
 * clipping, the weights with the lowest validation loss kept, early stopping after `patience`
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

    private final int window;
    private final int epochs;
    private final double learningRate;
    private final int batchSize;
    private final int threads;
    private final double validationFraction;
    private final int patience;
    private final double clipNorm;
    private final long seed;
    private final boolean logDtInput;
    private final int[] targetChannels;
    private final ProgressListener listener;

    private WindowTrainer(Builder b) {
        Checks.requireArgument(b.window >= 1, "window must be at least 1: %s", b.window);
        Checks.requireArgument(b.epochs >= 1, "epochs must be at least 1: %s", b.epochs);
        Checks.requireArgument(b.learningRate > 0 && Double.isFinite(b.learningRate),
                "learning rate must be positive and finite: %s", b.learningRate);
        Checks.requireArgument(b.batchSize >= 1, "batch size must be at least 1: %s", b.batchSize);
        Checks.requireArgument(b.threads >= 1, "threads must be at least 1: %s", b.threads);
        Checks.requireArgument(b.validationFraction >= 0 && b.validationFraction < 1,
                "validation fraction must be in [0, 1): %s", b.validationFraction);
        Checks.requireArgument(b.patience >= 0,
                "patience must be >= 0 (0 = no early stopping): %s", b.patience);
        Checks.requireArgument(b.clipNorm >= 0 && Double.isFinite(b.clipNorm),
                "clip norm must be finite and >= 0 (0 = no clipping): %s", b.clipNorm);
        Checks.requireArgument(b.listener != null, "progress listener must not be null");
        this.window = b.window;
        this.epochs = b.epochs;
        this.learningRate = b.learningRate;
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
        return ForecastTask.of(channels, logDtInput, targetChannels);
    }

    /**
     * Trains a cell made by {@code factory} (sized for the task, drawn from {@link Builder#seed})
     * on {@code series}.
     *
     * @throws IllegalArgumentException if the series is too short for the split, a target
     *     channel does not exist, or the cell has no backward pass
     */
    public TrainingResult train(Series series, CellFactory factory) {
        Checks.requireArgument(factory != null, "cell factory must not be null");
        Checks.requireArgument(series != null && series.size() >= 2 && series.channels() >= 1,
                "the series needs at least 2 samples and 1 channel to forecast: %s", series);
        ForecastTask task = task(series.channels());
        RecurrentCell cell = factory.create(task.inputSize(), task.outputSize(), seed);
        Backprop.of(cell); // fails fast on a cell without a backward pass

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
        Run run = new Run(data, trainSteps, cell);
        try {
            return run.execute(task, normalization);
        } finally {
            run.close();
        }
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

    /** The state of one training run. */
    private final class Run {
        private final TaskData data;
        private final int trainSteps;
        private final List<Chunk> trainChunks;
        private final List<Chunk> validationChunks;
        private final Workers pool;
        private final int workers;
        private final double[][] missing;
        private final long startNanos = System.nanoTime();
        private RecurrentCell cell;

        Run(TaskData data, int trainSteps, RecurrentCell initial) {
            this.data = data;
            this.trainSteps = trainSteps;
            this.cell = initial;
            this.trainChunks = chunks(0, trainSteps);
            this.validationChunks = chunks(trainSteps, data.steps());
            this.workers = Math.min(threads, batchSize);
            this.pool = new Workers(workers, "ltc-window-trainer");
            double[] nan = new double[initial.outputSize()];
            Arrays.fill(nan, Double.NaN);
            this.missing = new double[window][];
            Arrays.fill(missing, nan);
        }

        TrainingResult execute(ForecastTask task, Normalization normalization) {
            Parameters params = Parameters.of(cell);
            Parameters gradient = params.zerosLike();
            Parameters[] chunkGradient = new Parameters[Math.min(batchSize, trainChunks.size())];
            for (int i = 0; i < chunkGradient.length; i++) {
                chunkGradient[i] = params.zerosLike();
            }
            Backprop.ChunkLoss[] chunkLoss = new Backprop.ChunkLoss[chunkGradient.length];
            Optimizer optimizer = Adam.of(learningRate, clipNorm);
            optimizer.initialise(params);
            boolean validating = !validationChunks.isEmpty();

            List<EpochStats> history = new ArrayList<>();
            EpochStats stats = new EpochStats(0, loss(trainChunks), loss(validationChunks),
                    elapsed());
            history.add(stats);
            listener.onEpoch(stats, epochs);
            Parameters best = params.copy();
            double bestLoss = stats.validationLoss();
            int bestEpoch = 0;
            int sinceBest = 0;
            boolean stoppedEarly = false;

            for (int epoch = 1; epoch <= epochs; epoch++) {
                List<Chunk> order = shuffled(trainChunks, epoch);
                double lossSum = 0.0;
                long lossCount = 0;
                for (int b = 0; b < order.size(); b += batchSize) {
                    List<Chunk> batch = order.subList(b, Math.min(b + batchSize, order.size()));
                    gradients(batch, chunkGradient, chunkLoss);
                    long total = 0;
                    for (int i = 0; i < batch.size(); i++) {
                        total += chunkLoss[i].count();
                    }
                    if (total == 0) {
                        continue;
                    }
                    gradient.clear();
                    for (int i = 0; i < batch.size(); i++) {
                        int count = chunkLoss[i].count();
                        if (count > 0) {
                            gradient.addScaled((double) count / total, chunkGradient[i]);
                            lossSum += chunkLoss[i].loss() * count;
                            lossCount += count;
                        }
                    }
                    optimizer.step(params, gradient);
                    params.applyConstraints();
                    cell = params.toCell(cell);
                }
                stats = new EpochStats(epoch, lossCount == 0 ? Double.NaN : lossSum / lossCount,
                        loss(validationChunks), elapsed());
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
            metadata.put(WindowForecaster.KEY_WINDOW, Integer.toString(window));
            metadata.put("training.epochs", Integer.toString(history.size() - 1));
            metadata.put("training.bestEpoch", Integer.toString(bestEpoch));
            metadata.put("training.trainLoss",
                    Double.toString(history.get(bestEpoch).trainLoss()));
            metadata.put("training.validationLoss",
                    Double.toString(history.get(bestEpoch).validationLoss()));
            metadata.put("training.settings", WindowTrainer.this.toString());
            Model model = Model.of(trained, normalization, metadata);
            return new TrainingResult(model, task, history, bestEpoch, stoppedEarly);
        }

        private Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }

        private List<Chunk> shuffled(List<Chunk> chunks, int epoch) {
            List<Chunk> order = new ArrayList<>(chunks);
            SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
            for (int i = order.size() - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                Chunk t = order.get(i);
                order.set(i, order.get(j));
                order.set(j, t);
            }
            return order;
        }

        /** Each chunk's loss and gradient into its own slot. Modified: grads, losses. */
        private void gradients(List<Chunk> batch, Parameters[] grads,
                Backprop.ChunkLoss[] losses) {
            RecurrentCell current = cell;
            int n = Math.min(workers, batch.size());
            List<java.util.concurrent.Callable<Void>> tasks = new ArrayList<>();
            for (int w = 0; w < n; w++) {
                int worker = w;
                tasks.add(() -> {
                    Backprop backprop = Backprop.of(current);
                    ChunkArrays arrays = new ChunkArrays(current.stateSize());
                    for (int i = worker; i < batch.size(); i += n) {
                        grads[i].clear();
                        losses[i] = arrays.run(backprop, batch.get(i), grads[i]);
                    }
                    return null;
                });
            }
            pool.invokeAll(tasks);
        }

        /** The MSE over the scored steps of {@code chunks} (forward only); NaN for none. */
        private double loss(List<Chunk> chunks) {
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

        /** A worker's views of one chunk's rows, with the burn-in targets masked. */
        private final class ChunkArrays {
            final double[][] inputs = new double[window][];
            final double[] timespans = new double[window];
            final double[][] targets = new double[window][];
            final double[] zero;
            final double[] end;

            ChunkArrays(int stateSize) {
                zero = new double[stateSize];
                end = new double[stateSize];
            }

            Backprop.ChunkLoss run(Backprop backprop, Chunk c, Parameters gradient) {
                int n = c.end() - c.start();
                for (int j = 0; j < n; j++) {
                    int s = c.start() + j;
                    inputs[j] = data.inputs[s];
                    timespans[j] = data.timespans[s];
                    targets[j] = s < c.scoredFrom() ? missing[j] : data.targets[s];
                }
                return backprop.run(zero, inputs, timespans, targets, 0, n, gradient, end);
            }
        }


        void close() {
            pool.close();
        }
    }

    @Override
    public String toString() {
        return String.format(
                "WindowTrainer{window=%s, epochs=%s, learningRate=%s, batchSize=%s, threads=%s,"
                        + " validationFraction=%s, patience=%s, clipNorm=%s, seed=%s,"
                        + " logDtInput=%s, targetChannels=%s}",
                window, epochs, learningRate, batchSize, threads, validationFraction, patience,
                clipNorm, seed, logDtInput, Arrays.toString(targetChannels));
    }

    /** Collects the settings of a {@link WindowTrainer}; {@link #build()} validates them. */
    public static final class Builder {
        private int window = 32;
        private int epochs = 50;
        private double learningRate = 1e-2;
        private int batchSize = 16;
        private int threads = 1;
        private double validationFraction = 0.2;
        private int patience = 10;
        private double clipNorm = 1.0;
        private long seed = 42L;
        private boolean logDtInput = false;
        private int[] targetChannels = new int[0];
        private ProgressListener listener = ProgressListener.none();

        private Builder() {}

        /** The number of readings W each forecast looks at (default 32, at least 1). */
        public Builder window(int window) {
            this.window = window;
            return this;
        }

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

        /**
         * Chunks per update (default 16, at least 1); an update averages over about {@code
         * batchSize · (W − ⌊W/2⌋)} targets.
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

        /** The seed of the cell's initialisation and of the chunk order (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether {@code log Δ} is appended to the input as an extra channel (default false). */
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
        public WindowTrainer build() {
            return new WindowTrainer(this);
        }
    }
}
