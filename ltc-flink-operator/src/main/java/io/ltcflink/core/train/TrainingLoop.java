package io.ltcflink.core.train;

import io.ltcflink.core.Checks;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.Normalization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/*
 * Implementation notes
 *
 * The loop composes the roles and nothing else: an Objective forms the batches and gives each
 * chunk's loss and gradient, Parameters hold the weights, Adam steps them. What a chunk is, how
 * batches are formed and how an epoch's losses are measured is the Objective's; everything below
 * is shared by the trainers.
 *
 * Data. Step s of the task forecasts sample s + 1 of the series (ForecastTask). The first
 * (1 − validationFraction) of the steps train, the rest validate: a split by time, so validation
 * measures forecasting the future. Inputs and targets are normalised per channel with the mean and
 * standard deviation of the training steps, including the log Δ channel when it is enabled; the
 * returned Model stores that Normalization so that it takes and gives raw values.
 *
 * Determinism. Each chunk of a batch has its own gradient buffer, whichever worker computes it,
 * and the buffers are summed in batch order, weighted by their share of present targets (so the
 * batch gradient is that of the batch MSE). Floating-point sums therefore happen in the same
 * order for any thread count: the same seed gives bit-identical weights with 1 or 8 threads.
 *
 * Early stopping. After every epoch (and for the initial weights, epoch 0) the Objective gives the
 * training and validation losses. The weights with the lowest validation loss are kept and
 * returned; training stops after `patience` epochs without improvement. Without validation the
 * last weights are returned.
 */

/**
 * Runs the epochs of a trainer over an {@link Objective}: splits and normalises the data, steps
 * the weights with {@link Adam} batch by batch, records every epoch's losses, stops early and
 * returns the best weights. Immutable; every {@code train} call is an independent run.
 *
 * @param <T> the chunks the objective's batches consist of
 */
final class TrainingLoop<T> {

    /**
     * How one trainer forms its batches, computes their gradients and measures an epoch; the state
     * of one run. The loop calls {@link #losses} for epoch 0, then per epoch {@link #batches},
     * {@link #newWorker} for every worker of every batch, and {@link #losses} again.
     *
     * @param <T> a chunk: the unit of work whose gradient one worker computes
     */
    interface Objective<T> {

        /**
         * The mini-batches of epoch {@code epoch} (from 1), in training order. The chunks of one
         * batch are computed concurrently, so none may depend on another of the same batch.
         */
        List<List<T>> batches(int epoch);

        /**
         * A worker's way to compute the chunks of one batch with {@code cell}; each worker gets
         * its own and uses it on one thread, so it may hold scratch space.
         */
        ChunkGradient<T> newWorker(RecurrentCell cell);

        /**
         * The training and validation loss (NaN for none) of {@code cell} after epoch {@code
         * epoch}; may modify the state the next epoch's chunks start from.
         *
         * @param trainedLoss the mean loss of the chunks the epoch trained on, weighted by their
         *     targets, as they were trained (NaN for epoch 0 and when no target was scored)
         */
        Losses losses(RecurrentCell cell, int epoch, double trainedLoss);
    }

    /** Computes the loss and gradient of one chunk. */
    @FunctionalInterface
    interface ChunkGradient<T> {

        /**
         * The loss of {@code chunk}, with the number of targets it scored.
         *
         * @param gradient zero on entry; the chunk's gradient is added. Modified.
         */
        Backprop.ChunkLoss run(T chunk, Parameters gradient);
    }

    /** Makes the objective of one run. */
    @FunctionalInterface
    interface ObjectiveFactory<T> {

        /**
         * The objective over normalised {@code data}, of which the first {@code trainSteps} steps
         * train, for a run that starts from {@code initial}.
         */
        Objective<T> create(TaskData data, int trainSteps, RecurrentCell initial);
    }

    /** The losses of one epoch. */
    record Losses(double train, double validation) {}

