package io.ltcflink.jobs.nab;

import static io.ltcflink.core.Checks.requireArgument;

import java.time.LocalDateTime;
import java.util.List;

/**
 * One NAB data file as the scorer sees it: its key ({@code <category>/<file>.csv}), the timestamp
 * of every row, the detector's anomaly score of every row, and the file's labelled windows.
 *
 * <p>Timestamps need not be increasing or distinct (NAB's corpus has repeated timestamps and one
 * step back); positions are row indices. Each window end must be a timestamp of the file, the
 * first row with that timestamp marks the end, and the windows must follow one another in row
 * order without overlapping. Instances are immutable.
 */
public final class NabSeries {

    private final String key;
    private final long[] timestamps;
    private final double[] scores;
    private final List<NabWindow> windows;
    private final int[] windowStarts;
    private final int[] windowEnds;

    NabSeries(String key, long[] timestamps, double[] scores, List<NabWindow> windows) {
        requireArgument(key != null && !key.isBlank(), "series key must not be blank: '%s'", key);
        requireArgument(timestamps.length == scores.length,
                "%s: %s timestamps but %s anomaly scores", key, timestamps.length, scores.length);
        requireArgument(timestamps.length > 0, "%s: no rows", key);
        for (int i = 0; i < scores.length; i++) {
            requireArgument(Double.isFinite(scores[i]),
                    "%s: the anomaly score of row %s must be finite: %s", key, i, scores[i]);
        }
        requireArgument(windows != null, "%s: windows must not be null", key);
        this.key = key;
        this.timestamps = timestamps;
        this.scores = scores;
        this.windows = List.copyOf(windows);
        this.windowStarts = new int[windows.size()];
        this.windowEnds = new int[windows.size()];
        int previousEnd = -1;
        for (int w = 0; w < windows.size(); w++) {
            NabWindow window = windows.get(w);
            int start = firstRow(NabTimestamps.toNanos(window.start()));
            int end = firstRow(NabTimestamps.toNanos(window.end()));
            requireArgument(start >= 0, "%s: window %s starts at %s, which is not a timestamp of "
                    + "the file", key, window, NabTimestamps.format(window.start()));
            requireArgument(end >= 0, "%s: window %s ends at %s, which is not a timestamp of the "
                    + "file", key, window, NabTimestamps.format(window.end()));
            requireArgument(start <= end,
                    "%s: window %s ends at row %s, before its start at row %s", key, window, end,
                    start);
            requireArgument(start > previousEnd, "%s: window %s (rows %s to %s) overlaps or "
                    + "precedes the window before it (ending at row %s); windows must be in order",
                    key, window, start, end, previousEnd);
            windowStarts[w] = start;
            windowEnds[w] = end;
            previousEnd = end;
        }
    }

    /**
     * A series from parallel lists of timestamps and anomaly scores.
     *
     * @param key the data file's key, {@code <category>/<file>.csv}
     * @param timestamps the timestamp of every row
     * @param anomalyScores the detector's score of every row, finite; not modified, copied
     * @param windows the file's labelled windows in row order; may be empty
     */
    public static NabSeries of(String key, List<LocalDateTime> timestamps, double[] anomalyScores,
            List<NabWindow> windows) {
        long[] nanos = new long[timestamps.size()];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = NabTimestamps.toNanos(timestamps.get(i));
        }
        return new NabSeries(key, nanos, anomalyScores.clone(), windows);
    }

    /** The data file's key, {@code <category>/<file>.csv}. */
    public String key() {
        return key;
    }

    /** The part of the key before its last {@code /}, or the empty string. */
    public String category() {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    public int rows() {
        return scores.length;
    }

    public List<NabWindow> windows() {
        return windows;
    }

    /** The timestamp of {@code row}, as {@link NabTimestamps} encodes it. */
    long timestamp(int row) {
        return timestamps[row];
    }

    double score(int row) {
        return scores[row];
    }

    /** Row index of the first row of window {@code w}. */
    int windowStart(int w) {
        return windowStarts[w];
    }

    /** Row index of the last row of window {@code w} (the first row with its end timestamp). */
    int windowEnd(int w) {
        return windowEnds[w];
    }

    private int firstRow(long nanos) {
        for (int i = 0; i < timestamps.length; i++) {
            if (timestamps[i] == nanos) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return key + " (" + scores.length + " rows, " + windows.size() + " windows)";
    }
}
