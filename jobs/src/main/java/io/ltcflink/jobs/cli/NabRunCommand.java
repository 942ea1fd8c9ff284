package io.ltcflink.jobs.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltcflink.jobs.nab.NabCorpus;
import io.ltcflink.jobs.nab.NabDataFile;
import io.ltcflink.jobs.nab.NabDetector;
import io.ltcflink.jobs.nab.NabLabels;
import io.ltcflink.jobs.nab.NabProfile;
import io.ltcflink.jobs.nab.NabResultsWriter;
import io.ltcflink.jobs.nab.NabRun;
import io.ltcflink.jobs.nab.NabScore;
import io.ltcflink.jobs.nab.NabScorer;
import io.ltcflink.jobs.nab.NabSeries;
import io.ltcflink.jobs.nab.NabWindow;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltc nab run}: streams a NAB-layout data folder through the LTC operator on a MiniCluster
 * and writes NAB-layout results; with labels, prints their NAB scores.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run the LTC detector over a NAB-layout data folder (<category>/<file>.csv"
                + " with timestamp,value), one key per file, and write OUT/NAME/<category>/"
                + "NAME_<file>.csv (timestamp,value,anomaly_score,label); with labels, print the"
                + " NAB scores.")
final class NabRunCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Data folder <category>/<file>.csv.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Results folder; results go to DIR/NAME/<category>/NAME_<file>.csv.")
    Path out;

    @Option(names = "--detector", defaultValue = NabDetector.NAME, paramLabel = "NAME",
            description = "Detector name in the results (default ${DEFAULT-VALUE}).")
    String detector;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Windows file (default: DATA/../labels/combined_windows.json if it"
                    + " exists, else NAB/labels/combined_windows.json; none: labels 0, no"
                    + " scores).")
    Path labels;

    @Option(names = "--nab", paramLabel = "DIR",
            description = "NAB folder for the default labels and profiles (default"
                    + " ../shared/nab if it exists).")
    Path nab;

    @Option(names = "--profiles", paramLabel = "FILE",
            description = "Profiles file (default NAB/config/profiles.json, else NAB v1.1's).")
    Path profiles;

    @Option(names = "--json", description = "Print one JSON object instead of tables.")
    boolean json;

    @Option(names = "--parallelism", defaultValue = "1", paramLabel = "P",
            description = "Operator parallelism (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--state-backend", defaultValue = "hashmap", paramLabel = "hashmap|rocksdb",
            description = "Default ${DEFAULT-VALUE}.")
    String stateBackend;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "Model file instead of the detector's own (same shape expected).")
    Path model;

    /** How the scorer counts its warm-ups, smoothing and suppression. */
    enum Clock { records, event_time }

    @Option(names = "--clock", defaultValue = "records", paramLabel = "records|event-time",
            converter = ClockConverter.class,
            description = "Count the scorer's warm-ups, smoothing half-life and alert suppression"
                    + " in records (default) or in each stream's nominal periods of event time"
                    + " (its typical gap, a gap counting at most 3 periods).")
    Clock clock;

    static final class ClockConverter implements CommandLine.ITypeConverter<Clock> {
        @Override
        public Clock convert(String value) {
            return switch (value) {
                case "records" -> Clock.records;
                case "event-time" -> Clock.event_time;
                default -> throw new CommandLine.TypeConversionException(String.format(
                        "'%s' is not a clock: records or event-time", value));
            };
        }
    }

    @Override
    public Integer call() throws Exception {
        if (detector.isBlank() || detector.contains("/") || detector.contains("\\")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    String.format("--detector must be a plain name: '%s'", detector));
        }
        long start = System.nanoTime();
        List<NabDataFile> files = NabDataFile.readAll(data);
        Path nabDir = nabFolder();
        Path labelsFile = labelsFile(nabDir);
        Map<String, List<NabWindow>> windows =
                labelsFile == null ? Map.of() : NabCorpus.readWindows(labelsFile);
        var env = FlinkLocal.environment(parallelism, FlinkLocal.configuration(stateBackend));
        boolean eventTime = clock == Clock.event_time;
        var config = model == null ? NabDetector.config(eventTime)
                : NabDetector.config(model.toAbsolutePath().toString(), eventTime);
        NabRun.Result result = NabRun.run(env, files, config);
        List<NabSeries> series = new ArrayList<>();
        boolean allLabelled = labelsFile != null;
        for (NabDataFile f : files) {
            List<NabWindow> ws = windows.get(f.key());
            allLabelled &= ws != null;
            double[] scores = result.scores().get(f.key());
            int[] label = ws == null ? new int[f.rows()] : NabLabels.labels(f, ws);
            NabResultsWriter.write(out, detector, f, scores, label);
            if (ws != null) {
                List<LocalDateTime> times = new ArrayList<>(f.rows());
                for (int i = 0; i < f.rows(); i++) {
                    times.add(f.dateTime(i));
                }
                series.add(NabSeries.of(f.key(), times, scores, NabLabels.scorable(f, ws)));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        NabRun.Stats st = result.stats();
        System.err.printf("ltc nab run: %d files, %d rows (%d first rows, %d repeated timestamps,"
                        + " %d late and %d dead-letter rows scored 0) in %.1f s -> %s%n",
                files.size(), st.rows(), st.firstRows(), st.duplicates(), st.late(),
                st.deadLetters(), seconds, out.resolve(detector));
        PrintWriter pw = spec.commandLine().getOut();
        NabScore score = allLabelled && !series.isEmpty()
                ? new NabScorer(profileList(nabDir)).score(series) : null;
        if (json) {
            ObjectNode o = score == null
                    ? new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                            .put("detector", detector)
                    : NabScoreCommand.toJson(detector, score);
            ObjectNode run = o.putObject("run");
            run.put("files", files.size());
            run.put("rows", st.rows());
            run.put("firstRows", st.firstRows());
            run.put("repeatedTimestamps", st.duplicates());
            run.put("lateRows", st.late());
            run.put("deadLetterRows", st.deadLetters());
            run.put("seconds", Math.round(seconds * 10) / 10.0);
            run.put("clock", eventTime ? "event-time" : "records");
            run.put("labels", labelsFile == null ? null : labelsFile.toString());
            run.put("results", out.resolve(detector).toString());
            pw.println(o.toPrettyString());
        } else if (score != null) {
            NabScoreCommand.printTable(pw, detector, score);
            printCategories(pw, score);
            pw.println("labels: " + labelsFile + "; thresholds: swept over all files, one per"
                    + " profile");
        } else {
            pw.println(labelsFile == null
                    ? "no labels file: labels are 0 and nothing is scored"
                    : "the labels do not cover every data file: nothing is scored");
        }
        pw.flush();
        return 0;
    }

    private Path nabFolder() {
        if (nab != null) {
            if (!Files.isDirectory(nab)) {
                throw new IllegalArgumentException(String.format("--nab %s is not a folder", nab));
            }
            return nab;
        }
        return Files.isDirectory(NabScoreCommand.DEFAULT_NAB) ? NabScoreCommand.DEFAULT_NAB : null;
    }

    private Path labelsFile(Path nabDir) {
        if (labels != null) {
            if (!Files.isRegularFile(labels)) {
                throw new IllegalArgumentException(String.format("--labels %s is not a file",
                        labels));
            }
            return labels;
        }
        Path parent = data.toAbsolutePath().normalize().getParent();
        Path beside = parent == null ? null
                : parent.resolve("labels").resolve("combined_windows.json");
        if (beside != null && Files.isRegularFile(beside)) {
            return beside;
        }
        if (nabDir != null) {
            Path inNab = nabDir.resolve("labels").resolve("combined_windows.json");
            if (Files.isRegularFile(inNab)) {
                return inNab;
            }
        }
        return null;
    }

    private List<NabProfile> profileList(Path nabDir) {
        if (profiles != null) {
            return NabCorpus.readProfiles(profiles);
        }
        if (nabDir != null && Files.isRegularFile(nabDir.resolve("config/profiles.json"))) {
            return NabCorpus.readProfiles(nabDir.resolve("config/profiles.json"));
        }
        return NabProfile.published();
    }

    /** Per category: each profile's normalised score, and the windows found and missed. */
    static void printCategories(PrintWriter out, NabScore score) {
        List<NabScore.ProfileScore> ps = score.profiles();
        out.printf("%-22s", "category");
        for (NabScore.ProfileScore p : ps) {
            out.printf(" %20s", p.profile().name());
        }
        out.printf(" %5s %5s %5s%n", "TP", "FP", "FN");
        for (String category : ps.get(0).categories().keySet()) {
            out.printf("%-22s", category);
            for (NabScore.ProfileScore p : ps) {
                double v = p.categories().get(category).normalized();
                out.printf(" %20s", Double.isNaN(v) ? "-" : String.format("%.2f", v));
            }
            NabScore.Tally t = ps.get(0).categories().get(category);
            out.printf(" %5d %5d %5d%n", t.tp(), t.fp(), t.fn());
        }
    }
}
