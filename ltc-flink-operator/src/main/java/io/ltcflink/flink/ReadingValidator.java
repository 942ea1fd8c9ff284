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
     * can: no values, another width, a value that is NaN or infinite, or a timestamp more than
     * {@code maxFutureSkewMillis} ahead of the watermark (when there is one).
     *
     * @param watermark the operator's current watermark ({@link Long#MIN_VALUE}: none yet)
     * @return a reason starting with one of the {@link RejectedReading} codes, or null
     */
    public static String problem(
            SensorReading r, int channels, long watermark, long maxFutureSkewMillis) {
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
        if (watermark != Long.MIN_VALUE && r.timestamp - watermark > maxFutureSkewMillis) {
            return String.format("%s: timestamp %s is %s ms ahead of the watermark %s",
                    RejectedReading.FAR_FUTURE, r.timestamp, r.timestamp - watermark, watermark);
        }
        return null;
    }

    /** The reason for a record older than its key's last accepted one (arrival order). */
    public static String lateReason(SensorReading r, long lastTimestamp) {
        return String.format("%s: timestamp %s is %s ms before the key's last timestamp %s",
                RejectedReading.LATE, r.timestamp, lastTimestamp - r.timestamp, lastTimestamp);
    }
}
