package io.ltcflink.jobs.nab;

import static io.ltcflink.core.Checks.requireArgument;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltcflink.core.stats.Stats;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes a variant of a NAB-layout corpus for robustness checks: each row is dropped with a given
 * probability, and each kept row's timestamp moves by a uniform amount of up to {@code jitter}
 * times the file's median gap (whole seconds). Rows keep their file order, so a jitter above one
 * half makes some timestamps repeat or step back, which the operator's duplicate and late policies
 * must handle. The windows follow the rows: a window becomes the kept rows that were in it, from
 * the first to the last whose new timestamp no earlier row has (NAB's window ends are the first
 * row with their timestamp); a window that keeps no row is dropped.
 *
 * <p>Everything is a function of the seed and the file's key: the same call writes the same bytes.
 */
public final class NabVariants {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private NabVariants() {}

    /**
     * What a variant run wrote; {@code kept} gives, per file key, the source row of each row the
     * variant kept, in order.
     */
    public record Summary(int files, long rowsIn, long rowsOut, int windowsIn, int windowsOut,
            Map<String, int[]> kept) {}

    /**
     * Writes {@code out/data/<category>/<file>.csv} and {@code out/labels/combined_windows.json}.
     *
     * @param drop the probability of dropping a row, in [0, 1)
     * @param jitter the largest timestamp shift in median gaps, >= 0
     */
    public static Summary write(List<NabDataFile> files, Map<String, List<NabWindow>> windows,
            Path out, double drop, double jitter, long seed) {
        requireArgument(drop >= 0 && drop < 1, "drop must be in [0, 1): %s", drop);
        requireArgument(jitter >= 0 && Double.isFinite(jitter), "jitter must be >= 0: %s",
                jitter);
        ObjectMapper json = new ObjectMapper();
        ObjectNode labels = json.createObjectNode();
        long rowsIn = 0;
        long rowsOut = 0;
        int windowsIn = 0;
        int windowsOut = 0;
        Map<String, int[]> keptRows = new HashMap<>();
        for (NabDataFile f : files) {
            SplittableRandom rnd = new SplittableRandom(seed + GOLDEN_GAMMA * f.key().hashCode());
            long medianGap = medianGapNanos(f);
            int n = f.rows();
            int[] kept = new int[n];
            long[] nanos = new long[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                boolean dropIt = rnd.nextDouble() < drop;
                double u = rnd.nextDouble() * 2 - 1;
                if (dropIt) {
                    continue;
                }
                long shiftSeconds = Math.round(u * jitter * medianGap / 1e9);
                kept[m] = i;
                nanos[m] = f.nanos(i) + shiftSeconds * 1_000_000_000L;
                m++;
            }
            requireArgument(m > 0, "%s: every row was dropped; use a smaller --drop", f.key());
            kept = Arrays.copyOf(kept, m);
            nanos = Arrays.copyOf(nanos, m);
            keptRows.put(f.key(), kept);
            writeData(out.resolve("data").resolve(f.key()), f, kept, nanos);
            rowsIn += n;
            rowsOut += m;
            List<NabWindow> ws = windows.get(f.key());
            if (ws != null) {
                ArrayNode list = labels.putArray(f.key());
                boolean[] firstOfItsTime = firstOccurrences(nanos);
                for (NabWindow w : ws) {
                    windowsIn++;
                    long start = NabTimestamps.toNanos(w.start());
                    long end = NabTimestamps.toNanos(w.end());
                    int a = -1;
                    int b = -1;
                    for (int j = 0; j < m; j++) {
                        long t = f.nanos(kept[j]);
                        if (t >= start && t <= end && firstOfItsTime[j]) {
                            if (a < 0) {
                                a = j;
                            }
                            b = j;
                        }
                    }
                    if (a >= 0) {
                        ArrayNode pair = list.addArray();
                        pair.add(NabTimestamps.format(nanos[a]) + ".000000");
                        pair.add(NabTimestamps.format(nanos[b]) + ".000000");
                        windowsOut++;
                    }
                }
            }
        }
        Path labelsFile = out.resolve("labels").resolve("combined_windows.json");
        try {
            Files.createDirectories(labelsFile.getParent());
            Files.writeString(labelsFile, labels.toPrettyString() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + labelsFile, e);
        }
        return new Summary(files.size(), rowsIn, rowsOut, windowsIn, windowsOut,
                Map.copyOf(keptRows));
    }

    /**
     * Writes {@code detector}'s results for a variant {@code out} written by {@link #write} from
     * results it produced on the full corpus: each kept row with the score its source row had,
     * under the variant's timestamp, in {@code out/results}. Scored on the variant's labels, they
     * say what the detector would score on the rows the variant keeps had it seen every row: the
     * part of a variant's loss that lies in the rows and windows it removes, not in the detector.
     *
     * @param full the detector's results on the full corpus, one series per file
     */
    public static void writeKeptScores(List<NabSeries> full, Summary summary, Path out,
            String detector) {
        Map<String, List<NabWindow>> windows =
                NabCorpus.readWindows(out.resolve("labels").resolve("combined_windows.json"));
        Map<String, NabSeries> byKey = new HashMap<>();
        for (NabSeries s : full) {
            byKey.put(s.key(), s);
        }
        for (NabDataFile f : NabDataFile.readAll(out.resolve("data"))) {
            NabSeries source = byKey.get(f.key());
            int[] kept = summary.kept().get(f.key());
            requireArgument(source != null && kept != null && kept.length == f.rows(),
                    "no full-corpus results for %s", f.key());
            double[] scores = new double[f.rows()];
            for (int j = 0; j < scores.length; j++) {
                scores[j] = source.score(kept[j]);
            }
            List<NabWindow> ws = windows.getOrDefault(f.key(), List.of());
            NabResultsWriter.write(out.resolve("results"), detector, f, scores,
                    NabLabels.labels(f, ws));
        }
    }

    private static void writeData(Path file, NabDataFile f, int[] kept, long[] nanos) {
        try {
            Files.createDirectories(file.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("timestamp,value\n");
                for (int j = 0; j < kept.length; j++) {
                    LocalDateTime t = NabTimestamps.fromNanos(nanos[j]);
                    w.write(NabTimestamps.format(t));
                    w.write(',');
                    w.write(f.valueText(kept[j]));
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Whether each row is the first with its timestamp. */
    private static boolean[] firstOccurrences(long[] nanos) {
        boolean[] first = new boolean[nanos.length];
        Map<Long, Boolean> seen = new HashMap<>();
        for (int j = 0; j < nanos.length; j++) {
            first[j] = seen.putIfAbsent(nanos[j], Boolean.TRUE) == null;
        }
        return first;
    }

    private static long medianGapNanos(NabDataFile f) {
        if (f.rows() < 2) {
            return 0;
        }
        long[] gaps = new long[f.rows() - 1];
        for (int i = 1; i < f.rows(); i++) {
            gaps[i - 1] = Math.abs(f.nanos(i) - f.nanos(i - 1));
        }
        Arrays.sort(gaps);
        return Stats.higherMedian(gaps);
    }
}
