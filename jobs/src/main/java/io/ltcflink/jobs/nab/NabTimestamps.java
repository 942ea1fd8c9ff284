package io.ltcflink.jobs.nab;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * NAB timestamps, {@code YYYY-MM-DD HH:MM:SS} with an optional fraction of up to nine digits (the
 * labels carry {@code .000000}) and {@code T} accepted for the space, held as nanoseconds since
 * 1970-01-01T00:00 in a {@code long} so that equal instants compare equal whatever their spelling.
 */
final class NabTimestamps {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private NabTimestamps() {}

    /** Parses a timestamp; throws {@link IllegalArgumentException} naming the text if malformed. */
    static long parse(String text) {
        String s = text.strip();
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-'
                || (s.charAt(10) != ' ' && s.charAt(10) != 'T')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            throw malformed(text);
        }
        int nano = 0;
        if (n > 19) {
            if (s.charAt(19) != '.' || n == 20 || n > 29) {
                throw malformed(text);
            }
            nano = digits(s, 20, n, text);
            for (int k = n; k < 29; k++) {
                nano *= 10;
            }
        }
        try {
            LocalDateTime t = LocalDateTime.of(digits(s, 0, 4, text), digits(s, 5, 7, text),
                    digits(s, 8, 10, text), digits(s, 11, 13, text), digits(s, 14, 16, text),
                    digits(s, 17, 19, text), nano);
            return toNanos(t);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    String.format("not a valid timestamp: '%s' (%s)", text, e.getMessage()), e);
        }
    }

    static long toNanos(LocalDateTime t) {
        return t.toEpochSecond(ZoneOffset.UTC) * NANOS_PER_SECOND + t.getNano();
    }

    static LocalDateTime fromNanos(long nanos) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND),
                (int) Math.floorMod(nanos, NANOS_PER_SECOND), ZoneOffset.UTC);
    }

    /** {@code YYYY-MM-DD HH:MM:SS}, with the fraction only when it is not zero. */
    static String format(LocalDateTime t) {
        String s = String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
        if (t.getNano() == 0) {
            return s;
        }
        String fraction = String.format("%09d", t.getNano()).replaceFirst("0+$", "");
        return s + "." + fraction;
    }

    static String format(long nanos) {
        return format(fromNanos(nanos));
    }

    private static int digits(String s, int from, int to, String text) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw malformed(text);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static IllegalArgumentException malformed(String text) {
        return new IllegalArgumentException(String.format(
                "not a timestamp (expected YYYY-MM-DD HH:MM:SS[.fraction]): '%s'", text));
    }
}
