package io.ltcflink.jobs.nab;

import static io.ltcflink.core.Checks.requireArgument;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.jobs.util.CsvRows;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads a corpus in NAB's layout: data files {@code DATA/<category>/<file>.csv} (columns
 * {@code timestamp,value}), the windows file ({@code labels/combined_windows.json}, keyed by
 * {@code <category>/<file>.csv}), the profiles file ({@code config/profiles.json}) and a
 * detector's results {@code RESULTS/<detector>/<category>/<detector>_<file>.csv}.
 *
 * <p>A results file needs the columns {@code timestamp} and {@code anomaly_score}, found by header
 * name among any others. CSV files are read as RFC 4180, so a quoted field may hold commas. Any
 * CSV may instead be stored gzipped as {@code ….csv.gz}. Malformed content fails with an {@link
 * IllegalArgumentException} naming the file and line; unreadable files with an {@link
 * UncheckedIOException}.
 */
public final class NabCorpus {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NabCorpus() {}

    /** The windows of every labelled file, by key, sorted by key. */
    public static Map<String, List<NabWindow>> readWindows(Path labelsFile) {
        JsonNode root = readJson(labelsFile);
        requireArgument(root.isObject(),
                "labels %s: expected an object keyed by <category>/<file>.csv", labelsFile);
        Map<String, List<NabWindow>> windows = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode list = e.getValue();
            requireArgument(list.isArray(), "labels %s: %s: expected a list of [start, end] pairs",
                    labelsFile, e.getKey());
            List<NabWindow> ws = new ArrayList<>(list.size());
            for (JsonNode pair : list) {
                requireArgument(pair.isArray() && pair.size() == 2 && pair.get(0).isTextual()
                                && pair.get(1).isTextual(),
                        "labels %s: %s: expected a [start, end] pair of timestamps but found %s",
                        labelsFile, e.getKey(), pair);
                try {
                    ws.add(new NabWindow(dateTime(pair.get(0).asText()),
                            dateTime(pair.get(1).asText())));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(String.format("labels %s: %s: %s",
                            labelsFile, e.getKey(), ex.getMessage()), ex);
                }
            }
            windows.put(e.getKey(), List.copyOf(ws));
        }
        return windows;
    }

    /** The profiles of a NAB profiles file, in the file's order. */
    public static List<NabProfile> readProfiles(Path profilesFile) {
        JsonNode root = readJson(profilesFile);
        requireArgument(root.isObject() && root.size() > 0,
                "profiles %s: expected an object of profiles", profilesFile);
        List<NabProfile> profiles = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode costs = e.getValue().path("CostMatrix");
            double[] w = new double[3];
            String[] names = {"tpWeight", "fpWeight", "fnWeight"};
            for (int k = 0; k < 3; k++) {
                JsonNode v = costs.path(names[k]);
                requireArgument(v.isNumber(), "profiles %s: %s: CostMatrix.%s must be a number",
                        profilesFile, e.getKey(), names[k]);
                w[k] = v.doubleValue();
            }
            try {
                profiles.add(new NabProfile(e.getKey(), w[0], w[1], w[2]));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(
                        String.format("profiles %s: %s", profilesFile, ex.getMessage()), ex);
            }
        }
        return profiles;
    }

    /**
     * A detector's stored thresholds from a file in the layout of NAB's
     * {@code config/thresholds.json}: {@code {detector: {profile: {"threshold": t, …}}}}.
     *
     * @return the threshold of each of the detector's profiles, by profile name
     */
    public static Map<String, Double> readThresholds(Path thresholdsFile, String detector) {
        JsonNode root = readJson(thresholdsFile);
        JsonNode entry = root.path(detector);
        if (!entry.isObject()) {
            List<String> names = new ArrayList<>();
            root.fieldNames().forEachRemaining(names::add);
            throw new IllegalArgumentException(String.format(
                    "thresholds %s: no entry for detector '%s'; it has %s",
                    thresholdsFile, detector, names));
        }
        Map<String, Double> thresholds = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode t = e.getValue().path("threshold");
            requireArgument(t.isNumber(), "thresholds %s: %s.%s.threshold must be a number",
                    thresholdsFile, detector, e.getKey());
            thresholds.put(e.getKey(), t.doubleValue());
        }
        return thresholds;
    }

    /**
     * A detector's results for every data file under {@code dataDir}, sorted by key. Each data file
     * needs windows in {@code windows} and a results file with as many rows and the same
     * timestamps; labelled files without data and results files without data are ignored.
     *
     * @param dataDir the folder of {@code <category>/<file>.csv}
     * @param windows from {@link #readWindows}
     * @param resultsDir the folder holding {@code <detector>/<category>/<detector>_<file>.csv}
     * @param detector the detector's name
     */
    public static List<NabSeries> load(Path dataDir, Map<String, List<NabWindow>> windows,
            Path resultsDir, String detector) {
        return load(dataDir, windows, resultsDir, detector,
                w -> System.err.println("warning: " + w));
    }

    /**
     * As {@link #load(Path, Map, Path, String)}. A results file whose timestamps differ from its
     * data file's (some published results are shifted by a row) is scored as NAB's own scorer
     * scores it, taking the anomaly scores by row and the timestamps from the data file; {@code
     * warnings} is told which file and the first row that differs.
     */
    public static List<NabSeries> load(Path dataDir, Map<String, List<NabWindow>> windows,
            Path resultsDir, String detector, java.util.function.Consumer<String> warnings) {
        List<String> keys = dataKeys(dataDir);
        List<String> unlabelled = keys.stream().filter(k -> !windows.containsKey(k)).toList();
        requireArgument(unlabelled.isEmpty(), "data file%s %s ha%s no entry in the labels (the "
                        + "windows file must list every data file, [] if it has no anomalies)",
                unlabelled.size() == 1 ? "" : "s", String.join(", ", unlabelled),
                unlabelled.size() == 1 ? "s" : "ve");
        List<NabSeries> series = new ArrayList<>(keys.size());
        for (String key : keys) {
            List<NabWindow> ws = windows.get(key);
            Path dataFile = existing(dataDir.resolve(key), "data file");
            long[] expected = readTimestamps(dataFile);
            Path resultsFile = resultsFile(resultsDir, detector, key);
            Results r = readResults(resultsFile);
            requireArgument(r.timestamps.length == expected.length,
                    "results file %s has %s rows but data file %s has %s",
                    resultsFile, r.timestamps.length, dataFile, expected.length);
            for (int i = 0; i < expected.length; i++) {
                if (r.timestamps[i] != expected[i]) {
                    warnings.accept(String.format(
                            "results file %s, row %s (line %s): timestamp %s differs from %s in "
                                    + "data file %s; scored as NAB does, by row, with the data"
                                    + " file's timestamps",
                            resultsFile, i + 1, r.lines[i], NabTimestamps.format(r.timestamps[i]),
                            NabTimestamps.format(expected[i]), dataFile));
                    r.timestamps = expected.clone();
                    break;
                }
            }
            series.add(series(key, r, ws));
        }
        return series;
    }

    /**
     * A detector's results for every labelled file, sorted by key, without the data files: the
     * rows and timestamps are the results files'.
     */
    public static List<NabSeries> loadResults(Map<String, List<NabWindow>> windows,
            Path resultsDir, String detector) {
        requireArgument(!windows.isEmpty(), "the labels list no files");
        List<NabSeries> series = new ArrayList<>(windows.size());
        for (Map.Entry<String, List<NabWindow>> e : new TreeMap<>(windows).entrySet()) {
            Path file = resultsFile(resultsDir, detector, e.getKey());
            series.add(series(e.getKey(), readResults(file), e.getValue()));
        }
        return series;
    }

    /** {@code resultsDir/<detector>/<category>/<detector>_<file>.csv}, or its {@code .gz}. */
    private static Path resultsFile(Path resultsDir, String detector, String key) {
        requireArgument(detector != null && !detector.isBlank() && !detector.contains("/")
                && !detector.contains("\\"), "not a detector name: '%s'", detector);
        int slash = key.lastIndexOf('/');
        String category = slash < 0 ? "" : key.substring(0, slash);
        String file = key.substring(slash + 1);
        Path p = resultsDir.resolve(detector).resolve(category).resolve(detector + "_" + file);
        return existing(p, "results file for " + key);
    }

    private static NabSeries series(String key, Results r, List<NabWindow> windows) {
        try {
            return new NabSeries(key, r.timestamps, r.scores, windows);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(String.format("%s (results %s)", e.getMessage(),
                    r.file), e);
        }
    }

    /** The keys {@code <category>/<file>.csv} of the data files under {@code dataDir}, sorted. */
    static List<String> dataKeys(Path dataDir) {
        requireArgument(Files.isDirectory(dataDir), "data folder %s does not exist", dataDir);
        List<String> keys = new ArrayList<>();
        try (Stream<Path> categories = Files.list(dataDir)) {
            for (Path category : categories.filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.list(category)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        String name = f.getFileName().toString();
                        if (name.startsWith(".")) {
                            continue;
                        }
                        if (name.endsWith(".csv.gz")) {
                            name = name.substring(0, name.length() - 3);
                        }
                        if (name.endsWith(".csv")) {
                            keys.add(category.getFileName() + "/" + name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list data folder " + dataDir, e);
        }
        requireArgument(!keys.isEmpty(), "no data files <category>/<file>.csv under %s", dataDir);
        keys.sort(null);
        return keys;
    }

    /** The path, or its {@code .gz} sibling if only that exists. */
    static Path existing(Path csv, String what) {
        if (Files.isRegularFile(csv)) {
            return csv;
        }
        Path gz = csv.resolveSibling(csv.getFileName() + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new IllegalArgumentException(String.format("missing %s: %s", what, csv));
    }

    private static long[] readTimestamps(Path dataFile) {
        return read(dataFile, "timestamp", null).timestamps;
    }

    private static Results readResults(Path resultsFile) {
        return read(resultsFile, "timestamp", "anomaly_score");
    }

    /** Reads the timestamp column and, if {@code scoreColumn} is given, that column. */
    private static Results read(Path file, String timeColumn, String scoreColumn) {
        try (CsvRows rows = csv(file)) {
            String[] names = header(rows, file);
            String header = Arrays.toString(names);
            int t = column(names, timeColumn, file, header);
            int s = scoreColumn == null ? -1 : column(names, scoreColumn, file, header);
            int width = Math.max(t, s) + 1;
            Results r = new Results(file);
            while (rows.next()) {
                int line = rows.line();
                String[] cols = rows.fields();
                if (cols.length < width) {
                    throw new IllegalArgumentException(String.format(
                            "%s line %s: expected at least %s columns but found %s: '%s'",
                            file, line, width, cols.length, abbreviate(rows.text())));
                }
                long time;
                try {
                    time = NabTimestamps.parse(cols[t]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(String.format("%s line %s, column %s: %s",
                            file, line, timeColumn, e.getMessage()), e);
                }
                double score = 0;
                if (s >= 0) {
                    String v = cols[s];
                    try {
                        score = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(String.format(
                                "%s line %s, column %s: not a number: '%s'",
                                file, line, scoreColumn, abbreviate(v)), e);
                    }
                    requireArgument(Double.isFinite(score),
                            "%s line %s, column %s: must be a finite number: '%s'",
                            file, line, scoreColumn, v);
                }
                r.add(time, score, line);
            }
            requireArgument(r.size > 0, "%s: no rows after the header", file);
            return r.trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The index of the column named {@code wanted} (in any case).
     *
     * @param header the header as the error message quotes it
     * @throws IllegalArgumentException naming the file, the column and the header when absent
     */
    static int column(String[] names, String wanted, Path file, String header) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(wanted)) {
                return i;
            }
        }
        throw new IllegalArgumentException(String.format("%s: no column '%s' in the header %s",
                file, wanted, header));
    }

    /** The rows of a CSV file of the corpus, plain or gzipped ({@code .gz}). */
    static CsvRows csv(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return CsvRows.open(
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16),
                file);
    }

    /** The column names of the header row, the first row that is not blank. */
    static String[] header(CsvRows rows, Path file) throws IOException {
        requireArgument(rows.next(), "%s: empty file, expected a header", file);
        return rows.fields();
    }

    private static JsonNode readJson(Path file) {
        requireArgument(Files.isRegularFile(file), "missing file %s", file);
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JSON " + file, e);
        }
    }

    private static LocalDateTime dateTime(String text) {
        return NabTimestamps.fromNanos(NabTimestamps.parse(text));
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** Growable columns of one CSV file. */
    private static final class Results {
        final Path file;
        long[] timestamps = new long[1024];
        double[] scores = new double[1024];
        int[] lines = new int[1024];
        int size;

        Results(Path file) {
            this.file = file;
        }

        void add(long time, double score, int line) {
            if (size == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, 2 * size);
                scores = Arrays.copyOf(scores, 2 * size);
                lines = Arrays.copyOf(lines, 2 * size);
            }
            timestamps[size] = time;
            scores[size] = score;
            lines[size] = line;
            size++;
        }

        Results trim() {
            timestamps = Arrays.copyOf(timestamps, size);
            scores = Arrays.copyOf(scores, size);
            lines = Arrays.copyOf(lines, size);
            return this;
        }
    }
}
