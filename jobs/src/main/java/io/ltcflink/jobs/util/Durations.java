package io.ltcflink.jobs.util;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.util.TimeUtils;

/**
 * Durations as the command line and job settings write them: {@code 500ms}, {@code 5s},
 * {@code 2min} (or {@code 2m}), {@code 1h}, {@code 3d}, a plain number being milliseconds. Parsing
 * is Flink's {@link TimeUtils#parseDuration}, so every form Flink's own configuration accepts is
 * accepted too; on top of it a number may have a fraction ({@code 1.5s}, {@code 0.25h}).
 */
public final class Durations {

    /** A number with a fraction, then the unit as Flink reads it (possibly none). */
    private static final Pattern FRACTION = Pattern.compile("(\\d+\\.\\d+)(\\s*\\D.*)?");

    private Durations() {}

    /**
     * Parses a duration.
     *
     * @param value such as {@code 500ms}, {@code 1.5s} or {@code 250} (milliseconds)
     * @return the duration, never negative
     * @throws IllegalArgumentException naming the text when it is not a duration
     */
    public static Duration parse(String value) {
        Duration d;
        try {
            d = parseNonNull(value == null ? "" : value.trim());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw notADuration(value);
        }
        if (d.isNegative()) {
            throw notADuration(value);
        }
        return d;
    }

    /**
     * Flink's parse, with a fractional number scaled by the unit: the unit's length in
     * milliseconds times the number, rounded to the nanosecond.
     */
    private static Duration parseNonNull(String text) {
        Matcher m = FRACTION.matcher(text);
        if (!m.matches()) {
            return TimeUtils.parseDuration(text);
        }
        String unit = m.group(2) == null ? "" : m.group(2).trim();
        double unitMillis = TimeUtils.parseDuration("1" + unit).toNanos() / 1e6;
        double millis = Double.parseDouble(m.group(1)) * unitMillis;
        return Duration.ofNanos(Math.round(millis * 1e6));
    }

    private static IllegalArgumentException notADuration(String value) {
        return new IllegalArgumentException(String.format(
                "'%s' is not a duration: use a number with ms, s, min, h or d (e.g. 500ms, 5s)",
                value));
    }

    /**
     * The model time unit named {@code ms}, {@code s} or {@code min}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Duration timeUnit(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "ms":
                return Duration.ofMillis(1);
            case "s":
                return Duration.ofSeconds(1);
            case "min":
                return Duration.ofMinutes(1);
            default:
                throw new IllegalArgumentException(
                        String.format("time unit must be ms, s or min: %s", name));
        }
    }
}
