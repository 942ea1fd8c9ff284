package io.ltcflink.jobs.cli;

import io.ltcflink.jobs.train.DataSpec;
import picocli.CommandLine.Option;

/**
 * The data options shared by {@code train} and {@code eval} (a picocli mixin): a generated system
 * with the sampling faults of {@code ltc data}, or a CSV in its layout. Generator options left out
 * take the generator's defaults; with {@code csv:PATH} they are an error. The seed belongs to each
 * command, because their defaults differ.
 */
final class DataOptions {

    @Option(names = "--data", required = true, paramLabel = "lorenz|mackey-glass|csv:PATH",
            description = "A generated system (lorenz, mackey-glass, oscillator) or a CSV written"
                    + " by `ltc data` (header t,dt,x0,...,label).")
    String data;

    @Option(names = "--samples", paramLabel = "N",
            description = "Kept samples to generate (default " + DataSpec.DEFAULT_SAMPLES + ").")
    Long samples;

    @Option(names = "--period", paramLabel = "P",
            description = "Mean sampling period (default: the system's, 0.05 / 1 / 0.25).")
    Double period;

    @Option(names = "--jitter", paramLabel = "J",
            description = "Relative interval jitter in [0, 1) (default 0).")
    Double jitter;

    @Option(names = "--drop-rate", paramLabel = "P",
            description = "Probability in [0, 1) that a sample is lost (default 0).")
    Double dropRate;

    @Option(names = "--burst-rate", paramLabel = "R",
            description = "Per-tick probability in [0, 1) that a burst of losses starts"
                    + " (default 0).")
    Double burstRate;

    @Option(names = "--burst-length", paramLabel = "L",
            description = "Mean ticks lost per burst, at least 1 (default 5).")
    Double burstLength;

    @Option(names = "--noise", paramLabel = "S",
            description = "Gaussian noise std relative to each channel's std (default 0).")
    Double noise;

    @Option(names = "--channels", split = ",", paramLabel = "C",
            description = "Observed system channels, in order, e.g. 0,2 (default: all).")
    int[] channels;

    /** The data source these options describe, generated with {@code seed}. */
    DataSpec spec(long seed) {
        return DataSpec.builder()
                .source(data)
                .samples(samples)
                .period(period)
                .jitter(jitter)
                .dropRate(dropRate)
                .burstRate(burstRate)
                .burstLength(burstLength)
                .noise(noise)
                .channels(channels)
                .seed(seed)
                .build();
    }
}
