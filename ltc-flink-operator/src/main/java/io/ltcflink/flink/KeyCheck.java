package io.ltcflink.flink;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sends readings without a usable key to the dead-letter output ({@link
 * LtcKeyedFunction#DEAD_LETTERS}) before the stream is keyed: a null key would fail the job in
 * {@code keyBy}; a key longer than {@link #MAX_KEY_LENGTH} characters would make every output
 * record larger than a Kafka broker takes (one key goes into the record key and the value); a key
 * that is not well-formed UTF-16 (a lone surrogate, which a JSON escape can yield)
 * cannot be written as JSON. Public so that other keyed operators on the same stream check keys
 * the same way.
 */
public final class KeyCheck extends ProcessFunction<SensorReading, SensorReading> {

    private static final long serialVersionUID = 1L;

    /** The longest key accepted, in UTF-16 characters (at most 4 KiB of UTF-8). */
    public static final int MAX_KEY_LENGTH = 1024;

    @Override
    public void processElement(SensorReading r, Context ctx, Collector<SensorReading> out) {
        String problem = problem(r);
        if (problem != null) {
            ctx.output(LtcKeyedFunction.DEAD_LETTERS, new RejectedReading(problem, r));
        } else {
            out.collect(r);
        }
    }

    /** Why {@code r}'s key cannot be used, or null. */
    public static String problem(SensorReading r) {
        if (r == null) {
            return RejectedReading.NULL_KEY + ": the record is null";
        }
        if (r.key == null || r.key.isEmpty()) {
            return RejectedReading.NULL_KEY + ": the reading has no sensor key";
        }
        if (r.key.length() > MAX_KEY_LENGTH) {
            return String.format("%s: the key has %s characters, at most %s are accepted",
                    RejectedReading.KEY_TOO_LONG, r.key.length(), MAX_KEY_LENGTH);
        }
        int bad = malformedAt(r.key);
        if (bad >= 0) {
            return String.format("%s: the key has a lone surrogate U+%04X at index %s",
                    RejectedReading.BAD_KEY, (int) r.key.charAt(bad), bad);
        }
        return null;
    }

    /** The index of the first lone surrogate in {@code s}, or −1. */
    public static int malformedAt(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
