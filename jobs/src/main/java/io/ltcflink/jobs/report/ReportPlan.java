package io.ltcflink.jobs.report;

import io.ltcflink.core.Checks;
import io.ltcflink.core.data.Sampling;
import io.ltcflink.core.data.SystemKind;
import io.ltcflink.core.train.CellFactory;
import io.ltcflink.core.train.TrainingDefaults;
import io.ltcflink.jobs.train.CellSpec;
import java.util.List;
import java.util.Locale;

/**
 * What a training report runs: the systems, the sampling conditions, the contenders and the one
 * budget they all get (training samples, epochs, patience), plus the NeuroBench Mackey-Glass
 * protocol. Immutable; {@link #full()} and {@link #quick()} are the two plans of {@code ltc report
 * training}.
 *
 * @param name "full" or "quick"
 * @param systems the systems, each trained and tested under every condition
 * @param conditions the sampling conditions
 * @param contenders the models, each trained on the same data with the same budget
 * @param trainSamples kept samples of each training series (its last part validates)
 * @param testSamples kept samples of each test series, from another trajectory
 * @param epochs the epoch budget of every run
 * @param patience epochs without a better validation loss before a run stops (0: never)
 * @param trainSeed seed of the training series and of the initial weights
 * @param testSeed seed of the test series
 * @param neuroBenchInstances Mackey-Glass protocol instances: NeuroBench's own constant history
 *     first, then seeded random ones
 * @param neuroBenchContenders the models run on the NeuroBench protocol
 */
