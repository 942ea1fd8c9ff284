package io.ltcflink.core.train;

import io.ltcflink.core.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The settings every trainer shares: epochs and early stopping, Adam's step size and clipping,
 * the batch size and worker threads, the validation split, the seed, the forecasting task and the
 * progress listener. Immutable; made and validated by a trainer's {@link Builder}.
 */
final class TrainingSettings {

    private final int epochs;
    private final double learningRate;
    private final int batchSize;
    private final int threads;
    private final double validationFraction;
    private final int patience;
    private final double clipNorm;
    private final long seed;
    private final boolean logDelta;
    private final int[] targetChannels;
    private final ProgressListener listener;
    private final double timeUnit;
    private final LearningRateSchedule schedule;

    private TrainingSettings(Builder<?> b) {
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
        Checks.requireArgument(b.timeUnit >= 0 && Double.isFinite(b.timeUnit),
                "time unit must be finite and >= 0 (0 = the median gap): %s", b.timeUnit);
        Checks.requireArgument(b.schedule != null, "learning-rate schedule must not be null");
        this.epochs = b.epochs;
        this.learningRate = b.learningRate;
        this.batchSize = b.batchSize;
        this.threads = b.threads;
        this.validationFraction = b.validationFraction;
        this.patience = b.patience;
        this.clipNorm = b.clipNorm;
        this.seed = b.seed;
        this.logDelta = b.logDelta;
        this.targetChannels = b.targetChannels.clone();
        this.listener = b.listener;
        this.timeUnit = b.timeUnit;
        this.schedule = b.schedule;
    }

    /** The model's time unit in the data's time units, or 0 for the training data's median gap. */
    double timeUnit() {
        return timeUnit;
    }

    LearningRateSchedule schedule() {
        return schedule;
    }

    int epochs() {
        return epochs;
    }

    double learningRate() {
        return learningRate;
    }

    int batchSize() {
        return batchSize;
    }

    int threads() {
        return threads;
    }

    double validationFraction() {
        return validationFraction;
    }

    int patience() {
        return patience;
    }

    double clipNorm() {
        return clipNorm;
    }

    long seed() {
        return seed;
    }

    ProgressListener listener() {
        return listener;
    }

    /** The task over a series of {@code channels} channels. */
    ForecastTask task(int channels) {
        return ForecastTask.of(channels, logDelta, targetChannels);
    }

    /**
     * These settings as {@code trainer{key=value, ...}}, with the trainer's own {@code entry}
     * ({@code key=value}) inserted before the shared entry at index {@code at}.
     */
    String describe(String trainer, int at, String entry) {
        List<String> entries = new ArrayList<>(List.of(
                "epochs=" + epochs,
                "learningRate=" + learningRate,
                "batchSize=" + batchSize,
                "threads=" + threads,
                "validationFraction=" + validationFraction,
                "patience=" + patience,
                "clipNorm=" + clipNorm,
                "seed=" + seed,
                "logDelta=" + logDelta,
                "targetChannels=" + Arrays.toString(targetChannels)));
        entries.add(at, entry);
        return trainer + "{" + String.join(", ", entries) + "}";
    }

    /**
     * Collects the shared settings for the builder {@code B} of a trainer; every setter returns
     * that builder, and {@link #settings()} validates what was collected.
     *
     * @param <B> the trainer's builder
     */
    abstract static class Builder<B extends Builder<B>> {
        private int epochs = 50;
        private double learningRate = 1e-2;
        private int batchSize;
        private int threads = 1;
        private double validationFraction = 0.2;
        private int patience = 10;
        private double clipNorm = 1.0;
        private long seed = 42L;
        private boolean logDelta = false;
        private int[] targetChannels = new int[0];
        private ProgressListener listener = ProgressListener.none();
        private double timeUnit = 1.0;
        private LearningRateSchedule schedule = LearningRateSchedule.CONSTANT;

        /** @param batchSize the trainer's default batch size */
        Builder(int batchSize) {
            this.batchSize = batchSize;
        }

        /** This builder as the trainer's type. */
        abstract B self();

        /** Passes over the training data (default 50, at least 1). */
        public B epochs(int epochs) {
            this.epochs = epochs;
            return self();
        }

        /** Adam's step size α (default 1e-2, positive). */
        public B learningRate(double learningRate) {
            this.learningRate = learningRate;
            return self();
        }

        /** Chunks per update (at least 1); what a chunk is, and the default, are the trainer's. */
        public B batchSize(int batchSize) {
            this.batchSize = batchSize;
            return self();
        }

        /** Worker threads for the chunks of a batch (default 1); results do not depend on it. */
        public B threads(int threads) {
            this.threads = threads;
            return self();
        }

        /** The last fraction of the steps held out for validation (default 0.2, in [0, 1)). */
        public B validationFraction(double validationFraction) {
            this.validationFraction = validationFraction;
            return self();
        }

        /**
         * Epochs without a better validation loss before stopping (default 10; 0 = never stop
         * early). The best weights are returned either way when there is validation.
         */
        public B patience(int patience) {
            this.patience = patience;
            return self();
        }

        /** The largest global gradient norm (default 1.0; 0 = no clipping). */
        public B clipNorm(double clipNorm) {
            this.clipNorm = clipNorm;
            return self();
        }

        /**
         * The seed of the cell's initialisation and of any random order the trainer visits its
         * chunks in (default 42).
         */
        public B seed(long seed) {
            this.seed = seed;
            return self();
        }

        /**
         * Whether {@code log Δ} is appended to the input as an extra channel (default false). It is
         * normalised with the other inputs; the model's input size grows by one and its
         * normalisation covers that channel last.
         */
        public B logDelta(boolean logDelta) {
            this.logDelta = logDelta;
            return self();
        }

        /** The channels to forecast, in output order (default: all channels). */
        public B targetChannels(int... channels) {
            Checks.requireArgument(channels != null, "target channels must not be null");
            this.targetChannels = channels.clone();
            return self();
        }

        /**
         * The model's time unit in the training data's time units (default 1: the data's own);
         * 0 takes the training data's median gap, so that the model steps across gaps near 1.
         * The unit is stored in the model file ({@link ModelTimeUnit}) and every consumer applies
         * it.
         */
        public B timeUnit(double unit) {
            this.timeUnit = unit;
            return self();
        }

        /** How the learning rate moves over the run (default {@link LearningRateSchedule#CONSTANT}). */
        public B schedule(LearningRateSchedule schedule) {
            this.schedule = schedule;
            return self();
        }

        /**
         * The {@link TrainingDefaults} for a budget of {@code epochs}: that many epochs, their
         * patience ({@link TrainingDefaults#patience}), the plateau schedule and the median gap as
         * the model's time unit. The learning rate, the memory and the inputs depend on the cell
         * and are set apart ({@link TrainingDefaults#learningRate}, {@link
         * TrainingDefaults#logDelta}).
         */
        public B defaults(int epochs) {
            return epochs(epochs)
                    .patience(TrainingDefaults.patience(epochs))
                    .schedule(TrainingDefaults.SCHEDULE)
                    .timeUnit(TrainingDefaults.TIME_UNIT);
        }

        /** Called after every epoch (default: none). */
        public B progressListener(ProgressListener listener) {
            this.listener = listener;
            return self();
        }

        /**
         * The shared settings collected so far.
         *
         * @throws IllegalArgumentException naming the first setting out of range and its value
         */
        TrainingSettings settings() {
            return new TrainingSettings(this);
        }
    }
}
