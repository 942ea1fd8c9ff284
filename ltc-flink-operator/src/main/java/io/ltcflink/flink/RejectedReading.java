package io.ltcflink.flink;

import java.util.Objects;

/**
 * A reading the operator did not use, with the reason: on the late output (out of order) or the
 * dead-letter output (unusable). A POJO; {@link #reading} is the record as received.
 */
public class RejectedReading {

    /** Why: a stable code (see the constants) followed by the details. */
    public String reason;
    public SensorReading reading;

    public static final String LATE = "late";
    public static final String NULL_KEY = "null-key";
    public static final String NULL_VALUES = "null-values";
    public static final String NOT_FINITE = "not-finite";
    public static final String WRONG_WIDTH = "wrong-width";
    public static final String FAR_FUTURE = "far-future";
    public static final String BEFORE_EPOCH = "before-epoch";
    public static final String KEY_TOO_LONG = "key-too-long";
    public static final String BAD_KEY = "bad-key";
    public static final String BUFFER_FULL = "buffer-full";

    public RejectedReading() {}

    public RejectedReading(String reason, SensorReading reading) {
        this.reason = reason;
        this.reading = reading;
    }

    /** The stable code at the start of {@link #reason}. */
    public String code() {
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RejectedReading
                && Objects.equals(reason, ((RejectedReading) o).reason)
                && Objects.equals(reading, ((RejectedReading) o).reading);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, reading);
    }

    @Override
    public String toString() {
        return "RejectedReading{" + reason + ", " + (reading == null ? "null" : reading.describe()) + "}";
    }
}
