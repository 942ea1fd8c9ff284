package io.ltcflink.jobs.nab;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a detector's results in NAB's layout: {@code OUT/NAME/<category>/NAME_<file>.csv} with the
 * columns {@code timestamp,value,anomaly_score,label}, one row per input row in input order, the
 * timestamp and value repeated as the input wrote them.
 */
public final class NabResultsWriter {

    private NabResultsWriter() {}

    /** The results file of {@code file} for {@code detector} under {@code out}. */
    public static Path path(Path out, String detector, NabDataFile file) {
        return out.resolve(detector).resolve(file.category())
                .resolve(detector + "_" + file.fileName());
    }

    /** Writes one file's results (through a temporary file, so a failure leaves none half-done). */
    public static Path write(Path out, String detector, NabDataFile file, double[] scores,
            int[] labels) {
        Path target = path(out, detector, file);
        Path tmp = target.resolveSibling(target.getFileName() + ".partial");
        try {
            Files.createDirectories(target.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("timestamp,value,anomaly_score,label\n");
                for (int i = 0; i < file.rows(); i++) {
                    w.write(file.timestampText(i));
                    w.write(',');
                    w.write(file.valueText(i));
                    w.write(',');
                    w.write(Double.toString(scores[i]));
                    w.write(',');
                    w.write(labels[i] == 1 ? '1' : '0');
                    w.write('\n');
                }
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
