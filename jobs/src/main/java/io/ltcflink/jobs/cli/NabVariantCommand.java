package io.ltcflink.jobs.cli;

import io.ltcflink.jobs.nab.NabCorpus;
import io.ltcflink.jobs.nab.NabDataFile;
import io.ltcflink.jobs.nab.NabSeries;
import io.ltcflink.jobs.nab.NabVariants;
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

/** {@code ltc nab variant}: a NAB corpus with rows dropped and timestamps jittered. */
@Command(
        name = "variant",
        mixinStandardHelpOptions = true,
        description = "Write a variant of a NAB-layout corpus (OUT/data/..., OUT/labels/"
                + "combined_windows.json) with rows dropped and timestamps jittered; the windows"
                + " follow the rows.")
final class NabVariantCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data folder (default NAB/data).")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Windows file (default NAB/labels/combined_windows.json).")
    Path labels;

    @Option(names = "--nab", paramLabel = "DIR",
            description = "NAB folder (default ../shared/nab).")
    Path nab;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Variant folder.")
    Path out;

    @Option(names = "--drop", defaultValue = "0.2", paramLabel = "P",
            description = "Probability of dropping each row (default ${DEFAULT-VALUE}).")
    double drop;

    @Option(names = "--jitter", defaultValue = "0.3", paramLabel = "J",
            description = "Largest timestamp shift in median gaps (default ${DEFAULT-VALUE}).")
    double jitter;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--results", paramLabel = "DIR",
            description = "A detector's results on the full corpus (DIR/NAME/<category>/"
                    + "NAME_<file>.csv); with --detector, also writes OUT/results/NAME/...: each"
                    + " kept row with its source row's score, i.e. what the detector would score"
                    + " on the kept rows had it seen every row.")
    Path results;

    @Option(names = "--detector", paramLabel = "NAME",
            description = "The detector of --results.")
    String detector;

    @Override
    public Integer call() {
        if ((results == null) != (detector == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--results and --detector go together");
        }
        Path nabDir = nab != null ? nab : NabScoreCommand.DEFAULT_NAB;
        Path dataDir = data != null ? data : nabDir.resolve("data");
        Path labelsFile = labels != null ? labels
                : nabDir.resolve("labels").resolve("combined_windows.json");
        if (!Files.isRegularFile(labelsFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.format(
                    "no labels file %s: pass --labels FILE or --nab DIR", labelsFile));
        }
        Map<String, List<NabWindow>> windows = NabCorpus.readWindows(labelsFile);
        // Read before anything is written, so that bad results leave no half-made variant.
        List<NabSeries> full = results == null ? null
                : NabCorpus.load(dataDir, windows, results, detector);
        NabVariants.Summary s = NabVariants.write(NabDataFile.readAll(dataDir), windows, out,
                drop, jitter, seed);
        if (full != null) {
            NabVariants.writeKeptScores(full, s, out, detector);
        }
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf("wrote %s: %d files, %d of %d rows, %d of %d windows (drop %s, jitter %s,"
                        + " seed %s)%n", out, s.files(), s.rowsOut(), s.rowsIn(), s.windowsOut(),
                s.windowsIn(), drop, jitter, seed);
        if (full != null) {
            pw.printf("wrote %s: %s's full-corpus scores of the kept rows%n",
                    out.resolve("results").resolve(detector), detector);
        }
        pw.flush();
        return 0;
    }
}
