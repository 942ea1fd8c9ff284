package io.ltcflink.jobs.cli;

import io.ltcflink.core.data.AnomalySpec;
import io.ltcflink.core.data.Generator;
import io.ltcflink.core.data.Sampling;
import io.ltcflink.core.data.SeriesCsv;
import io.ltcflink.core.data.SystemKind;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltc data --system NAME --out FILE.csv}: generates a labelled, irregularly sampled series
 * with the project's one generator and writes it as CSV ({@code t,dt,x0,…,label}), streaming, so
 * long runs need little memory.
 */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Generate a chaotic series with sampling faults and labelled anomalies"
                + " as CSV.")
final class DataCommand implements Callable<Integer> {

    @Option(names = "--system", required = true, paramLabel = "lorenz|mackey-glass|oscillator",
            description = "The dynamical system.")
    String system;

    @Option(names = "--samples", defaultValue = "1000", paramLabel = "N",
            description = "Number of kept samples (default ${DEFAULT-VALUE}).")
    long samples;

    @Option(names = "--period", paramLabel = "P",
            description = "Mean sampling period (default: the system's, 0.05 / 1 / 0.25).")
    Double period;

    @Option(names = "--jitter", defaultValue = "0", paramLabel = "J",
            description = "Relative interval jitter in [0, 1) (default ${DEFAULT-VALUE}).")
    double jitter;

    @Option(names = "--drop-rate", defaultValue = "0", paramLabel = "P",
            description = "Probability in [0, 1) that a sample is lost (default ${DEFAULT-VALUE}).")
    double dropRate;

    @Option(names = "--burst-rate", defaultValue = "0", paramLabel = "R",
            description = "Per-tick probability in [0, 1) that a burst of losses starts"
                    + " (default ${DEFAULT-VALUE}).")
    double burstRate;

    @Option(names = "--burst-length", defaultValue = "5", paramLabel = "L",
            description = "Mean ticks lost per burst, at least 1 (default ${DEFAULT-VALUE}).")
    double burstLength;

    @Option(names = "--noise", defaultValue = "0", paramLabel = "S",
            description = "Gaussian noise std relative to each channel's std"
                    + " (default ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--channels", split = ",", paramLabel = "C",
            description = "Observed system channels, in output order, e.g. 0,2 (default: all).")
    int[] channels;

    @Option(names = "--anomalies", defaultValue = "0", paramLabel = "N",
            description = "Random labelled anomalies spread over the run"
                    + " (default ${DEFAULT-VALUE}).")
    int anomalies;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seed; equal seeds give equal files (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv",
            description = "The CSV to write.")
    Path out;

    @Override
    public Integer call() {
        Generator generator = generator();
        Path tmp = out.toAbsolutePath().resolveSibling(out.getFileName() + ".partial");
        long rows;
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                rows = SeriesCsv.write(generator.stream(), generator.channels(), w);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + out, e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
        System.err.printf("%d samples of %s (%d channels, %d anomalies, seed %d) -> %s%n",
                rows, generator.system().id(), generator.channels(),
                generator.anomalies().size(), seed, out);
        return 0;
    }

    /** The generator these options describe. */
    Generator generator() {
        SystemKind kind = SystemKind.parse(system);
        Sampling.Builder sampling = Sampling.builder()
                .period(period != null ? period : kind.defaultPeriod())
                .jitter(jitter)
                .dropRate(dropRate)
                .burstRate(burstRate)
                .burstLength(burstLength)
                .noise(noise);
        if (channels != null) {
            sampling.channels(channels);
        }
        return Generator.builder()
                .system(kind)
                .samples(samples)
                .sampling(sampling.build())
                .anomalies(AnomalySpec.builder().count(anomalies).build())
                .seed(seed)
                .build();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Best effort: the error that brought us here is the one to report.
        }
    }
}
