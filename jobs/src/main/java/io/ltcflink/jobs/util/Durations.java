package io.ltcflink.jobs.util;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations like {@code 500ms}, {@code 5s}, {@code 2min}, {@code 1h}, {@code 3d}; a plain number is milliseconds. */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|min|m|h|d)?");

    private Durations() {}

    /** @throws IllegalArgumentException naming the text when it is not a duration */
    public static Duration parse(String value) {
        Matcher m = FORM.matcher(value == null ? "" : value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(String.format(
                    "'%s' is not a duration: use a number with ms, s, min, h or d (e.g. 500ms, 5s)",
                    value));
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        double millis;
        switch (unit) {
            case "ms":
                millis = n;
                break;
            case "s":
                millis = n * 1e3;
                break;
            case "m":
            case "min":
                millis = n * 60e3;
                break;
            case "h":
                millis = n * 3600e3;
                break;
            default:
                millis = n * 86400e3;
                break;
        }
        return Duration.ofNanos(Math.round(millis * 1e6));
    }

    /** The model time unit named {@code ms}, {@code s} or {@code min}. */
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