public record ReportPlan(
        String name,
        List<SystemKind> systems,
        List<Condition> conditions,
        List<Contender> contenders,
        int trainSamples,
        int testSamples,
        int epochs,
        int patience,
        long trainSeed,
        long testSeed,
        int neuroBenchInstances,
        List<Contender> neuroBenchContenders) {

    /** Mean ticks per burst in the burst conditions (the generator's default). */
    public static final double BURST_LENGTH = 5.0;

    /** Steps per truncated-BPTT chunk, and chunks per update, in every run. */
    public static final int CHUNK = 16;

    public static final int BATCH = 4;

    /** The last fraction of each training series, used for early stopping. */
    public static final double VALIDATION = 0.2;

    /**
     * The epoch budget of the full report: below {@code ltc train}'s {@link
     * TrainingDefaults#EPOCHS} so that its 130 runs finish in well under an hour on two shared
     * cores; the patience ({@link TrainingDefaults#patience}) and the plateau schedule still
     * stop and slow each run as {@code ltc train} does.
     */
    public static final int FULL_EPOCHS = 120;

    /** The epoch budget of the quick report. */
    public static final int QUICK_EPOCHS = 20;

    public ReportPlan {
        Checks.requireArgument(!systems.isEmpty(), "a report needs at least one system");
        Checks.requireArgument(!conditions.isEmpty(), "a report needs at least one condition");
        Checks.requireArgument(!contenders.isEmpty(), "a report needs at least one model");
        Checks.requireArgument(trainSamples >= 10, "train samples must be >= 10: %s",
                trainSamples);
        Checks.requireArgument(testSamples >= 2, "test samples must be >= 2: %s", testSamples);
        Checks.requireArgument(epochs >= 1, "epochs must be at least 1: %s", epochs);
        Checks.requireArgument(patience >= 0, "patience must be >= 0: %s", patience);
        Checks.requireArgument(trainSeed != testSeed,
                "the test seed must differ from the training seed: %s", testSeed);
        Checks.requireArgument(neuroBenchInstances >= 0,
                "NeuroBench instances must be >= 0: %s", neuroBenchInstances);
        systems = List.copyOf(systems);
        conditions = List.copyOf(conditions);
        contenders = List.copyOf(contenders);
        neuroBenchContenders = List.copyOf(neuroBenchContenders);
    }

    /** The full report: about 30–50 minutes on two shared cores. */
    public static ReportPlan full() {
        return new ReportPlan("full", List.of(SystemKind.LORENZ, SystemKind.MACKEY_GLASS),
                Condition.standard(), standardContenders(), 2000, 2000, FULL_EPOCHS,
                TrainingDefaults.patience(FULL_EPOCHS), 1L, 2L, 3,
                standardContenders().subList(0, 6));
    }

    /** The quick report: the same grid and models with less data and fewer epochs. */
    public static ReportPlan quick() {
        return new ReportPlan("quick", List.of(SystemKind.LORENZ, SystemKind.MACKEY_GLASS),
                Condition.standard(), standardContenders(), 1000, 1000, QUICK_EPOCHS,
                TrainingDefaults.patience(QUICK_EPOCHS), 1L, 2L, 1,
                standardContenders().subList(0, 6));
    }

    /**
     * LTC (fully connected and AutoNCP) and CfC as {@code ltc train} trains them (the LTC with
     * mixed memory and log Δ, the CfC with mixed memory), LSTMs of 16, 32 and 64 units that see
     * only the samples (the discrete-time baseline of the sidecar job), and an LSTM that also
     * gets the gap as a feature (log Δ), the stronger baseline.
     */
    private static List<Contender> standardContenders() {
        return List.of(
                Contender.defaults(CellSpec.ltc(16, CellSpec.Wiring.FC)),
                Contender.defaults(CellSpec.ltc(32, CellSpec.Wiring.AUTONCP)),
                Contender.defaults(CellSpec.cfc(16, CellSpec.DEFAULT_BACKBONE_UNITS)),
                Contender.of(CellSpec.lstm(16), false),
                Contender.of(CellSpec.lstm(32), false),
                Contender.of(CellSpec.lstm(64), false),
                Contender.of(CellSpec.lstm(32), true));
    }

    /** This plan with another epoch budget, and the default patience for it. */
    public ReportPlan withEpochs(int epochs) {
        return new ReportPlan(name, systems, conditions, contenders, trainSamples, testSamples,
                epochs, TrainingDefaults.patience(epochs), trainSeed, testSeed,
                neuroBenchInstances, neuroBenchContenders);
    }

    /** This plan with other series lengths. */
    public ReportPlan withSamples(int train, int test) {
        return new ReportPlan(name, systems, conditions, contenders, train, test, epochs,
                patience, trainSeed, testSeed, neuroBenchInstances, neuroBenchContenders);
    }

    /** The number of training runs of the grid (without NeuroBench). */
    public int gridRuns() {
        return systems.size() * conditions.size() * contenders.size();
    }

    /** The number of NeuroBench training runs. */
    public int neuroBenchRuns() {
        return neuroBenchInstances * neuroBenchContenders.size();
    }

    /**
     * A sampling condition: the system's regular clock with jitter or losses.
     *
     * @param id a short name used in files and tables, e.g. {@code burst-30}
     * @param kind {@code regular}, {@code jitter}, {@code bernoulli} or {@code burst}
     * @param jitter relative interval jitter
     * @param dropRate Bernoulli drop probability
     * @param burstRate per-tick probability that a burst starts
     * @param lossFraction the fraction of ticks the condition loses in the long run
     */
    public record Condition(
            String id,
            String kind,
            double jitter,
            double dropRate,
            double burstRate,
            double lossFraction) {

        /** Regular, jitter 0.5, then 10 / 30 / 50 % Bernoulli and burst losses. */
        public static List<Condition> standard() {
            return List.of(
                    new Condition("regular", "regular", 0, 0, 0, 0),
                    new Condition("jitter-50", "jitter", 0.5, 0, 0, 0),
                    bernoulli(0.1), bernoulli(0.3), bernoulli(0.5),
                    burst(0.1), burst(0.3), burst(0.5));
        }

        /** Each tick lost with probability {@code f}. */
        public static Condition bernoulli(double f) {
            return new Condition(String.format(Locale.ROOT, "bernoulli-%.0f", 100 * f),
                    "bernoulli", 0, f, 0, f);
        }

        /**
         * Bursts of mean length L = {@link #BURST_LENGTH} ticks that lose a fraction {@code f}
         * of the ticks in the long run. Outside a burst each tick starts one with probability
         * r; a cycle is (1 − r)/r kept ticks, on average, then L lost ones, so f = rL / (rL + 1
         * − r), i.e. r = f / (L(1 − f) + f).
         */
        public static Condition burst(double f) {
            double r = f / (BURST_LENGTH * (1 - f) + f);
            return new Condition(String.format(Locale.ROOT, "burst-%.0f", 100 * f), "burst", 0,
                    0, r, f);
        }

        /** This condition's sampling of {@code system} at the system's default period. */
        public Sampling sampling(SystemKind system) {
            return Sampling.builder()
                    .period(system.defaultPeriod())
                    .jitter(jitter)
                    .dropRate(dropRate)
                    .burstRate(burstRate)
                    .burstLength(BURST_LENGTH)
                    .build();
        }

        /** A readable description, e.g. {@code 30 % lost in bursts of 5}. */
        public String describe() {
            switch (kind) {
                case "regular":
                    return "regular clock";
                case "jitter":
                    return String.format(Locale.ROOT, "jitter %.1f (gaps in [%.1f, %.1f) periods)",
                            jitter, 1 - jitter, 1 + jitter);
                case "bernoulli":
                    return String.format(Locale.ROOT, "%.0f %% lost independently",
                            100 * lossFraction);
                default:
                    return String.format(Locale.ROOT, "%.0f %% lost in bursts of %.0f",
                            100 * lossFraction, BURST_LENGTH);
            }
        }
    }

    /**
     * A model in the report: a cell, whether it also gets {@code log Δ} as an input, whether it
     * has ncps's mixed memory, and its learning rate ({@link TrainingDefaults#learningRate}).
     */
    public record Contender(String name, CellSpec cell, boolean logDelta, boolean mixedMemory,
            double learningRate) {

        /** The cell as {@code ltc train} trains it by default. */
        public static Contender defaults(CellSpec cell) {
            return of(cell, TrainingDefaults.logDelta(cell.kind()));
        }

        /** The cell with the default memory and the given log-Δ input. */
        public static Contender of(CellSpec cell, boolean logDelta) {
            boolean memory = TrainingDefaults.mixedMemory(cell.kind());
            return new Contender(cell.label() + (memory ? "+mm" : "")
                    + (logDelta ? "+logdt" : ""), cell, logDelta, memory,
                    TrainingDefaults.learningRate(cell.kind(), memory));
        }

        /** The factory of the cell training starts from. */
        public CellFactory factory() {
            return cell.factory(mixedMemory);
        }
    }
}
