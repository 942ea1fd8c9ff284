package io.ltcflink.jobs.benchmark;

import io.ltcflink.core.data.SystemKind;
import io.ltcflink.core.train.TrainingDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one sidecar benchmark run does: the systems and drop rates streamed, how much data, the
 * models and the shared training budget. Immutable; {@link #full()} and {@link #quick()} are the
 * two presets, {@link #toBuilder()} adjusts one. Validated in one place ({@code build()}).
 */
public final class BenchmarkSettings {

    /**
     * The epoch budget of the full run: below {@code ltc train}'s {@link TrainingDefaults#EPOCHS}
     * so that training 30 models on two shared cores fits in well under an hour. Everything else
     * is {@code ltc train}'s: the patience for this budget ({@link TrainingDefaults#patience}),
     * the plateau schedule, the median gap as the model's time unit, the learning rates, mixed
     * memory for LTC and CfC and log Δ as an input of the LTC.
     */
    public static final int EPOCHS = 200;

    private final List<SystemKind> systems;
    private final double[] dropRates;
    private final double jitter;
    private final double noise;
    private final int sensorsPerCondition;
    private final int readingsPerSensor;
    private final int trainSamples;
    private final int epochs;
    /** The patience set explicitly, or null for the default of the epoch budget. */
    private final Integer patience;
    private final int ltcUnits;
    private final int ncpUnits;
    private final int cfcUnits;
    private final int cfcBackbone;
    private final int[] lstmHidden;
    private final int[] windows;
    private final int threads;
    private final long seed;
    private final Duration stallTimeout;
    private final String label;

    private BenchmarkSettings(Builder b) {
        this.systems = List.copyOf(b.systems);
        this.dropRates = b.dropRates.clone();
        this.jitter = b.jitter;
        this.noise = b.noise;
        this.sensorsPerCondition = b.sensorsPerCondition;
        this.readingsPerSensor = b.readingsPerSensor;
        this.trainSamples = b.trainSamples;
        this.epochs = b.epochs;
        this.patience = b.patience;
        this.ltcUnits = b.ltcUnits;
        this.ncpUnits = b.ncpUnits;
        this.cfcUnits = b.cfcUnits;
        this.cfcBackbone = b.cfcBackbone;
        this.lstmHidden = b.lstmHidden.clone();
        this.windows = b.windows.clone();
        this.threads = b.threads;
        this.seed = b.seed;
        this.stallTimeout = b.stallTimeout;
        this.label = b.label;
    }

    /**
     * The full run: Lorenz and Mackey-Glass at drops 0/10/30/50 % with 30 % jitter, 4 sensors per
     * drop rate, 1,200 readings each; 6,000 training samples, at most {@link #EPOCHS} epochs
     * with {@code ltc train}'s patience and schedule for that budget (so models stop when they
     * stop improving, not when the budget runs out); LTC FC16, LTC AutoNCP19, CfC16 and LSTMs of
     * 16, 32 and 64 units over windows of 8 and 32, with and without the gap.
     */
    public static BenchmarkSettings full() {
        return new Builder().build();
    }

    /** A short run with the same models and less data (under 3 minutes on two cores). */
    public static BenchmarkSettings quick() {
        return new Builder()
                .label("quick")
                .sensorsPerCondition(2)
                .readingsPerSensor(300)
                .trainSamples(1500)
                .epochs(4)
                .lstmHidden(16, 64)
                .build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.systems = new ArrayList<>(systems);
        b.dropRates = dropRates.clone();
        b.jitter = jitter;
        b.noise = noise;
        b.sensorsPerCondition = sensorsPerCondition;
        b.readingsPerSensor = readingsPerSensor;
        b.trainSamples = trainSamples;
        b.epochs = epochs;
        b.patience = patience;
        b.ltcUnits = ltcUnits;
        b.ncpUnits = ncpUnits;
        b.cfcUnits = cfcUnits;
        b.cfcBackbone = cfcBackbone;
        b.lstmHidden = lstmHidden.clone();
        b.windows = windows.clone();
        b.threads = threads;
        b.seed = seed;
        b.stallTimeout = stallTimeout;
        b.label = label;
        return b;
    }

    public List<SystemKind> systems() {
        return systems;
    }

    public double[] dropRates() {
        return dropRates.clone();
    }

    /** The drop rate the targets are judged at: 30 %, or the largest streamed below it. */
    public double targetDropRate() {
        double best = dropRates[0];
        for (double d : dropRates) {
            if (Math.abs(d - 0.3) < Math.abs(best - 0.3)) {
                best = d;
            }
        }
        return best;
    }

    public double jitter() {
        return jitter;
    }

    public double noise() {
        return noise;
    }

    public int sensorsPerCondition() {
        return sensorsPerCondition;
    }

    public int readingsPerSensor() {
        return readingsPerSensor;
    }

    public int trainSamples() {
        return trainSamples;
    }

    public int epochs() {
        return epochs;
    }

    /** Epochs without improvement before a model stops: as set, or the budget's default. */
    public int patience() {
        return patience != null ? patience : TrainingDefaults.patience(epochs);
    }

    public int ltcUnits() {
        return ltcUnits;
    }

    public int ncpUnits() {
        return ncpUnits;
    }

    public int cfcUnits() {
        return cfcUnits;
    }

    public int cfcBackbone() {
        return cfcBackbone;
    }

    public int[] lstmHidden() {
        return lstmHidden.clone();
    }

    public int[] windows() {
        return windows.clone();
    }

    /** Readings of a key before the comparator scores it: the largest window. */
    public int warmUp() {
        return Arrays.stream(windows).max().orElse(0);
    }

    public int threads() {
        return threads;
    }

    public long seed() {
        return seed;
    }

    /** How long the run waits without a new forecast before it stops waiting for the rest. */
    public Duration stallTimeout() {
        return stallTimeout;
    }

    /** "full", "quick" or whatever a caller named its variant. */
    public String label() {
        return label;
    }

    /** Event-time milliseconds per unit of a system's own time (one system second, one second). */
    public double millisPerUnit() {
        return 1000.0;
    }

    /** The settings as an ordered map, for the report. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", label);
        m.put("systems", systems.stream().map(SystemKind::id).toList());
        m.put("dropRates", Arrays.stream(dropRates).boxed().toList());
        m.put("jitter", jitter);
        m.put("noise", noise);
        m.put("sensorsPerCondition", sensorsPerCondition);
        m.put("readingsPerSensor", readingsPerSensor);
        m.put("trainSamples", trainSamples);
        m.put("epochs", epochs);
        m.put("patience", patience());
        m.put("schedule", TrainingDefaults.SCHEDULE_NAME);
        m.put("timeUnit", "median gap");
        m.put("ltcUnits", ltcUnits);
        m.put("ncpUnits", ncpUnits);
        m.put("cfcUnits", cfcUnits);
        m.put("cfcBackbone", cfcBackbone);
        m.put("lstmHidden", Arrays.stream(lstmHidden).boxed().toList());
        m.put("windows", Arrays.stream(windows).boxed().toList());
        m.put("warmUp", warmUp());
        m.put("threads", threads);
        m.put("seed", seed);
        return m;
    }

    @Override
    public String toString() {
        return "BenchmarkSettings" + asMap();
    }

    /** Builds {@link BenchmarkSettings}; defaults (the full run) are the field initialisers. */
    public static final class Builder {
        private List<SystemKind> systems = List.of(SystemKind.LORENZ, SystemKind.MACKEY_GLASS);
        private double[] dropRates = {0.0, 0.1, 0.3, 0.5};
        private double jitter = 0.3;
        private double noise = 0.01;
        private int sensorsPerCondition = 4;
        private int readingsPerSensor = 1200;
        private int trainSamples = 6000;
        private int epochs = EPOCHS;
        private Integer patience;
        private int ltcUnits = 16;
        private int ncpUnits = 19;
        private int cfcUnits = 16;
        private int cfcBackbone = 16;
        private int[] lstmHidden = {16, 32, 64};
        private int[] windows = {8, 32};
        private int threads = 2;
        private long seed = 7L;
        private Duration stallTimeout = Duration.ofSeconds(90);
        private String label = "full";

        private Builder() {}

        public Builder systems(List<SystemKind> systems) {
            this.systems = new ArrayList<>(systems);
            return this;
        }

        public Builder dropRates(double... rates) {
            this.dropRates = rates.clone();
            return this;
        }

        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        /** Observation noise relative to each channel's spread. */
        public Builder noise(double noise) {
            this.noise = noise;
            return this;
        }

        public Builder sensorsPerCondition(int n) {
            this.sensorsPerCondition = n;
            return this;
        }

        public Builder readingsPerSensor(int n) {
            this.readingsPerSensor = n;
            return this;
        }

        /** Samples of the training series (per system, shared by every model). */
        public Builder trainSamples(int n) {
            this.trainSamples = n;
            return this;
        }

        public Builder epochs(int n) {
            this.epochs = n;
            return this;
        }

        /** Epochs without improvement before a model stops (default: for the epoch budget). */
        public Builder patience(int n) {
            this.patience = n;
            return this;
        }

        public Builder ltcUnits(int n) {
            this.ltcUnits = n;
            return this;
        }

        public Builder ncpUnits(int n) {
            this.ncpUnits = n;
            return this;
        }

        public Builder cfcUnits(int units, int backbone) {
            this.cfcUnits = units;
            this.cfcBackbone = backbone;
            return this;
        }

        public Builder lstmHidden(int... sizes) {
            this.lstmHidden = sizes.clone();
            return this;
        }

        public Builder windows(int... windows) {
            this.windows = windows.clone();
            return this;
        }

        /** Models trained at the same time (default 2). */
        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder stallTimeout(Duration timeout) {
            this.stallTimeout = timeout;
            return this;
        }

        public Builder label(String label) {
            this.label = label;
            return this;
        }

        public BenchmarkSettings build() {
            require(!systems.isEmpty(), "at least one system is needed");
            require(dropRates.length > 0, "at least one drop rate is needed");
            for (double d : dropRates) {
                require(d >= 0 && d < 1, "drop rates must be in [0, 1): %s",
                        Arrays.toString(dropRates));
            }
            require(jitter >= 0 && jitter < 1, "jitter must be in [0, 1): %s", jitter);
            require(noise >= 0, "noise must be >= 0: %s", noise);
            require(sensorsPerCondition >= 1, "sensors per condition must be >= 1: %s",
                    sensorsPerCondition);
            require(windows.length > 0 && lstmHidden.length > 0,
                    "at least one LSTM window and size are needed: %s, %s",
                    Arrays.toString(windows), Arrays.toString(lstmHidden));
            for (int w : windows) {
                require(w >= 2, "windows must be at least 2: %s", Arrays.toString(windows));
            }
            for (int h : lstmHidden) {
                require(h >= 1, "LSTM sizes must be positive: %s", Arrays.toString(lstmHidden));
            }
            require(readingsPerSensor > Arrays.stream(windows).max().getAsInt() + 1,
                    "readings per sensor (%s) must exceed the warm-up of the largest window",
                    readingsPerSensor);
            require(trainSamples >= 100, "at least 100 training samples are needed: %s",
                    trainSamples);
            require(epochs >= 1 && (patience == null || patience >= 0),
                    "epochs must be >= 1 and patience >= 0: %s, %s", epochs, patience);
            require(ltcUnits >= 1 && ncpUnits >= 1 && cfcUnits >= 1 && cfcBackbone >= 1,
                    "model sizes must be positive");
            require(threads >= 1, "threads must be >= 1: %s", threads);
            require(stallTimeout != null && !stallTimeout.isNegative() && !stallTimeout.isZero(),
                    "stall timeout must be positive: %s", stallTimeout);
            require(label != null && !label.isBlank(), "label must not be blank");
            return new BenchmarkSettings(this);
        }

        private static void require(boolean ok, String template, Object... args) {
            if (!ok) {
                throw new IllegalArgumentException(String.format(template, args));
            }
        }
    }
}
