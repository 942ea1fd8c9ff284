package io.ltcflink.jobs.cli;

import io.ltcflink.core.cell.NumericMode;
import picocli.CommandLine;

/** picocli converter for {@link NumericMode}'s file names ({@code exact}, {@code fast}). */
final class NumericModes implements CommandLine.ITypeConverter<NumericMode> {

    @Override
    public NumericMode convert(String value) {
        try {
            return NumericMode.fromFileName(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
