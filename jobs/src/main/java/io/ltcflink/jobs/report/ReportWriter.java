package io.ltcflink.jobs.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltcflink.core.cell.CellKind;
import io.ltcflink.core.data.NeuroBenchMackeyGlass;
import io.ltcflink.core.data.SystemKind;
import io.ltcflink.core.train.TrainingDefaults;
import io.ltcflink.jobs.report.ReportPlan.Condition;
import io.ltcflink.jobs.report.ReportPlan.Contender;
import io.ltcflink.jobs.report.TrainingReport.NeuroBenchRun;
import io.ltcflink.jobs.report.TrainingReport.Results;
import io.ltcflink.jobs.report.TrainingReport.Run;
import io.ltcflink.jobs.util.Charts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes the {@link Results} of a training report into a directory: {@code report.md} (the
 * tables), {@code results.json} (every number) and PNG plots (test MSE against the loss rate per
 * system and loss kind, and the NeuroBench rollouts).
 */
public final class ReportWriter {

    /** NeuroBench's published sMAPE on Mackey-Glass for its baselines (Yik et al. 2025). */
    static final double NEUROBENCH_LSTM_SMAPE = 13.37;

    static final double NEUROBENCH_ESN_SMAPE = 14.79;

    /** The target: at most this ratio of the LSTM's MSE ... */
    static final double TARGET_MSE_RATIO = 0.7;

    /** ... with at most this fraction of its parameters, at this loss rate. */
    static final double TARGET_PARAM_FRACTION = 0.2;

    static final double TARGET_LOSS = 0.3;

    /** The rollout plot shows this many Lyapunov times of the 10 in the test split. */
    static final int ROLLOUT_PLOT_LYAPUNOV_TIMES = 3;

    private final Results results;
    private final ReportPlan plan;
    private final String command;

    private ReportWriter(Results results, String command) {
        this.results = results;
        this.plan = results.plan();
        this.command = command;
    }

