package io.ltcflink.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltcflink.jobs.nab.NabCorpus;
import io.ltcflink.jobs.nab.NabProfile;
import io.ltcflink.jobs.nab.NabScore;
import io.ltcflink.jobs.nab.NabScorer;
import io.ltcflink.jobs.nab.NabSeries;
import io.ltcflink.jobs.nab.NabWindow;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltc nab score}: a detector's NAB scores from its results folder, by the rules of NAB
 * v1.1 (see {@link NabScorer}).
 */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = "Score a detector's results (RESULTS/NAME/<category>/NAME_<file>.csv with "
                + "timestamp,anomaly_score) by the NAB v1.1 rules.")
final class NabScoreCommand implements Callable<Integer> {

    /** Where the NAB folder is looked for when --nab is not given, relative to the working dir. */
    static final Path DEFAULT_NAB = Path.of("..", "shared", "nab");

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--results", required = true, paramLabel = "DIR",
            description = "Folder holding NAME/<category>/NAME_<file>.csv.")
    Path results;

    @Option(names = "--detector", required = true, paramLabel = "NAME",
            description = "Detector name.")
    String detector;

    @Option(names = "--nab", paramLabel = "DIR",
            description = "NAB folder with data/, labels/combined_windows.json and "
                    + "config/profiles.json (default ../shared/nab if it exists).")
    Path nab;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data folder <category>/<file>.csv (default NAB/data).")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Windows file (default NAB/labels/combined_windows.json).")
    Path labels;

    @Option(names = "--profiles", paramLabel = "FILE",
            description = "Profiles file (default NAB/config/profiles.json).")
    Path profiles;

    @Option(names = "--thresholds", paramLabel = "FILE",
            description = "Score at the thresholds stored for NAME in FILE (the layout of NAB's "
                    + "config/thresholds.json) instead of sweeping for the best ones.")
    Path thresholds;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        Path nabDir = nabFolder();
        Path dataDir = orDefault(data, "--data DIR", nabDir, Path.of("data"));
        Path labelsFile = orDefault(labels, "--labels FILE", nabDir,
                Path.of("labels", "combined_windows.json"));
        Path profilesFile = orDefault(profiles, "--profiles FILE", nabDir,
                Path.of("config", "profiles.json"));
        if (!Files.isDirectory(results.resolve(detector))) {
            throw new IllegalArgumentException(String.format(
                    "no results folder %s for detector '%s'", results.resolve(detector), detector));
        }
        Map<String, List<NabWindow>> windows = NabCorpus.readWindows(labelsFile);
        List<NabProfile> profileList = NabCorpus.readProfiles(profilesFile);
        List<NabSeries> series = NabCorpus.load(dataDir, windows, results, detector,
                w -> System.err.println("warning: " + w));
        NabScorer scorer = new NabScorer(profileList);
        NabScore score = thresholds == null
                ? scorer.score(series)
                : scorer.scoreAt(series, NabCorpus.readThresholds(thresholds, detector));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(detector, score).toPrettyString());
        } else {
            printTable(out, detector, score);
            out.println(thresholds == null
                    ? "thresholds: swept over all files, one per profile"
                    : "thresholds: stored in " + thresholds);
        }
        out.flush();
        return 0;
    }

    private Path nabFolder() {
        if (nab != null) {
            if (!Files.isDirectory(nab)) {
                throw new IllegalArgumentException(String.format("--nab %s is not a folder", nab));
            }
            return nab;
        }
        return Files.isDirectory(DEFAULT_NAB) ? DEFAULT_NAB : null;
    }

    private Path orDefault(Path given, String option, Path nabDir, Path inNab) {
        if (given != null) {
            return given;
        }
        if (nabDir == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.format(
                    "no NAB folder (--nab DIR, or %s from the working directory): pass %s or --nab "
                            + "DIR", DEFAULT_NAB, option));
        }
        return nabDir.resolve(inNab);
    }

    static ObjectNode toJson(String detector, NabScore score) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("detector", detector);
        for (NabScore.ProfileScore p : score.profiles()) {
            putNumber(o, p.profile().name(), p.normalized());
        }
        ObjectNode thresholds = o.putObject("thresholds");
        ObjectNode raw = o.putObject("raw");
        for (NabScore.ProfileScore p : score.profiles()) {
            thresholds.put(p.profile().name(), p.threshold());
            raw.put(p.profile().name(), p.total().raw());
        }
        o.put("files", score.files());
        o.put("windows", score.windows());
        ObjectNode categories = o.putObject("categories");
        for (NabScore.ProfileScore p : score.profiles()) {
            for (Map.Entry<String, NabScore.Tally> e : p.categories().entrySet()) {
                ObjectNode c = categories.has(e.getKey())
                        ? (ObjectNode) categories.get(e.getKey())
                        : categories.putObject(e.getKey());
                if (!c.has("files")) {
                    c.put("files", p.files().keySet().stream()
                            .filter(k -> category(k).equals(e.getKey())).count());
                }
                NabScore.Tally t = e.getValue();
                ObjectNode n = c.putObject(p.profile().name());
                putNumber(n, "score", t.normalized());
                n.put("raw", t.raw());
                n.put("tp", t.tp());
                n.put("fp", t.fp());
                n.put("fn", t.fn());
            }
        }
        return o;
    }

    private static void putNumber(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }

    private static String category(String key) {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    static void printTable(PrintWriter out, String detector, NabScore score) {
        out.printf("NAB v1.1 scores of %s (%d files, %d windows)%n", detector, score.files(),
                score.windows());
        out.printf("%-20s %8s %12s %11s %5s %5s %5s%n",
                "profile", "score", "threshold", "raw", "TP", "FP", "FN");
        for (NabScore.ProfileScore p : score.profiles()) {
            NabScore.Tally t = p.total();
            out.printf("%-20s %8.2f %12.6f %11.4f %5d %5d %5d%n", p.profile().name(),
                    p.normalized(), p.threshold(), t.raw(), t.tp(), t.fp(), t.fn());
        }
    }
}
