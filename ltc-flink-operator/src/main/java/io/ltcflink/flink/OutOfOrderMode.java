package io.ltcflink.flink;

import java.util.Locale;

/** What the operator does with a record older than its key's last one. */
public enum OutOfOrderMode {
    /**
     * Process records as they arrive (lowest latency); a record older than its key's last one goes
     * to the late output with the reason.
     */
    ARRIVAL,
    /**
     * Buffer records per key and release them in event-time order when the watermark passes them;
     * records behind the watermark go to the late output.
     */
    EVENT_TIME;

    /** Parses {@code arrival} or {@code event-time}. */
    public static OutOfOrderMode fromName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "arrival":
                return ARRIVAL;
            case "event-time":
            case "event_time":
                return EVENT_TIME;
            default:
                throw new IllegalArgumentException(String.format(
                        "unknown out-of-order mode '%s': expected arrival or event-time", name));
        }
    }
}