    private final TrainingSettings settings;
    private final String threadName;
    private final Map<String, String> metadata;
    private final String description;
    private final ObjectiveFactory<T> objectives;

    /**
     * @param settings the shared settings
     * @param threadName the name prefix of the worker threads
     * @param metadata the trainer's entries of the model's metadata, stored after the task's
     * @param description the trainer's settings, stored as {@code training.settings}
     * @param objectives makes each run's objective
     */
    TrainingLoop(TrainingSettings settings, String threadName, Map<String, String> metadata,
            String description, ObjectiveFactory<T> objectives) {
        this.settings = settings;
        this.threadName = threadName;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.description = description;
        this.objectives = objectives;
    }

    /**
     * Trains a cell made by {@code factory} (sized for the task, drawn from the seed) on {@code
     * series}.
     *
     * @throws IllegalArgumentException if the series is too short for the split, a target
     *     channel does not exist, or the cell has no backward pass
     */
    TrainingResult train(Series series, CellFactory factory) {
        Checks.requireArgument(factory != null, "cell factory must not be null");
        ForecastTask task = settings.task(requireSeries(series).channels());
        RecurrentCell cell = factory.create(task.inputSize(), task.outputSize(), settings.seed());
        return train(series, task, cell);
    }

    /** Continues training {@code initial} on {@code series}; its sizes must fit the task. */
    TrainingResult train(Series series, RecurrentCell initial) {
        Checks.requireArgument(initial != null, "initial cell must not be null");
        ForecastTask task = settings.task(requireSeries(series).channels());
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

        double unit = settings.timeUnit() > 0
                ? settings.timeUnit() : ModelTimeUnit.medianGap(series);
        TaskData raw = TaskData.of(ModelTimeUnit.rescale(series, unit), task);
        int steps = raw.steps();
        double validationFraction = settings.validationFraction();
        int validationSteps = validationFraction == 0
                ? 0 : Math.max(1, (int) Math.floor(steps * validationFraction));
        int trainSteps = steps - validationSteps;
        Checks.requireArgument(trainSteps >= 1,
                "%s steps leave no training steps after a validation fraction of %s",
                steps, validationFraction);
        Normalization normalization = raw.fitNormalization(trainSteps);
        TaskData data = raw.normalized(normalization);
        Objective<T> objective = objectives.create(data, trainSteps, initial);
        int workers = Math.min(settings.threads(), settings.batchSize());
        try (Workers pool = new Workers(workers, threadName)) {
            Run run = new Run(objective, pool, workers, initial);
            return run.execute(task, normalization, trainSteps < steps, unit);
        }
    }

    /** The state of one run. */
    private final class Run {
        private final Objective<T> objective;
        private final Workers pool;
        private final int workers;
        private final long startNanos = System.nanoTime();
        private Parameters[] chunkGradient = new Parameters[0];
        private Backprop.ChunkLoss[] chunkLoss = new Backprop.ChunkLoss[0];
        private RecurrentCell cell;

        Run(Objective<T> objective, Workers pool, int workers, RecurrentCell initial) {
            this.objective = objective;
            this.pool = pool;
            this.workers = workers;
            this.cell = initial;
        }

