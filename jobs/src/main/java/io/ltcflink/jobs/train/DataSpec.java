package io.ltcflink.jobs.train;

import io.ltcflink.core.Checks;
import io.ltcflink.core.data.Generator;
import io.ltcflink.core.data.Sampling;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.data.SeriesCsv;
import io.ltcflink.core.data.SystemKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training or evaluation series comes from: a system integrated and sampled by the
 * project's {@link Generator} (with its sampling faults and seed), or a CSV in {@link SeriesCsv}'s
 * layout. Immutable; build with {@link #builder()}, which validates every setting, so a bad rate
 * fails before any work starts.
 */
public final class DataSpec {

    /** The prefix that names a CSV file as the source. */
    public static final String CSV_PREFIX = "csv:";

    /** The number of generated samples when none is given. */
    public static final long DEFAULT_SAMPLES = 2000;

    private final SystemKind system;
    private final Path csv;
    private final Generator generator;
    private final long samples;

    private DataSpec(SystemKind system, Path csv, Generator generator, long samples) {
        this.system = system;
        this.csv = csv;
        this.generator = generator;
        this.samples = samples;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the series is generated (rather than read from a CSV). */
    public boolean isGenerated() {
        return generator != null;
    }

    /** The generator behind a generated series. */
    public Generator generator() {
        Checks.requireState(generator != null, "data from %s has no generator", csv);
        return generator;
    }

    /**
     * The series: generated, or read from the CSV.
     *
     * @throws IllegalArgumentException if the CSV is missing, malformed or holds fewer than 2
     *     samples
     */
    public Series load() {
        if (generator != null) {
            return generator.generate();
        }
        Checks.requireArgument(Files.isRegularFile(csv), "data file not found: %s", csv);
        Series series = SeriesCsv.read(csv);
        Checks.requireArgument(series.size() >= 2,
                "%s%s holds %s samples, but a one-step-ahead forecast needs at least 2",
                CSV_PREFIX, csv, series.size());
        return series;
    }

    /** A one-line description, e.g. {@code lorenz: 2000 samples, period 0.05, drop rate 0.3}. */
    public String describe() {
        if (generator == null) {
            return CSV_PREFIX + csv;
        }
        Sampling s = generator.sampling();
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT, "%d samples", samples));
        parts.add("period " + s.period());
        addIf(parts, "jitter", s.jitter());
        addIf(parts, "drop rate", s.dropRate());
        if (s.burstRate() > 0) {
            parts.add("burst rate " + s.burstRate());
            parts.add("burst length " + s.burstLength());
        }
        addIf(parts, "noise", s.noise());
        if (s.channels().length > 0) {
            parts.add("channels " + Arrays.toString(s.channels()));
        }
        parts.add("seed " + generator.seed());
        return system.id() + ": " + String.join(", ", parts);
    }

    private static void addIf(List<String> parts, String name, double value) {
        if (value != 0) {
            parts.add(name + " " + value);
        }
    }

    /**
     * Metadata entries that record this source in a model file: {@code data.source} (the system
     * id or {@code csv:PATH}), and for generated data {@code data.seed} and {@code data.sampling}.
     */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("data.source", generator != null ? system.id() : CSV_PREFIX + csv);
        if (generator != null) {
            m.put("data.seed", Long.toString(generator.seed()));
            m.put("data.sampling", generator.sampling().toString());
        }
        return m;
    }

    @Override
    public String toString() {
        return "DataSpec{" + (generator != null ? generator : CSV_PREFIX + csv) + "}";
    }

    /**
     * Collects the source and the generator settings. Unset generator settings take the
     * system's defaults; with a CSV source, setting any of them is an error (they could not be
     * honoured).
     */
    public static final class Builder {
        private String source;
        private Long samples;
        private Double period;
        private Double jitter;
        private Double dropRate;
        private Double burstRate;
        private Double burstLength;
        private Double noise;
        private int[] channels;
        private long seed;

        private Builder() {}

        /** {@code lorenz}, {@code mackey-glass}, {@code oscillator} or {@code csv:PATH}. */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** Kept samples to generate (default {@value DataSpec#DEFAULT_SAMPLES}). */
        public Builder samples(Long samples) {
            this.samples = samples;
            return this;
        }

        /** Mean sampling period (default: the system's). */
        public Builder period(Double period) {
            this.period = period;
            return this;
        }

        /** Relative interval jitter in [0, 1) (default 0). */
        public Builder jitter(Double jitter) {
            this.jitter = jitter;
            return this;
        }

        /** Bernoulli drop probability in [0, 1) (default 0). */
        public Builder dropRate(Double dropRate) {
            this.dropRate = dropRate;
            return this;
        }

        /** Per-tick probability in [0, 1) that a burst of losses starts (default 0). */
        public Builder burstRate(Double burstRate) {
            this.burstRate = burstRate;
            return this;
        }

        /** Mean ticks lost per burst, at least 1 (default 5). */
        public Builder burstLength(Double burstLength) {
            this.burstLength = burstLength;
            return this;
        }

        /** Gaussian noise relative to each channel's standard deviation (default 0). */
        public Builder noise(Double noise) {
            this.noise = noise;
            return this;
        }

        /** Observed system channels, in output order (default: all). */
        public Builder channels(int... channels) {
            this.channels = channels == null ? null : channels.clone();
            return this;
        }

        /** The generator's seed: equal seeds give equal series. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The data source these settings describe.
         *
         * @throws IllegalArgumentException naming an unknown source, a setting out of range, or
         *     a generator setting given with a CSV source
         */
        public DataSpec build() {
            Checks.requireArgument(source != null && !source.isBlank(),
                    "no data source: expected lorenz, mackey-glass, oscillator or csv:PATH");
            String s = source.trim();
            if (s.regionMatches(true, 0, CSV_PREFIX, 0, CSV_PREFIX.length())) {
                String path = s.substring(CSV_PREFIX.length());
                Checks.requireArgument(!path.isBlank(), "csv: needs a path, as in csv:data.csv");
                requireNoGeneratorSettings(s);
                return new DataSpec(null, Path.of(path), null, 0);
            }
            SystemKind kind;
            try {
                kind = SystemKind.parse(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(String.format(
                        "unknown data '%s': expected lorenz, mackey-glass, oscillator or csv:PATH",
                        s), e);
            }
            Sampling.Builder sampling = Sampling.builder()
                    .period(period != null ? period : kind.defaultPeriod())
                    .jitter(orZero(jitter))
                    .dropRate(orZero(dropRate))
                    .burstRate(orZero(burstRate))
                    .noise(orZero(noise));
            if (burstLength != null) {
                sampling.burstLength(burstLength);
            }
            if (channels != null) {
                sampling.channels(channels);
            }
            long n = samples != null ? samples : DEFAULT_SAMPLES;
            Generator generator = Generator.builder()
                    .system(kind)
                    .samples(n)
                    .sampling(sampling.build())
                    .seed(seed)
                    .build();
            return new DataSpec(kind, null, generator, n);
        }

        private void requireNoGeneratorSettings(String csvSource) {
            List<String> given = new ArrayList<>();
            addIfSet(given, "--samples", samples);
            addIfSet(given, "--period", period);
            addIfSet(given, "--jitter", jitter);
            addIfSet(given, "--drop-rate", dropRate);
            addIfSet(given, "--burst-rate", burstRate);
            addIfSet(given, "--burst-length", burstLength);
            addIfSet(given, "--noise", noise);
            addIfSet(given, "--channels", channels);
            Checks.requireArgument(given.isEmpty(),
                    "%s only %s generated data, not data read from %s",
                    String.join(", ", given), given.size() == 1 ? "applies to" : "apply to",
                    csvSource);
        }

        private static void addIfSet(List<String> given, String name, Object value) {
            if (value != null) {
                given.add(name);
            }
        }

        private static double orZero(Double value) {
            return value == null ? 0.0 : value;
        }
    }
}
