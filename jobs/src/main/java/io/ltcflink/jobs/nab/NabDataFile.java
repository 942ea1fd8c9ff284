package io.ltcflink.jobs.nab;

import static io.ltcflink.core.Checks.requireArgument;

import io.ltcflink.jobs.util.CsvRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * One data file of a NAB-layout folder, {@code <category>/<file>.csv} with columns {@code
 * timestamp,value} (RFC 4180 CSV, found by header name among any others): the rows in file order,
 * each with its text as written (so results can repeat it exactly), its time and its value.
 * Immutable.
 */
public final class NabDataFile {

    private final String key;
    private final String[] timestampText;
    private final String[] valueText;
    private final long[] nanos;
    private final double[] values;

    private NabDataFile(String key, String[] timestampText, String[] valueText, long[] nanos,
            double[] values) {
        this.key = key;
        this.timestampText = timestampText;
        this.valueText = valueText;
        this.nanos = nanos;
        this.values = values;
    }

    /** Every data file under {@code dataDir} (plain or {@code .csv.gz}), sorted by key. */
    public static List<NabDataFile> readAll(Path dataDir) {
        List<NabDataFile> files = new ArrayList<>();
        for (String key : NabCorpus.dataKeys(dataDir)) {
            files.add(read(key, NabCorpus.existing(dataDir.resolve(key), "data file")));
        }
        return files;
    }

    /** Reads one file; malformed rows fail with the file and line. */
    static NabDataFile read(String key, Path file) {
        List<String[]> rows = new ArrayList<>();
        try (CsvRows csv = NabCorpus.csv(file)) {
            String[] names = NabCorpus.header(csv, file);
            String header = String.join(",", names);
            int t = NabCorpus.column(names, "timestamp", file, header);
            int v = NabCorpus.column(names, "value", file, header);
            while (csv.next()) {
                String[] cols = csv.fields();
                requireArgument(cols.length > Math.max(t, v),
                        "%s line %s: expected the columns timestamp and value but found '%s'",
                        file, csv.line(), csv.text());
                rows.add(new String[] {cols[t], cols[v], Integer.toString(csv.line())});
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        requireArgument(!rows.isEmpty(), "%s: no rows after the header", file);
        int n = rows.size();
        String[] ts = new String[n];
        String[] vs = new String[n];
        long[] nanos = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            String[] r = rows.get(i);
            ts[i] = r[0];
            vs[i] = r[1];
            try {
                nanos[i] = NabTimestamps.parse(r[0]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(String.format("%s line %s, column timestamp: %s",
                        file, r[2], e.getMessage()), e);
            }
            try {
                values[i] = Double.parseDouble(r[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(String.format(
                        "%s line %s, column value: not a number: '%s'", file, r[2], r[1]), e);
            }
        }
        return new NabDataFile(key, ts, vs, nanos, values);
    }

    /** {@code <category>/<file>.csv}. */
    public String key() {
        return key;
    }

    /** The part of the key before its last {@code /}. */
    public String category() {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    /** The file name without the category. */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    public int rows() {
        return values.length;
    }

    /** Row i's timestamp as written in the file. */
    public String timestampText(int i) {
        return timestampText[i];
    }

    /** Row i's value as written in the file. */
    public String valueText(int i) {
        return valueText[i];
    }

    /** Row i's time in epoch milliseconds (the timestamp read as UTC). */
    public long epochMillis(int i) {
        return Math.floorDiv(nanos[i], 1_000_000L);
    }

    public double value(int i) {
        return values[i];
    }

    /** Row i's time as a date-time. */
    public LocalDateTime dateTime(int i) {
        return NabTimestamps.fromNanos(nanos[i]);
    }

    long nanos(int i) {
        return nanos[i];
    }

    @Override
    public String toString() {
        return key + " (" + values.length + " rows)";
    }
}
