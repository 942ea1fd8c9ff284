package io.ltcflink.jobs.report;

import io.ltcflink.core.Checks;
import io.ltcflink.core.data.Generator;
import io.ltcflink.core.data.NeuroBenchMackeyGlass;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.data.SystemKind;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.stats.Stats;
import io.ltcflink.core.train.ForecastScore;
import io.ltcflink.core.train.Forecasting;
import io.ltcflink.core.train.Trainer;
import io.ltcflink.core.train.TrainingResult;
import io.ltcflink.jobs.report.ReportPlan.Condition;
import io.ltcflink.jobs.report.ReportPlan.Contender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/*
 * Implementation notes
 *
 * Fairness. Within a (system, condition) every contender trains on the same training series and
 * is scored on the same test series, against the persistence forecast on that test series, with
 * the same epoch budget, patience, schedule, time unit, chunking, batch and seed; the learning
 * rate, the memory and the log-Δ input are each cell's ltc-train default (TrainingDefaults). The training series comes from trainSeed, the test
 * series from testSeed: another random start on the attractor, so the test trajectory is unseen.
 *
 * Parallelism. Runs are independent, so they go to a pool of `workers` threads and each trains
 * with one thread (Trainer's result does not depend on the thread count, so the numbers do not
 * depend on `workers` either; the times do, and they also depend on whatever else runs on the
 * machine).
 *
 * NeuroBench. On each protocol instance a contender trains on the 750 training points (its last
 * 20 % validates), warms up over them, then forecasts the 750 test points autoregressively at the
 * protocol's spacing, each forecast fed back as the next input; the score is the sMAPE of that
 * rollout over the test points [1]. Instance 0 is NeuroBench's own constant history, later ones
 * are seeded random histories. Our series are regenerated, so the comparison with published
 * numbers is approximate.
 *
 * sMAPE over all 10 Lyapunov times favours a rollout that settles near the mean over one that
 * keeps oscillating slightly out of phase, so the valid prediction time [2] is reported next to
 * it: how long a rollout stays within half a standard deviation of the truth.
 *
 * [1] J. Yik et al., "The neurobench framework for benchmarking neuromorphic computing
 *     algorithms and systems", Nature Communications 16, 2025.
 * [2] P. R. Vlachas et al., "Backpropagation algorithms and Reservoir Computing in Recurrent
 *     Neural Networks for the forecasting of complex spatiotemporal dynamics", Neural Networks
 *     126, 2020 (valid prediction time, NRMSE threshold ε = 0.5).
 */

/**
 * Runs a {@link ReportPlan}: trains and scores every contender on every system and sampling
 * condition, and on the NeuroBench Mackey-Glass protocol. Stateless; see {@link #run}.
 */
public final class TrainingReport {

    private TrainingReport() {}

    /**
     * One contender on one (system, condition).
     *
     * @param system the system id
     * @param condition the condition id
     * @param model the contender name
     * @param params trainable parameters
     * @param trainSeconds wall time of training (all epochs, with their evaluations)
     * @param epochs epochs run (fewer than the budget when stopped early)
     * @param bestEpoch the epoch whose weights were kept
     * @param score the one-step-ahead test scores next to persistence
     * @param measuredLoss the fraction of ticks the training series lost
     */
    public record Run(
            String system,
            String condition,
            String model,
            long params,
            double trainSeconds,
            int epochs,
            int bestEpoch,
            ForecastScore score,
            double measuredLoss) {}

    /**
     * One contender on one NeuroBench instance.
     *
     * @param instance 0 for NeuroBench's constant history, then the seeded instances
     * @param model the contender name
     * @param params trainable parameters
     * @param trainSeconds wall time of training
     * @param epochs epochs run
     * @param rolloutSmape sMAPE (percent) of the 750-step autoregressive rollout over the test
     * @param oneStepSmape sMAPE (percent) of the one-step-ahead forecasts of the test points
     * @param validTime Lyapunov times until the rollout's error first exceeds half the test
     *     points' standard deviation (the valid prediction time at ε = 0.5 [2])
     * @param rollout the rollout (first channel), for plotting
     */
    public record NeuroBenchRun(
            int instance,
            String model,
            long params,
            double trainSeconds,
            int epochs,
            double rolloutSmape,
            double oneStepSmape,
            double validTime,
            double[] rollout) {}