    /**
     * Writes report.md, results.json and the plots into {@code dir} (created if missing);
     * returns the files written. {@code command} is the command line quoted in the report.
     */
    public static List<Path> write(Results results, Path dir, String command) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        ReportWriter w = new ReportWriter(results, command);
        List<Path> files = new ArrayList<>();
        files.addAll(w.plots(dir));
        files.add(write(dir.resolve("results.json"), w.json()));
        files.add(write(dir.resolve("report.md"), w.markdown(files)));
        return files;
    }

    private static Path write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    // ---------------------------------------------------------------------------------------
    // The target check

    /**
     * An LTC and an LSTM on the same (system, condition) at the target loss rate, where the LTC
     * has at most a fifth of the LSTM's parameters.
     */
    record TargetCheck(String system, String condition, Run ltc, Run lstm) {
        double mseRatio() {
            return ltc.score().mse() / lstm.score().mse();
        }

        double paramFraction() {
            return (double) ltc.params() / lstm.params();
        }

        boolean met() {
            return mseRatio() <= TARGET_MSE_RATIO;
        }
    }

    private List<TargetCheck> targetChecks() {
        List<TargetCheck> checks = new ArrayList<>();
        for (SystemKind system : plan.systems()) {
            for (Condition c : plan.conditions()) {
                if (Math.abs(c.lossFraction() - TARGET_LOSS) > 1e-9) {
                    continue;
                }
                for (Contender ltc : contenders(CellKind.LTC)) {
                    for (Contender lstm : contenders(CellKind.LSTM)) {
                        Run a = run(system.id(), c.id(), ltc.name()).orElse(null);
                        Run b = run(system.id(), c.id(), lstm.name()).orElse(null);
                        if (a != null && b != null
                                && a.params() <= TARGET_PARAM_FRACTION * b.params()) {
                            checks.add(new TargetCheck(system.id(), c.id(), a, b));
                        }
                    }
                }
            }
        }
        return checks;
    }

    private List<Contender> contenders(CellKind kind) {
        return plan.contenders().stream()
                .filter(c -> c.cell().kind() == kind)
                .collect(Collectors.toList());
    }

    private Optional<Run> run(String system, String condition, String model) {
        return results.runs().stream()
                .filter(r -> r.system().equals(system) && r.condition().equals(condition)
                        && r.model().equals(model))
                .findFirst();
    }

    private Optional<Run> any(String system, String condition) {
        return results.runs().stream()
                .filter(r -> r.system().equals(system) && r.condition().equals(condition))
                .findFirst();
    }

    // ---------------------------------------------------------------------------------------
    // Markdown

    private String markdown(List<Path> plots) {
        StringBuilder md = new StringBuilder();
        md.append("# Training report: LTC, CfC and LSTM against persistence\n\n");
        md.append("Generated by `").append(command).append("` (plan `").append(plan.name())
                .append("`) on ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(String.format(Locale.ROOT, ", %d cores (shared), Java %s; %d worker"
                                + " threads, %d runs in %.1f min.%n%n",
                        Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.version"), results.workers(),
                        results.runs().size() + results.neuroBench().size(),
                        results.wallTime().toMillis() / 60000.0));
        setUp(md);
        summary(md);
        targets(md);
        neuroBench(md);
        fullTable(md);
        md.append("## Plots\n\n");
        for (Path p : plots) {
            md.append("![").append(p.getFileName()).append("](").append(p.getFileName())
                    .append(")\n\n");
        }
        return md.toString();
    }

    private void setUp(StringBuilder md) {
        md.append("## Set-up\n\n");
        md.append("- **Task**: the operator's one-step-ahead forecast: on sample k the cell steps"
                + " with input x[k-1] over the real gap t[k] - t[k-1] and forecasts x[k] (all"
                + " channels). Scores are on the raw values of the test series.\n");
        md.append(String.format(Locale.ROOT, "- **Data**: per system and condition, a training"
                        + " series of %d kept samples (seed %d; its last %.0f %% validates, for"
                        + " early stopping) and a test series of %d kept samples from another"
                        + " random start on the attractor (seed %d), so the test trajectory is"
                        + " unseen. Lorenz-63 is sampled every 0.05, Mackey-Glass (tau 17) every"
                        + " 1.0 time units.%n",
                plan.trainSamples(), plan.trainSeed(), 100 * ReportPlan.VALIDATION,
                plan.testSamples(), plan.testSeed()));
        md.append("- **Conditions**: ");
        md.append(plan.conditions().stream()
                .map(c -> "`" + c.id() + "` " + c.describe())
                .collect(Collectors.joining("; ")));
        md.append(". Losses are on the regular clock; bursts start with the probability that"
                + " gives the stated long-run loss.\n");
        md.append(String.format(Locale.ROOT, "- **Budget**: the same for every model: %d epochs"
                        + " (`ltc train` has %d; stopping after %d without a better validation"
                        + " loss, keeping the best weights), Adam with gradient-norm clipping 1"
                        + " and the %s learning-rate schedule, truncated BPTT in chunks of %d"
                        + " steps, %d chunks per update, seed %d; the model's time unit is the"
                        + " training series' median gap (stored in the model). Learning rate,"
                        + " memory and inputs: `ltc train`'s defaults per cell (LTC with mixed"
                        + " memory and log(gap) as an input, CfC with mixed memory, both 0.01;"
                        + " LSTM 0.01).%n",
                plan.epochs(), TrainingDefaults.EPOCHS, plan.patience(),
                TrainingDefaults.SCHEDULE_NAME, ReportPlan.CHUNK, ReportPlan.BATCH,
                plan.trainSeed()));
        md.append("- **Persistence**: the forecast x[k] = x[k-1] on the same test samples; every"
                + " ratio below is model MSE / persistence MSE (below 1 beats it).\n");
        md.append("- **Time**: wall time of training, one thread per run, several runs in"
                + " parallel on a machine shared with other work: compare orders of magnitude,"
                + " not digits.\n\n");

        md.append("| model | cell | inputs | learning rate |");
        for (SystemKind s : plan.systems()) {
            md.append(" params (").append(s.id()).append(") |");
        }
        md.append("\n|---|---|---|---|");
        md.append("---|".repeat(plan.systems().size())).append('\n');
        for (Contender c : plan.contenders()) {
            md.append("| ").append(c.name()).append(" | ").append(describe(c)).append(" | ")
                    .append(c.logDelta() ? "x[k-1], log(gap)" : "x[k-1]").append(" | ")
                    .append(c.learningRate()).append(" |");
            for (SystemKind s : plan.systems()) {
                md.append(' ').append(run(s.id(), plan.conditions().get(0).id(), c.name())
                        .map(r -> Long.toString(r.params())).orElse("")).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static String memory(Contender c) {
        return c.mixedMemory() ? ", mixed memory" : "";
    }

    private static String describe(Contender c) {
        switch (c.cell().kind()) {
            case LTC:
                return String.format(Locale.ROOT, "LTC, %d neurons, %s wiring, 6 unfolds%s",
                        c.cell().units(), c.cell().wiring().id(), memory(c));
            case CFC:
                return String.format(Locale.ROOT, "CfC, %d units, backbone %d%s",
                        c.cell().units(), c.cell().backboneUnits(), memory(c));
            default:
                return String.format(Locale.ROOT, "LSTM, %d units%s", c.cell().units(),
                        c.logDelta() ? " (gap as a feature)" : " (no notion of the gap)");
        }
    }

    private void summary(StringBuilder md) {
        md.append("## Summary: test MSE relative to persistence\n\n");
        md.append("Lower is better; **bold** is the best model of the row. The last column is"
                + " the persistence MSE itself.\n\n");
        md.append("| system | condition |");
        for (Contender c : plan.contenders()) {
            md.append(' ').append(c.name()).append(" |");
        }
        md.append(" persistence MSE |\n|---|---|");
        md.append("---|".repeat(plan.contenders().size() + 1)).append('\n');
        for (SystemKind s : plan.systems()) {
            for (Condition c : plan.conditions()) {
                double best = Double.POSITIVE_INFINITY;
                for (Contender m : plan.contenders()) {
                    best = Math.min(best, run(s.id(), c.id(), m.name())
                            .map(r -> r.score().mseRatio()).orElse(Double.POSITIVE_INFINITY));
                }
                md.append("| ").append(s.id()).append(" | ").append(c.id()).append(" |");
                for (Contender m : plan.contenders()) {
                    Optional<Run> r = run(s.id(), c.id(), m.name());
                    String v = r.map(x -> ratio(x.score().mseRatio())).orElse("");
                    boolean isBest = r.isPresent() && r.get().score().mseRatio() == best;
                    md.append(' ').append(isBest ? "**" + v + "**" : v).append(" |");
                }
                md.append(' ').append(any(s.id(), c.id())
                        .map(r -> sig(r.score().persistenceMse())).orElse("")).append(" |\n");
            }
        }
        md.append("\nBest of a row: ");
        md.append(wins().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
        md.append(String.format(Locale.ROOT, " (of %d rows).%n%n",
                plan.systems().size() * plan.conditions().size()));
    }

    /** How often each contender has the lowest test MSE of its (system, condition). */
    private Map<String, Integer> wins() {
        Map<String, Integer> wins = new LinkedHashMap<>();
        for (SystemKind s : plan.systems()) {
            for (Condition c : plan.conditions()) {
                results.runs().stream()
                        .filter(r -> r.system().equals(s.id()) && r.condition().equals(c.id()))
                        .min(java.util.Comparator.comparingDouble(r -> r.score().mse()))
                        .ifPresent(r -> wins.merge(r.model(), 1, Integer::sum));
            }
        }
        return wins;
    }

    private void targets(StringBuilder md) {
        md.append("## The target: LTC vs LSTM at 30 % losses\n\n");
        md.append(String.format(Locale.ROOT, "Target: an LTC with at most %.0f %% of an LSTM's"
                        + " parameters reaches at least 30 %% lower test MSE (MSE ratio <="
                        + " %.1f) at 30 %% losses. Every LTC/LSTM pair of the grid that meets"
                        + " the parameter condition:%n%n",
                100 * TARGET_PARAM_FRACTION, TARGET_MSE_RATIO));
        List<TargetCheck> checks = targetChecks();
        if (checks.isEmpty()) {
            md.append("No LTC/LSTM pair in this plan meets the parameter condition.\n\n");
            return;
        }
        md.append("| system | condition | LTC | params | LSTM | params | params ratio |"
                + " LTC MSE | LSTM MSE | MSE ratio | met |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        int met = 0;
        for (TargetCheck t : checks) {
            met += t.met() ? 1 : 0;
            md.append(String.format(Locale.ROOT,
                    "| %s | %s | %s | %d | %s | %d | %.2f | %s | %s | %.3f | %s |%n",
                    t.system(), t.condition(), t.ltc().model(), t.ltc().params(),
                    t.lstm().model(), t.lstm().params(), t.paramFraction(),
                    sig(t.ltc().score().mse()), sig(t.lstm().score().mse()), t.mseRatio(),
                    t.met() ? "yes" : "**no**"));
        }
        md.append(String.format(Locale.ROOT, "%nMet in %d of %d pairs.%n%n", met,
                checks.size()));
        bestOfFamilies(md);
    }

    /**
     * Without the parameter condition: the best LTC against the best LSTM, with and without the
     * gap as a feature, at the target loss rate.
     */
    private void bestOfFamilies(StringBuilder md) {
        md.append("Without the parameter condition, the best LTC against the best LSTM of each"
                + " kind (an LSTM given the gap as a feature, `+logdt`, is the stronger"
                + " baseline):\n\n");
        md.append("| system | condition | best LTC | MSE | best LSTM (samples only) | MSE |"
                + " LTC / LSTM | best LSTM +logdt | MSE | LTC / LSTM+logdt |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (SystemKind system : plan.systems()) {
            for (Condition c : plan.conditions()) {
                if (Math.abs(c.lossFraction() - TARGET_LOSS) > 1e-9) {
                    continue;
                }
                Optional<Run> ltc = best(system, c, CellKind.LTC, null);
                Optional<Run> blind = best(system, c, CellKind.LSTM, false);
                Optional<Run> informed = best(system, c, CellKind.LSTM, true);
                if (ltc.isEmpty()) {
                    continue;
                }
                md.append("| ").append(system.id()).append(" | ").append(c.id()).append(" | ")
                        .append(ltc.get().model()).append(" | ")
                        .append(sig(ltc.get().score().mse())).append(" |")
                        .append(versus(ltc.get(), blind)).append(versus(ltc.get(), informed))
                        .append('\n');
            }
        }
        md.append('\n');
    }

    private static String versus(Run ltc, Optional<Run> lstm) {
        return lstm.map(l -> String.format(Locale.ROOT, " %s | %s | %.3f |", l.model(),
                sig(l.score().mse()), ltc.score().mse() / l.score().mse()))
                .orElse(" | | |");
    }

    /** The run with the lowest test MSE among contenders of a kind (and log Δ, if given). */
    private Optional<Run> best(SystemKind system, Condition c, CellKind kind, Boolean logDelta) {
        return plan.contenders().stream()
                .filter(m -> m.cell().kind() == kind
                        && (logDelta == null || m.logDelta() == logDelta))
                .map(m -> run(system.id(), c.id(), m.name()))
                .flatMap(Optional::stream)
                .min(java.util.Comparator.comparingDouble(r -> r.score().mse()));
    }

    private void neuroBench(StringBuilder md) {
        md.append("## NeuroBench Mackey-Glass (autoregressive)\n\n");
        if (results.neuroBench().isEmpty()) {
            md.append("Not run in this plan.\n\n");
            return;
        }
        int instances = results.neuroBenchPersistenceSmape().length;
        md.append(String.format(Locale.ROOT, "Protocol: Mackey-Glass tau = 17 sampled every"
                        + " %.3f time units (75 points per Lyapunov time of 197), %d training"
                        + " points, then %d test points forecast autoregressively (each forecast"
                        + " fed back as the next input); score: sMAPE over the test points."
                        + " Instance 0 starts from NeuroBench's constant history %s with no"
                        + " burn-in; %s. Same epoch budget as above.%n%n",
                NeuroBenchMackeyGlass.PERIOD, NeuroBenchMackeyGlass.TRAIN_POINTS,
                NeuroBenchMackeyGlass.TEST_POINTS, NeuroBenchMackeyGlass.CONSTANT_PAST,
                instances > 1 ? "instances 1.." + (instances - 1) + " from seeded random"
                        + " histories" : "no further instances"));
        md.append("**Our series are regenerated (RK4 with a Hermite history), not NeuroBench's"
                + " stored file, so the comparison with the published numbers is"
                + " approximate.**\n\n");
        md.append("sMAPE over all 10 Lyapunov times favours a rollout that settles near the mean"
                + " over one that keeps oscillating slightly out of phase, so the valid time is"
                + " shown as well: Lyapunov times until the rollout's error first exceeds half"
                + " the standard deviation of the test points (the valid prediction time of"
                + " Vlachas et al. 2020, threshold 0.5). The plot shows the first three Lyapunov"
                + " times of instance 0.\n\n");
        md.append("| model | params | rollout sMAPE, instance 0 | rollout sMAPE, mean of "
                + instances + " | valid time (Lyapunov times), mean | one-step sMAPE, mean |"
                + " training time |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Contender c : plan.neuroBenchContenders()) {
            List<NeuroBenchRun> rs = results.neuroBench().stream()
                    .filter(r -> r.model().equals(c.name()))
                    .collect(Collectors.toList());
            if (rs.isEmpty()) {
                continue;
            }
            md.append(String.format(Locale.ROOT,
                    "| %s | %d | %.2f | %.2f | %.2f | %.3f | %.1f s |%n",
                    c.name(), rs.get(0).params(), rs.get(0).rolloutSmape(),
                    rs.stream().mapToDouble(NeuroBenchRun::rolloutSmape).average().orElse(0),
                    rs.stream().mapToDouble(NeuroBenchRun::validTime).average().orElse(0),
                    rs.stream().mapToDouble(NeuroBenchRun::oneStepSmape).average().orElse(0),
                    rs.stream().mapToDouble(NeuroBenchRun::trainSeconds).average()
                            .orElse(0)));
        }
        double[] p = results.neuroBenchPersistenceSmape();
        md.append(String.format(Locale.ROOT, "| persistence (last training value held) | 0 |"
                        + " %.2f | %.2f | | | |%n", p[0],
                java.util.Arrays.stream(p).average().orElse(0)));
        md.append(String.format(Locale.ROOT,
                "| NeuroBench LSTM (published) | | %.2f | | | | |%n", NEUROBENCH_LSTM_SMAPE));
        md.append(String.format(Locale.ROOT,
                "| NeuroBench ESN (published) | | %.2f | | | | |%n%n", NEUROBENCH_ESN_SMAPE));
    }

    private void fullTable(StringBuilder md) {
        md.append("## All runs\n\n");
        md.append("Loss: the fraction of clock ticks missing from the training series"
                + " (measured). Epochs: run / kept.\n\n");
        md.append("| system | condition | loss | model | params | training time | epochs |"
                + " test MSE | sMAPE % | persistence MSE | persistence sMAPE % | MSE ratio |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run r : results.runs()) {
            md.append(String.format(Locale.ROOT,
                    "| %s | %s | %.1f %% | %s | %d | %.1f s | %d / %d | %s | %.2f | %s | %.2f |"
                            + " %s |%n",
                    r.system(), r.condition(), 100 * r.measuredLoss(), r.model(), r.params(),
                    r.trainSeconds(), r.epochs(), r.bestEpoch(), sig(r.score().mse()),
                    r.score().smape(), sig(r.score().persistenceMse()),
                    r.score().persistenceSmape(), ratio(r.score().mseRatio())));
        }
        md.append('\n');
    }

    private static String sig(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String ratio(double v) {
        return String.format(Locale.ROOT, v < 0.01 ? "%.4f" : "%.3f", v);
    }

    // ---------------------------------------------------------------------------------------
    // JSON

    private String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ObjectNode p = root.putObject("plan");
        p.put("name", plan.name());
        p.put("trainSamples", plan.trainSamples());
        p.put("testSamples", plan.testSamples());
        p.put("epochs", plan.epochs());
        p.put("patience", plan.patience());
        p.put("schedule", TrainingDefaults.SCHEDULE_NAME);
        p.put("timeUnit", "median gap");
        p.put("chunk", ReportPlan.CHUNK);
        p.put("batch", ReportPlan.BATCH);
        p.put("validation", ReportPlan.VALIDATION);
        p.put("trainSeed", plan.trainSeed());
        p.put("testSeed", plan.testSeed());
        ArrayNode conditions = p.putArray("conditions");
        for (Condition c : plan.conditions()) {
            ObjectNode o = conditions.addObject();
            o.put("id", c.id());
            o.put("kind", c.kind());
            o.put("jitter", c.jitter());
            o.put("dropRate", c.dropRate());
            o.put("burstRate", c.burstRate());
            o.put("burstLength", c.burstRate() > 0 ? ReportPlan.BURST_LENGTH : 0);
            o.put("lossFraction", c.lossFraction());
        }
        ArrayNode models = p.putArray("models");
        for (Contender c : plan.contenders()) {
            ObjectNode o = models.addObject();
            o.put("name", c.name());
            o.put("cell", c.cell().kind().fileName());
            o.put("units", c.cell().units());
            if (c.cell().kind() == CellKind.LTC) {
                o.put("wiring", c.cell().wiring().id());
            }
            if (c.cell().kind() == CellKind.CFC) {
                o.put("backboneUnits", c.cell().backboneUnits());
            }
            o.put("logDelta", c.logDelta());
            o.put("mixedMemory", c.mixedMemory());
            o.put("learningRate", c.learningRate());
        }
        ObjectNode env = root.putObject("environment");
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("workers", results.workers());
        env.put("java", System.getProperty("java.version"));
        env.put("wallSeconds", results.wallTime().toMillis() / 1000.0);

        ArrayNode runs = root.putArray("runs");
        for (Run r : results.runs()) {
            ObjectNode o = runs.addObject();
            o.put("system", r.system());
            o.put("condition", r.condition());
            o.put("model", r.model());
            o.put("params", r.params());
            o.put("trainSeconds", round(r.trainSeconds(), 3));
            o.put("epochs", r.epochs());
            o.put("bestEpoch", r.bestEpoch());
            o.put("mse", r.score().mse());
            o.put("smape", r.score().smape());
            o.put("persistenceMse", r.score().persistenceMse());
            o.put("persistenceSmape", r.score().persistenceSmape());
            o.put("ratioToPersistence", r.score().mseRatio());
            o.put("testValues", r.score().count());
            o.put("measuredLoss", r.measuredLoss());
        }
        ArrayNode targets = root.putArray("targetChecks");
        for (TargetCheck t : targetChecks()) {
            ObjectNode o = targets.addObject();
            o.put("system", t.system());
            o.put("condition", t.condition());
            o.put("ltc", t.ltc().model());
            o.put("ltcParams", t.ltc().params());
            o.put("lstm", t.lstm().model());
            o.put("lstmParams", t.lstm().params());
            o.put("mseRatio", t.mseRatio());
            o.put("met", t.met());
        }
        ObjectNode nb = root.putObject("neuroBench");
        nb.put("publishedLstmSmape", NEUROBENCH_LSTM_SMAPE);
        nb.put("publishedEsnSmape", NEUROBENCH_ESN_SMAPE);
        nb.put("note", "our Mackey-Glass series are regenerated, not NeuroBench's file:"
                + " the comparison is approximate");
        ArrayNode persistence = nb.putArray("persistenceRolloutSmape");
        for (double v : results.neuroBenchPersistenceSmape()) {
            persistence.add(v);
        }
        ArrayNode nbRuns = nb.putArray("runs");
        for (NeuroBenchRun r : results.neuroBench()) {
            ObjectNode o = nbRuns.addObject();
            o.put("instance", r.instance());
            o.put("model", r.model());
            o.put("params", r.params());
            o.put("trainSeconds", round(r.trainSeconds(), 3));
            o.put("epochs", r.epochs());
            o.put("rolloutSmape", r.rolloutSmape());
            o.put("oneStepSmape", r.oneStepSmape());
            o.put("validLyapunovTimes", r.validTime());
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    // ---------------------------------------------------------------------------------------
    // Plots

    private List<Path> plots(Path dir) {
        List<Path> files = new ArrayList<>();
        for (SystemKind s : plan.systems()) {
            for (String kind : new String[] {"bernoulli", "burst"}) {
                XYChart chart = mseVersusLoss(s, kind);
                if (chart != null) {
                    Path f = dir.resolve("mse-vs-loss-" + s.id() + "-" + kind + ".png");
                    Charts.writePng(chart, f);
                    files.add(f);
                }
            }
        }
        if (results.neuroBenchTruth().length > 0) {
            Path f = dir.resolve("neurobench-rollout.png");
            Charts.writePng(rolloutChart(), f);
            files.add(f);
        }
        return files;
    }

    /** Test MSE against the loss rate (0 = the regular clock) for one system and loss kind. */
    private XYChart mseVersusLoss(SystemKind system, String kind) {
        List<Condition> points = new ArrayList<>();
        for (Condition c : plan.conditions()) {
            if (c.kind().equals("regular") || c.kind().equals(kind)) {
                points.add(c);
            }
        }
        if (points.size() < 2) {
            return null;
        }
        XYChart chart = Charts.lines(
                String.format("%s: test MSE vs %s losses (same data and budget)", system.id(),
                        kind.equals("burst") ? "burst" : "Bernoulli"),
                "ticks lost (%)", "one-step test MSE");
        double[] x = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = 100 * points.get(i).lossFraction();
        }
        for (Contender m : plan.contenders()) {
            double[] y = new double[points.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = run(system.id(), points.get(i).id(), m.name())
                        .map(r -> r.score().mse()).orElse(Double.NaN);
            }
            XYSeries series = Charts.addSeries(chart, m.name(), x, y);
            if (series != null && m.cell().kind() == CellKind.LSTM) {
                series.setLineStyle(SeriesLines.DASH_DASH);
            }
        }
        double[] p = new double[points.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = any(system.id(), points.get(i).id())
                    .map(r -> r.score().persistenceMse()).orElse(Double.NaN);
        }
        XYSeries persistence = Charts.addSeries(chart, "persistence", x, p);
        if (persistence != null) {
            persistence.setLineStyle(SeriesLines.DOT_DOT);
            persistence.setLineColor(java.awt.Color.GRAY);
            persistence.setMarkerColor(java.awt.Color.GRAY);
            persistence.setMarker(SeriesMarkers.NONE);
        }
        Charts.logScaleIfPositive(chart);
        return chart;
    }

    /**
     * The first {@link #ROLLOUT_PLOT_LYAPUNOV_TIMES} Lyapunov times of the reference instance's
     * test points and of every model's rollout over them (all 750 points are too dense to read).
     */
    private XYChart rolloutChart() {
        int n = Math.min(results.neuroBenchTruth().length,
                ROLLOUT_PLOT_LYAPUNOV_TIMES * NeuroBenchMackeyGlass.POINTS_PER_LYAPUNOV_TIME);
        double[] truth = java.util.Arrays.copyOf(results.neuroBenchTruth(), n);
        double[] t = new double[n];
        for (int j = 0; j < n; j++) {
            t[j] = (j + 1) / (double) NeuroBenchMackeyGlass.POINTS_PER_LYAPUNOV_TIME;
        }
        XYChart chart = Charts.lines(String.format(Locale.ROOT, "NeuroBench Mackey-Glass"
                        + " rollouts, instance 0: first %d of 10 Lyapunov times",
                        ROLLOUT_PLOT_LYAPUNOV_TIMES),
                "Lyapunov times after the training data", "x");
        chart.getStyler().setXAxisDecimalPattern("0.0");
        XYSeries truthSeries = Charts.addSeries(chart, "truth", t, truth);
        truthSeries.setLineColor(java.awt.Color.BLACK);
        truthSeries.setLineWidth(2.5f);
        Map<String, NeuroBenchRun> byModel = new LinkedHashMap<>();
        for (NeuroBenchRun r : results.neuroBench()) {
            if (r.instance() == 0) {
                byModel.put(r.model(), r);
            }
        }
        // A rollout that runs away would flatten the truth to a line: clip it to the plot.
        double lo = java.util.Arrays.stream(truth).min().orElse(0);
        double hi = java.util.Arrays.stream(truth).max().orElse(1);
        double margin = 0.5 * (hi - lo);
        for (NeuroBenchRun r : byModel.values()) {
            double[] y = java.util.Arrays.copyOf(r.rollout(), n);
            for (int j = 0; j < y.length; j++) {
                y[j] = Math.max(lo - margin, Math.min(hi + margin, y[j]));
            }
            Charts.addSeries(chart, String.format(Locale.ROOT, "%s (sMAPE %.1f)", r.model(),
                    r.rolloutSmape()), t, y);
        }
        for (XYSeries s : chart.getSeriesMap().values()) {
            s.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }
}
