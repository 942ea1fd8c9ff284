package io.ltcflink.jobs.nab;

import java.util.ArrayList;
import java.util.List;

/**
 * A data file's labelled windows as its rows see them: a label per row (1 inside a window, by
 * time, ends included) and the windows as scorable row ranges.
 *
 * <p>NAB's windows start and end on timestamps of the file. In a folder derived from NAB (rows
 * dropped, timestamps jittered) a window's ends may be gone; such a window is moved inwards to the
 * first row at or after its start and the last row at or before its end, and dropped when no row
 * is left in it. On NAB's own files this changes nothing.
 */
public final class NabLabels {

    private NabLabels() {}

    /** 1 for rows whose time lies in a window, else 0. */
    public static int[] labels(NabDataFile file, List<NabWindow> windows) {
        int[] label = new int[file.rows()];
        for (NabWindow w : windows) {
            long start = NabTimestamps.toNanos(w.start());
            long end = NabTimestamps.toNanos(w.end());
            for (int i = 0; i < label.length; i++) {
                long t = file.nanos(i);
                if (t >= start && t <= end) {
                    label[i] = 1;
                }
            }
        }
        return label;
    }

    /** The windows with both ends on timestamps of the file (see the class comment). */
    public static List<NabWindow> scorable(NabDataFile file, List<NabWindow> windows) {
        List<NabWindow> out = new ArrayList<>(windows.size());
        for (NabWindow w : windows) {
            long start = NabTimestamps.toNanos(w.start());
            long end = NabTimestamps.toNanos(w.end());
            if (present(file, start) && present(file, end)) {
                out.add(w);
                continue;
            }
            int first = -1;
            int last = -1;
            for (int i = 0; i < file.rows(); i++) {
                long t = file.nanos(i);
                if (t >= start && t <= end) {
                    if (first < 0) {
                        first = i;
                    }
                    last = i;
                }
            }
            if (first >= 0) {
                out.add(new NabWindow(file.dateTime(first), file.dateTime(last)));
            }
        }
        return out;
    }

    private static boolean present(NabDataFile file, long nanos) {
        for (int i = 0; i < file.rows(); i++) {
            if (file.nanos(i) == nanos) {
                return true;
            }
        }
        return false;
    }
}
