package io.ltcflink.jobs.nab;

import static io.ltcflink.core.Checks.requireArgument;

import java.time.LocalDateTime;

/**
 * One labelled anomaly window, both ends inclusive. Both ends must be timestamps of the file's
 * rows, as in NAB's {@code labels/combined_windows.json}.
 */
public record NabWindow(LocalDateTime start, LocalDateTime end) {

    public NabWindow {
        requireArgument(start != null && end != null, "window ends must not be null: [%s, %s]",
                start, end);
        requireArgument(!end.isBefore(start), "window ends before it starts: [%s, %s]", start, end);
    }

    @Override
    public String toString() {
        return "[" + NabTimestamps.format(start) + ", " + NabTimestamps.format(end) + "]";
    }
}
