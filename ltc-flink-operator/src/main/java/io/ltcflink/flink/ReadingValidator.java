package io.ltcflink.flink;

/**
 * The checks every keyed model operator applies to a keyed reading, with the reasons that go to
 * the dead-letter and late outputs: one place, so that the LTC operator and other operators on the
 * same stream (the LSTM sidecar) reject exactly the same records for the same stated reasons.
 */
public final class ReadingValidator {

    private ReadingValidator() {}

    /**
     * Why {@code r} cannot be used by a model that reads {@code channels} values, or null if it
     * can: no values, another width, a value that is NaN or infinite, a timestamp more than {@code
     * maxFutureSkewMillis} ahead of the watermark (when there is one), or, when the clock bound is
     * on, a timestamp before the epoch or more than {@code maxAheadOfClockMillis} ahead of the
     * processing clock. The clock bound covers a key's first record and the time before the first
     * watermark, and keeps out timestamps that Kafka cannot carry on the outputs: a producer
     * refuses negative timestamps, and brokers refuse records too far ahead of their own clock
     * ({@code log.message.timestamp.after.max.ms}, one hour by default).
     *
     * @param watermark the operator's current watermark ({@link Long#MIN_VALUE}: none yet)
     * @param nowMillis the processing clock, epoch milliseconds
     * @param maxAheadOfClockMillis the clock bound; negative: none
     * @return a reason starting with one of the {@link RejectedReading} codes, or null
     */
    public static String problem(SensorReading r, int channels, long watermark,
            long maxFutureSkewMillis, long nowMillis, long maxAheadOfClockMillis) {
        if (r.values == null) {
            return RejectedReading.NULL_VALUES + ": the reading has no values";
        }
        if (r.values.length != channels) {
            return String.format("%s: expected %s values but found %s", RejectedReading.WRONG_WIDTH,
                    channels, r.values.length);
        }
        for (int i = 0; i < r.values.length; i++) {
            if (!Double.isFinite(r.values[i])) {
                return String.format("%s: values[%s] is %s", RejectedReading.NOT_FINITE, i,
                        r.values[i]);
            }
        }
        if (maxAheadOfClockMillis >= 0) {
            if (r.timestamp < 0) {
                return String.format("%s: timestamp %s is before the epoch",
                        RejectedReading.BEFORE_EPOCH, r.timestamp);
            }
            if (aheadBy(r.timestamp, nowMillis) > maxAheadOfClockMillis) {
                return String.format("%s: timestamp %s is %s ms ahead of the clock %s (at most %s)",
                        RejectedReading.FAR_FUTURE, r.timestamp, r.timestamp - nowMillis,
                        nowMillis, maxAheadOfClockMillis);
            }
        }
        if (watermark != Long.MIN_VALUE && aheadBy(r.timestamp, watermark) > maxFutureSkewMillis) {
            return String.format("%s: timestamp %s is %s ms ahead of the watermark %s",
                    RejectedReading.FAR_FUTURE, r.timestamp, r.timestamp - watermark, watermark);
        }
        return null;
    }

    /**
     * Whether a timestamp may be given to a record in event time by a source that applies a clock
     * bound of {@code maxAheadOfClockMillis} (negative: none): not before the epoch and not too far
     * ahead. A source gives other records no timestamp, so that one far-future record cannot push
     * the watermark beyond every later record; the operator then rejects them with the reason.
     */
    public static boolean withinClockBound(
            long timestamp, long nowMillis, long maxAheadOfClockMillis) {
        return maxAheadOfClockMillis < 0
                || (timestamp >= 0 && aheadBy(timestamp, nowMillis) <= maxAheadOfClockMillis);
    }

    /** {@code t − reference}, saturated instead of overflowing; 0 when {@code t} is not ahead. */
    private static long aheadBy(long t, long reference) {
        if (t <= reference) {
            return 0;
        }
        long d = t - reference;
        return d < 0 ? Long.MAX_VALUE : d;
    }

    /** The reason for a record older than its key's last accepted one (arrival order). */
    public static String lateReason(SensorReading r, long lastTimestamp) {
        return String.format("%s: timestamp %s is %s ms before the key's last timestamp %s",
                RejectedReading.LATE, r.timestamp, lastTimestamp - r.timestamp, lastTimestamp);
    }

    /** The reason for a record at or behind the watermark (event-time order). */
    public static String behindWatermarkReason(long timestamp, long watermark) {
        return String.format("%s: timestamp %s is at or behind the watermark %s",
                RejectedReading.LATE, timestamp, watermark);
    }

    /** The reason for a record its key has no room to hold back for the watermark. */
    public static String bufferFullReason(int held) {
        return String.format("%s: key already holds %s records waiting for the watermark",
                RejectedReading.BUFFER_FULL, held);
    }
}
