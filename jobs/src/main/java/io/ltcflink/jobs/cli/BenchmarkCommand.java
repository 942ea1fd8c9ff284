package io.ltcflink.jobs.cli;

import io.ltcflink.core.data.SystemKind;
import io.ltcflink.jobs.benchmark.BenchmarkRun;
import io.ltcflink.jobs.benchmark.BenchmarkSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltc benchmark}: the sidecar benchmark in one command. Trains (or loads) the LTC, CfC and
 * windowed LSTM models with the same data and budget, starts a Kafka broker, streams Lorenz and
 * Mackey-Glass at several drop rates, runs the LTC job, the LSTM sidecar and the comparator side
 * by side, and writes {@code report.json}, {@code summary.json}, {@code report.md} and plots.
 */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        description = "Run the sidecar benchmark: the LTC operator against a windowed LSTM, live on"
                + " one Kafka stream; writes report.json, summary.json, report.md and PNG plots.")
final class BenchmarkCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "A short run (same models, less data and training).")
    boolean quick;

    @Option(names = "--out", defaultValue = "benchmark-report", paramLabel = "DIR",
            description = "Where the report, plots and trained models go"
                    + " (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--models", paramLabel = "DIR",
            description = "Reuse models trained by an earlier run (its DIR/models) where their data"
                    + " and budget match; train the rest.")
    Path models;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Use this Kafka broker instead of starting one.")
    String bootstrap;

    @Option(names = "--systems", split = ",", paramLabel = "NAME",
            description = "Systems to stream (default: lorenz,mackey-glass).")
    List<String> systems;

    @Option(names = "--drop-rates", split = ",", paramLabel = "P",
            description = "Drop rates in [0, 1) (default: 0,0.1,0.3,0.5).")
    double[] dropRates;

    @Option(names = "--sensors", paramLabel = "N", description = "Sensors per drop rate.")
    Integer sensors;

    @Option(names = "--readings", paramLabel = "N", description = "Readings per sensor.")
    Integer readings;

    @Option(names = "--train-samples", paramLabel = "N",
            description = "Training samples per system.")
    Integer trainSamples;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (at most).")
    Integer epochs;

    @Option(names = "--lstm-units", split = ",", paramLabel = "H", description = "LSTM sizes.")
    int[] lstmUnits;

    @Option(names = "--windows", split = ",", paramLabel = "W", description = "LSTM windows.")
    int[] windows;

    @Option(names = "--threads", paramLabel = "N", description = "Models trained at once.")
    Integer threads;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of data and initialisation.")
    Long seed;

    /** The settings: the preset, then every option given. */
    BenchmarkSettings settings() {
        BenchmarkSettings.Builder b = (quick ? BenchmarkSettings.quick() : BenchmarkSettings.full())
                .toBuilder();
        if (systems != null) {
            List<SystemKind> kinds = new ArrayList<>();
            systems.forEach(s -> kinds.add(SystemKind.parse(s)));
            b.systems(kinds);
        }
        if (dropRates != null) {
            b.dropRates(dropRates);
        }
        if (sensors != null) {
            b.sensorsPerCondition(sensors);
        }
        if (readings != null) {
            b.readingsPerSensor(readings);
        }
        if (trainSamples != null) {
            b.trainSamples(trainSamples);
        }
        if (epochs != null) {
            b.epochs(epochs);
        }
        if (lstmUnits != null) {
            b.lstmHidden(lstmUnits);
        }
        if (windows != null) {
            b.windows(windows);
        }
        if (threads != null) {
            b.threads(threads);
        }
        if (seed != null) {
            b.seed(seed);
        }
        return b.build();
    }

    @Override
    public Integer call() throws Exception {
        BenchmarkSettings s = settings();
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && args.get(0).equals(spec.name())) {
            args.remove(0);
        }
        String command = "java -jar jobs/target/ltc.jar benchmark " + String.join(" ", args);
        new BenchmarkRun(s, out, models, bootstrap, System.out).run(command.trim());
        return 0;
    }
}