        TrainingResult execute(ForecastTask task, Normalization normalization,
                boolean validating, double timeUnit) {
            Parameters params = Parameters.of(cell);
            Parameters gradient = params.zerosLike();
            Adam optimizer = Adam.of(settings.learningRate(), settings.clipNorm());
            optimizer.initialise(params);
            int epochs = settings.epochs();

            List<EpochStats> history = new ArrayList<>();
            EpochStats stats = stats(0, Double.NaN);
            history.add(stats);
            settings.listener().onEpoch(stats, epochs);
            Parameters best = params.copy();
            double bestLoss = stats.validationLoss();
            int bestEpoch = 0;
            int sinceBest = 0;
            int sinceDecay = 0;
            boolean stoppedEarly = false;

            for (int epoch = 1; epoch <= epochs; epoch++) {
                double lossSum = 0.0;
                long lossCount = 0;
                for (List<T> batch : objective.batches(epoch)) {
                    gradients(batch, params);
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
                stats = stats(epoch, lossCount == 0 ? Double.NaN : lossSum / lossCount);
                history.add(stats);
                settings.listener().onEpoch(stats, epochs);
                if (settings.schedule() == LearningRateSchedule.COSINE) {
                    optimizer.scaleLearningRate(LearningRateSchedule.cosine(epoch, epochs));
                }
                if (!validating) {
                    bestEpoch = epoch;
                    continue;
                }
                if (stats.validationLoss() < bestLoss || Double.isNaN(bestLoss)) {
                    bestLoss = stats.validationLoss();
                    best = params.copy();
                    bestEpoch = epoch;
                    sinceBest = 0;
                    sinceDecay = 0;
                } else if (settings.patience() > 0 && ++sinceBest >= settings.patience()) {
                    stoppedEarly = epoch < epochs;
                    break;
                } else if (settings.schedule() == LearningRateSchedule.PLATEAU
                        && ++sinceDecay >= LearningRateSchedule.plateauEpochs(settings.patience())
                        && optimizer.learningRateScale() > LearningRateSchedule.PLATEAU_FLOOR) {
                    optimizer.scaleLearningRate(optimizer.learningRateScale() * 0.5);
                    sinceDecay = 0;
                }
            }
            RecurrentCell trained = validating ? best.toCell(cell) : cell;
            Map<String, String> meta = new LinkedHashMap<>(task.toMetadata());
            meta.putAll(metadata);
            meta.put("training.epochs", Integer.toString(history.size() - 1));
            meta.put("training.bestEpoch", Integer.toString(bestEpoch));
            meta.put("training.trainLoss", Double.toString(history.get(bestEpoch).trainLoss()));
            meta.put("training.validationLoss",
                    Double.toString(history.get(bestEpoch).validationLoss()));
            meta.put("training.settings", description);
            meta.put("training.schedule", settings.schedule().fileName());
            if (timeUnit != 1.0) {
                meta.put(ModelTimeUnit.KEY, Double.toString(timeUnit));
            }
            Model model = Model.of(trained, normalization, meta);
            return new TrainingResult(model, task, history, bestEpoch, stoppedEarly);
        }

        /** The objective's losses of the current cell after {@code epoch}. */
        private EpochStats stats(int epoch, double trainedLoss) {
            Losses losses = objective.losses(cell, epoch, trainedLoss);
            return new EpochStats(epoch, losses.train(), losses.validation(),
                    Duration.ofNanos(System.nanoTime() - startNanos));
        }

        /**
         * Each chunk's loss and gradient of the current cell into the slot of its index in the
         * batch. Modifies: chunkGradient, chunkLoss (both grown to the batch's size).
         */
        private void gradients(List<T> batch, Parameters shape) {
            if (chunkGradient.length < batch.size()) {
                int had = chunkGradient.length;
                chunkGradient = Arrays.copyOf(chunkGradient, batch.size());
                for (int i = had; i < chunkGradient.length; i++) {
                    chunkGradient[i] = shape.zerosLike();
                }
                chunkLoss = new Backprop.ChunkLoss[batch.size()];
            }
            RecurrentCell current = cell;
            Parameters[] grads = chunkGradient;
            Backprop.ChunkLoss[] losses = chunkLoss;
            int n = Math.min(workers, batch.size());
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int w = 0; w < n; w++) {
                int worker = w;
                tasks.add(() -> {
                    ChunkGradient<T> chunks = objective.newWorker(current);
                    for (int i = worker; i < batch.size(); i += n) {
                        grads[i].clear();
                        losses[i] = chunks.run(batch.get(i), grads[i]);
                    }
                    return null;
                });
            }
            pool.invokeAll(tasks);
        }
    }
}
