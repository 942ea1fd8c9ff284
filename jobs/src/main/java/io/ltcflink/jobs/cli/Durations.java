package io.ltcflink.jobs.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses durations like {@code 500ms}, {@code 5s}, {@code 2min}, {@code 1h}, {@code 3d} (plain numbers are ms). */
final class Durations implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|min|m|h|d)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException(String.format(
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

    /** The model time unit of {@code ms}, {@code s} or {@code min}. */
    static Duration timeUnit(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "ms":
                return Duration.ofMillis(1);
            case "s":
                return Duration.ofSeconds(1);
            case "min":
                return Duration.ofMinutes(1);
            default:
                throw new CommandLine.TypeConversionException(String.format(
                        "--time-unit must be ms, s or min: %s", name));
        }
    }
}
