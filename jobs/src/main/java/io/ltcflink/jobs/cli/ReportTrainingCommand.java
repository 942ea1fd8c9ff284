package io.ltcflink.jobs.cli;

import io.ltcflink.jobs.report.ReportPlan;
import io.ltcflink.jobs.report.ReportWriter;
import io.ltcflink.jobs.report.TrainingReport;
import io.ltcflink.jobs.train.TrainingProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltc report training [--quick] --out DIR}: trains LTC (fully connected and AutoNCP), CfC
 * and LSTMs of several sizes with the same data and budget on Lorenz and Mackey-Glass under
 * regular sampling, jitter and 10 / 30 / 50 % Bernoulli and burst losses, scores each against
 * persistence on unseen data, runs the NeuroBench Mackey-Glass protocol, and writes {@code
 * DIR/report.md}, {@code DIR/results.json} and PNG plots.
 */
@Command(
        name = "training",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Train and score LTC (fc, AutoNCP), CfC and LSTMs against persistence with the same"
                    + " data and budget on Lorenz and Mackey-Glass under regular sampling,"
                    + " jitter and 10/30/50 % Bernoulli and burst losses, plus the NeuroBench"
                    + " Mackey-Glass protocol.",
            "Writes DIR/report.md, DIR/results.json and PNG plots. The full plan takes about"
                    + " 20-30 minutes on two cores, --quick about 2-3."
        })
final class ReportTrainingCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Less data, fewer epochs and models.")
    boolean quick;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The directory to write into (created if missing).")
    Path out;

    @Option(names = "--threads", paramLabel = "N",
            description = "Training runs in parallel, one thread each (default: the available"
                    + " processors); the numbers do not depend on it, the times do.")
    Integer threads;

    /** The older spelling of {@code --threads}. */
    @Option(names = "--workers", hidden = true, preprocessor = OldSpelling.class)
    String oldWorkers;

    @Option(names = "--epochs", paramLabel = "E",
            description = "Override the plan's epoch budget (full 40, quick 8).")
    Integer epochs;

    @Option(names = "--samples", paramLabel = "N",
            description = "Override the training and test series length (full 2000,"
                    + " quick 600).")
    Integer samples;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        ReportPlan plan = quick ? ReportPlan.quick() : ReportPlan.full();
        if (epochs != null) {
            plan = plan.withEpochs(epochs);
        }
        if (samples != null) {
            plan = plan.withSamples(samples, samples);
        }
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        TrainCommand.createParentDirectories(out.resolve("report.md"));
        int total = plan.gridRuns() + plan.neuroBenchRuns();
        System.err.printf("report training (%s): %d training runs, %d epochs each, on %d"
                + " workers -> %s%n", plan.name(), total, plan.epochs(), n, out);
        TrainingReport.Results results;
        if (quiet) {
            results = TrainingReport.run(plan, n, (done, all, line) -> {});
        } else {
            try (TrainingProgress progress = TrainingProgress.open("report", total, System.err,
                    TrainingProgress.interactiveConsole())) {
                results = TrainingReport.run(plan, n, (done, all, line) -> {
                    synchronized (progress) {
                        progress.update(done, line);
                    }
                });
            }
        }
        List<Path> files = ReportWriter.write(results, out, command(plan));
        System.out.printf(Locale.ROOT, "%d runs in %.1f min -> %s%n",
                results.runs().size() + results.neuroBench().size(),
                results.wallTime().toMillis() / 60000.0, out);
        for (Path f : files) {
            System.out.println("  " + f.getFileName());
        }
        return 0;
    }

    /** The command line as quoted in the report. */
    private String command(ReportPlan plan) {
        List<String> parts = new ArrayList<>(List.of("java", "-jar", "jobs/target/ltc.jar",
                "report", "training"));
        if (quick) {
            parts.add("--quick");
        }
        if (epochs != null) {
            parts.add("--epochs " + epochs);
        }
        if (samples != null) {
            parts.add("--samples " + samples);
        }
        parts.add("--out " + out);
        return String.join(" ", parts);
    }
}
