package io.ltcflink.jobs.cli;

import java.time.Duration;
import picocli.CommandLine;

/** picocli converter for {@link io.ltcflink.jobs.util.Durations}. */
final class Durations implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return io.ltcflink.jobs.util.Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    static Duration timeUnit(String name) {
        try {
            return io.ltcflink.jobs.util.Durations.timeUnit(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