    /**
     * Everything a report shows.
     *
     * @param plan what was run
     * @param runs the grid, in plan order (system, condition, contender)
     * @param neuroBench the protocol runs, by instance then contender
     * @param neuroBenchTruth the reference instance's test points, for plotting
     * @param neuroBenchPersistenceSmape sMAPE of repeating the last training point, per instance
     * @param workers the worker threads used
     * @param wallTime the time the whole report took
     */
    public record Results(
            ReportPlan plan,
            List<Run> runs,
            List<NeuroBenchRun> neuroBench,
            double[] neuroBenchTruth,
            double[] neuroBenchPersistenceSmape,
            int workers,
            Duration wallTime) {}

    /**
     * Runs {@code plan} on {@code workers} threads; {@code progress} receives a line after every
     * finished training run (from the worker threads, one at a time).
     */
    public static Results run(ReportPlan plan, int workers, Progress progress) {
        Checks.requireArgument(workers >= 1, "workers must be at least 1: %s", workers);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "ltc-report");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        int total = plan.gridRuns() + plan.neuroBenchRuns();
        try {
            List<Future<Run>> grid = new ArrayList<>();
            for (SystemKind system : plan.systems()) {
                for (Condition condition : plan.conditions()) {
                    Series train = generate(plan, system, condition, plan.trainSamples(),
                            plan.trainSeed());
                    Series test = generate(plan, system, condition, plan.testSamples(),
                            plan.testSeed());
                    double loss = measuredLoss(train, system.defaultPeriod());
                    for (Contender c : plan.contenders()) {
                        grid.add(pool.submit(() -> {
                            Run r = gridRun(plan, system, condition, c, train, test, loss);
                            report(progress, done, total, String.format(Locale.ROOT,
                                    "%s %s %s: MSE/persistence %.3f", r.system(), r.condition(),
                                    r.model(), r.score().mseRatio()));
                            return r;
                        }));
                    }
                }
            }
            List<NeuroBenchMackeyGlass.Split> instances = new ArrayList<>();
            List<Future<NeuroBenchRun>> bench = new ArrayList<>();
            for (int i = 0; i < plan.neuroBenchInstances(); i++) {
                NeuroBenchMackeyGlass.Split split = i == 0
                        ? NeuroBenchMackeyGlass.reference()
                        : NeuroBenchMackeyGlass.seeded(i);
                instances.add(split);
                int instance = i;
                for (Contender c : plan.neuroBenchContenders()) {
                    bench.add(pool.submit(() -> {
                        NeuroBenchRun r = neuroBenchRun(plan, instance, split, c);
                        report(progress, done, total, String.format(Locale.ROOT,
                                "neurobench #%d %s: rollout sMAPE %.2f", instance, r.model(),
                                r.rolloutSmape()));
                        return r;
                    }));
                }
            }
            List<Run> runs = collect(grid);
            List<NeuroBenchRun> benchRuns = collect(bench);
            double[] truth =
                    instances.isEmpty() ? new double[0] : channel0(instances.get(0).test());
            double[] persistence = new double[instances.size()];
            for (int i = 0; i < instances.size(); i++) {
                persistence[i] = persistenceRolloutSmape(instances.get(i));
            }
            return new Results(plan, runs, benchRuns, truth, persistence, workers,
                    Duration.ofNanos(System.nanoTime() - start));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Receives a line after every finished training run. */
    @FunctionalInterface
    public interface Progress {
        void finished(int done, int total, String line);
    }

    /** Counts a finished run and tells {@code progress}, one worker at a time, in order. */
    private static void report(Progress progress, AtomicInteger done, int total, String line) {
        synchronized (done) {
            progress.finished(done.incrementAndGet(), total, line);
        }
    }

    private static Series generate(ReportPlan plan, SystemKind system, Condition condition,
            int samples, long seed) {
        return Generator.builder()
                .system(system)
                .samples(samples)
                .sampling(condition.sampling(system))
                .seed(seed)
                .build()
                .generate();
    }

    /** The fraction of the clock's ticks that are missing: 1 − (n − 1) / (span / period). */
    static double measuredLoss(Series s, double period) {
        double ticks = (s.time(s.size() - 1) - s.time(0)) / period;
        return ticks <= 0 ? 0.0 : Math.max(0.0, 1.0 - (s.size() - 1) / ticks);
    }

    private static Trainer trainer(ReportPlan plan, Contender c) {
        return Trainer.builder()
                .defaults(plan.epochs())
                .learningRate(c.learningRate())
                .chunkLength(ReportPlan.CHUNK)
                .batchSize(ReportPlan.BATCH)
                .threads(1)
                .validationFraction(ReportPlan.VALIDATION)
                .patience(plan.patience())
                .seed(plan.trainSeed())
                .logDelta(c.logDelta())
                .build();
    }

    private static Run gridRun(ReportPlan plan, SystemKind system, Condition condition,
            Contender c, Series train, Series test, double loss) {
        long t0 = System.nanoTime();
        TrainingResult r = trainer(plan, c).train(train, c.factory());
        double seconds = (System.nanoTime() - t0) / 1e9;
        ForecastScore score = Forecasting.evaluate(r.model(), test);
        return new Run(system.id(), condition.id(), c.name(),
                r.model().cell().parameterCount(), seconds, r.history().size() - 1,
                r.bestEpoch(), score, loss);
    }

    private static NeuroBenchRun neuroBenchRun(ReportPlan plan, int instance,
            NeuroBenchMackeyGlass.Split split, Contender c) {
        Series train = split.train();
        Series test = split.test();
        long t0 = System.nanoTime();
        TrainingResult r = trainer(plan, c).train(train, c.factory());
        double seconds = (System.nanoTime() - t0) / 1e9;
        Model model = r.model();
        double[][] rollout = Forecasting.rollout(model, train, test.size(),
                NeuroBenchMackeyGlass.PERIOD);
        double[] forecast = new double[rollout.length];
        for (int j = 0; j < rollout.length; j++) {
            forecast[j] = rollout[j][0];
        }
        // One step ahead over the test points, with the state carried in from the training part.
        double[][] oneStep = Forecasting.forecasts(model, split.all());
        double[] oneStepTest = new double[test.size()];
        for (int j = 0; j < test.size(); j++) {
            oneStepTest[j] = oneStep[NeuroBenchMackeyGlass.TRAIN_POINTS + j][0];
        }
        double[] truth = channel0(test);
        return new NeuroBenchRun(instance, c.name(), model.cell().parameterCount(), seconds,
                r.history().size() - 1, Stats.smape(forecast, truth),
                Stats.smape(oneStepTest, truth), validTime(forecast, truth), forecast);
    }

    /**
     * The valid prediction time in Lyapunov times: the time of the last forecast before the
     * first whose error exceeds {@code 0.5 σ}, σ the standard deviation of {@code truth}; the
     * whole horizon if none does.
     */
    static double validTime(double[] forecast, double[] truth) {
        double mean = java.util.Arrays.stream(truth).average().orElse(0);
        double var = java.util.Arrays.stream(truth).map(v -> (v - mean) * (v - mean))
                .average().orElse(0);
        double threshold = 0.5 * Math.sqrt(var);
        int j = 0;
        while (j < truth.length && Math.abs(forecast[j] - truth[j]) <= threshold) {
            j++;
        }
        return j / (double) NeuroBenchMackeyGlass.POINTS_PER_LYAPUNOV_TIME;
    }

    /** The sMAPE of forecasting every test point as the last training point. */
    private static double persistenceRolloutSmape(NeuroBenchMackeyGlass.Split split) {
        double[] truth = channel0(split.test());
        double last = split.train().value(split.train().size() - 1, 0);
        double[] flat = new double[truth.length];
        java.util.Arrays.fill(flat, last);
        return Stats.smape(flat, truth);
    }

    private static double[] channel0(Series s) {
        double[] v = new double[s.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = s.value(k, 0);
        }
        return v;
    }

    private static <T> List<T> collect(List<Future<T>> futures) {
        List<T> out = new ArrayList<>(futures.size());
        try {
            for (Future<T> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the report was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        }
        return out;
    }
}
