package io.ltcflink.core;

/**
 * Fail-fast argument and state checks with {@code %s} message templates.
 *
 * <p>Messages are formatted only when a check fails, so the checks cost nothing on the hot path
 * beyond the comparison itself.
 */
public final class Checks {

    private Checks() {}

    /** Throws {@link IllegalArgumentException} with the formatted message if {@code condition} is false. */
    public static void requireArgument(boolean condition, String template, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(template, args));
        }
    }

    /** Throws {@link IllegalStateException} with the formatted message if {@code condition} is false. */
    public static void requireState(boolean condition, String template, Object... args) {
        if (!condition) {
            throw new IllegalStateException(String.format(template, args));
        }
    }

    /** Requires {@code array.length == expected}; names the array in the message. */
    public static void requireLength(double[] array, int expected, String name) {
        if (array == null) {
            throw new IllegalArgumentException(String.format("%s must not be null", name));
        }
        if (array.length != expected) {
            throw new IllegalArgumentException(
                    String.format("%s: expected length %s but found %s", name, expected, array.length));
        }
    }

    /**
     * Requires a usable timespan: finite and non-negative. Zero is allowed (callers decide what a
     * zero gap means).
     */
    public static void requireTimespan(double dt) {
        if (!(dt >= 0.0) || Double.isInfinite(dt)) {
            throw new IllegalArgumentException(
                    String.format("dt must be finite and non-negative: %s", dt));
        }
    }

    /**
     * Requires every value of {@code values} to be finite; the message names the array, the index
     * and the value.
     */
    public static void requireFinite(double[] values, String name) {
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v - v != 0.0) {
                throw new IllegalArgumentException(
                        String.format("%s[%s] must be finite: %s", name, i, v));
            }
        }
    }
}
