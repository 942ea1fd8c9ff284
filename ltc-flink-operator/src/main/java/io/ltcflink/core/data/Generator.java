package io.ltcflink.core.data;

import io.ltcflink.core.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The one data generator behind training, tests, the demo and the benchmarks: a finely integrated
 * trajectory of a {@link SystemKind}, observed through a faulty {@link Sampling} clock, with
 * labelled {@link Anomaly anomalies}. Immutable and thread-safe; build with {@link #builder()}.
 *
 * <pre>{@code
 * Generator g = Generator.builder()
 *         .system("lorenz")
 *         .samples(10_000)
 *         .sampling(Sampling.builder().period(0.05).jitter(0.2).dropRate(0.05).noise(0.01).build())
 *         .anomalies(AnomalySpec.builder().count(5).build())
 *         .seed(42)
 *         .build();
 * Series series = g.generate();          // all at once
 * Iterator<Sample> live = g.stream();    // the same samples, lazily
 * }</pre>
 *
 * <p>Observation time 0 is the end of the burn-in. Everything is a function of the seed and the
 * stream id: {@link #generate()} and {@link #stream()} give identical samples, on every JVM.
 */
public final class Generator {

    /*
     * Implementation notes.
     *
     * Randomness. The stream seed is the SplitMix64 output mix64(seed + (streamId + 1)·γ), γ the
     * golden-ratio increment 0x9E3779B97F4A7C15 [1]; stream ids thus get unrelated seeds in
     * constant time. A SplittableRandom on the stream seed is split, in this fixed order, into:
     * the start (system instance, initial state), the tick timing, the Bernoulli drops, the
     * bursts, the observation noise, the anomaly schedule and the noise-burst values. Each fault
     * draws from its own stream a fixed number of values per tick, so switching one on leaves the
     * others exactly as they were (tests compare a faulty run with a clean one sample by sample).
     * Transcendental functions go through StrictMath.
     *
     * Pipeline per tick: advance the clock (jitter), decide loss (drop, burst), draw noise; for a
     * kept tick, enter or leave anomaly windows (switching the integrated system for a dynamics
     * change), integrate up to the tick, read the dense trajectory, select channels, add noise,
     * apply the anomaly, label.
     *
     * [1] G. L. Steele, D. Lea, C. H. Flood, "Fast splittable pseudorandom number generators",
     *     OOPSLA 2014.
     */

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final SystemKind system;
    private final Bound bound;
    private final long samples;
    private final double duration;
    private final Sampling sampling;
    private final List<Anomaly> anomalies;
    private final AnomalySpec anomalySpec;
    private final long seed;
    private final long streamId;
    private final double burnIn;
    private final double[] initialState;
    // As configured (null / NaN: the system's default), so toBuilder().system(...) re-resolves.
    private final Sampling configuredSampling;
    private final double configuredBurnIn;

    /** How a run ends. */
    private enum Bound {
        SAMPLES,
        DURATION,
        UNBOUNDED
    }

    private Generator(Builder b) {
        Checks.requireArgument(b.system != null, "system must not be null");
        Checks.requireArgument(b.bound != Bound.SAMPLES || b.samples > 0,
                "the number of samples must be positive: %s", b.samples);
        Checks.requireArgument(
                b.bound != Bound.DURATION || (b.duration > 0 && Double.isFinite(b.duration)),
                "duration must be positive and finite: %s", b.duration);
        Checks.requireArgument(
                Double.isNaN(b.burnIn) || (b.burnIn >= 0 && Double.isFinite(b.burnIn)),
                "burn-in must be finite and non-negative: %s", b.burnIn);
        this.system = b.system;
        this.bound = b.bound;
        this.samples = b.samples;
        this.duration = b.duration;
        this.sampling =
                b.sampling != null ? b.sampling : Sampling.regular(b.system.defaultPeriod());
        this.sampling.observed(b.system.dimension());
        List<Anomaly> sorted = new ArrayList<>(b.anomalies);
        sorted.sort(Comparator.comparingDouble(Anomaly::start));
        for (int i = 1; i < sorted.size(); i++) {
            Checks.requireArgument(sorted.get(i).start() >= sorted.get(i - 1).end(),
                    "anomalies must not overlap: %s and %s", sorted.get(i - 1), sorted.get(i));
        }
        this.anomalies = List.copyOf(sorted);
        this.anomalySpec = b.anomalySpec;
        this.seed = b.seed;
        this.streamId = b.streamId;
        this.burnIn = Double.isNaN(b.burnIn) ? b.system.burnIn() : b.burnIn;
        if (b.initialState != null) {
            Checks.requireArgument(b.initialState.length == b.system.dimension(),
                    "initial state: expected %s values for %s but found %s",
                    b.system.dimension(), b.system.id(), b.initialState.length);
            Checks.requireFinite(b.initialState, "initial state");
        }
        this.initialState = b.initialState == null ? null : b.initialState.clone();
        this.configuredSampling = b.sampling;
        this.configuredBurnIn = b.burnIn;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.system = system;
        b.bound = bound;
        b.samples = samples;
        b.duration = duration;
        b.sampling = configuredSampling;
        b.anomalies = new ArrayList<>(anomalies);
        b.anomalySpec = anomalySpec;
        b.seed = seed;
        b.streamId = streamId;
        b.burnIn = configuredBurnIn;
        b.initialState = initialState == null ? null : initialState.clone();
        return b;
    }

    /** The same configuration for another stream (sensor): its own seed and random start. */
    public Generator withStreamId(long id) {
        return toBuilder().streamId(id).build();
    }

    public SystemKind system() {
        return system;
    }

    public Sampling sampling() {
        return sampling;
    }

    /** The number of observed channels (the width of every sample). */
    public int channels() {
        return sampling.observed(system.dimension()).length;
    }

    public long seed() {
        return seed;
    }

    public long streamId() {
        return streamId;
    }

    /** Whether the run ends (after a number of samples or a duration). */
    public boolean isBounded() {
        return bound != Bound.UNBOUNDED;
    }

    /** All samples of a bounded run. */
    public Series generate() {
        Checks.requireState(isBounded(),
                "an unbounded generator has no series: set samples or duration, or use stream()");
        List<double[]> xs = new ArrayList<>();
        double[] ts = new double[16];
        int[] labels = new int[16];
        int n = 0;
        for (Iterator<Sample> it = stream(); it.hasNext(); n++) {
            Sample s = it.next();
            if (n == ts.length) {
                ts = Arrays.copyOf(ts, 2 * n);
                labels = Arrays.copyOf(labels, 2 * n);
            }
            ts[n] = s.time();
            labels[n] = s.label();
            xs.add(s.values());
        }
        return new Series(
                Arrays.copyOf(ts, n), xs.toArray(new double[0][]), Arrays.copyOf(labels, n));
    }

    /**
     * The samples, generated lazily with memory bounded by the system's delay; endless for an
     * unbounded generator. Each call starts afresh from the seed; the iterator is not
     * thread-safe.
     */
    public Iterator<Sample> stream() {
        Streams r = new Streams();
        DynamicalSystem base = system.instance(r.start);
        double[] initial =
                initialState != null ? initialState.clone() : system.initialState(r.start);
        return new SampleIterator(system, base, initial, burnIn, sampling, r.ticks(sampling),
                r.noise, r.anomalyNoise, schedule(r.anomalies),
                bound == Bound.SAMPLES ? samples : 0,
                bound == Bound.DURATION ? duration : Double.POSITIVE_INFINITY);
    }

    /**
     * The anomalies injected into a bounded run: those whose window starts before its end (the
     * duration, or the time of the last sample). A window may reach past the end; one that falls
     * entirely between kept samples labels nothing.
     */
    public List<Anomaly> anomalies() {
        Checks.requireState(isBounded(), "an unbounded generator has no finite anomaly list");
        double end;
        if (bound == Bound.DURATION) {
            end = duration;
        } else {
            // Replays the clock alone (cheap, no integration) to find the last sample's time.
            Ticks ticks = new Streams().ticks(sampling);
            long kept = 0;
            while (kept < samples) {
                ticks.next();
                kept += ticks.lost() ? 0 : 1;
            }
            end = Math.nextUp(ticks.time());
        }
        AnomalySchedule s = schedule(new Streams().anomalies);
        List<Anomaly> out = new ArrayList<>();
        for (Anomaly a = s.next(); a != null && a.start() < end; a = s.next()) {
            out.add(a);
        }
        return List.copyOf(out);
    }

    private AnomalySchedule schedule(SplittableRandom random) {
        if (anomalySpec == null || !anomalySpec.isEnabled()) {
            return AnomalySchedule.of(anomalies);
        }
        double period = sampling.period();
        if (anomalySpec.spacing() > 0) {
            return AnomalySchedule.random(anomalySpec, period, anomalySpec.spacing() * period,
                    Long.MAX_VALUE, random);
        }
        // A count is spread over the nominal span: the duration, or as long as the samples
        // would last with no losses.
        double span = bound == Bound.DURATION ? duration : samples * period;
        double lead = anomalySpec.leadIn() * period;
        Checks.requireArgument(lead < span,
                "the anomaly lead-in (%s periods) leaves no room for anomalies in a run of %s",
                anomalySpec.leadIn(), span);
        return AnomalySchedule.random(anomalySpec, period, (span - lead) / anomalySpec.count(),
                anomalySpec.count(), random);
    }

    /** The seed of stream {@code id}: SplitMix64's output number {@code id} for {@code seed}. */
    static long streamSeed(long seed, long id) {
        long z = seed + (id + 1) * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The random streams of one run, split from the stream seed in a fixed order. */
    private final class Streams {
        final SplittableRandom start;
        final SplittableRandom timing;
        final SplittableRandom drops;
        final SplittableRandom bursts;
        final SplittableRandom noise;
        final SplittableRandom anomalies;
        final SplittableRandom anomalyNoise;

        Streams() {
            SplittableRandom root = new SplittableRandom(streamSeed(seed, streamId));
            start = root.split();
            timing = root.split();
            drops = root.split();
            bursts = root.split();
            noise = root.split();
            anomalies = root.split();
            anomalyNoise = root.split();
        }

        Ticks ticks(Sampling s) {
            return new Ticks(s, timing, drops, bursts);
        }
    }

    @Override
    public String toString() {
        String length = bound == Bound.SAMPLES ? "samples=" + samples
                : bound == Bound.DURATION ? "duration=" + duration : "unbounded";
        return String.format("Generator{system=%s, %s, %s, anomalies=%s, seed=%s, stream=%s,"
                        + " burnIn=%s, initialState=%s}",
                system.id(), length, sampling,
                anomalySpec != null && anomalySpec.isEnabled() ? anomalySpec : anomalies,
                seed, streamId, burnIn,
                initialState == null ? "random" : Arrays.toString(initialState));
    }

    /** Builds a {@link Generator}; defaults: Lorenz, 1000 samples, system's sampling, seed 0. */
    public static final class Builder {
        private SystemKind system = SystemKind.LORENZ;
        private Bound bound = Bound.SAMPLES;
        private long samples = 1000;
        private double duration = 0.0;
        private Sampling sampling = null;
        private List<Anomaly> anomalies = new ArrayList<>();
        private AnomalySpec anomalySpec = null;
        private long seed = 0L;
        private long streamId = 0L;
        private double burnIn = Double.NaN;
        private double[] initialState = null;

        private Builder() {}

        public Builder system(SystemKind system) {
            this.system = system;
            return this;
        }

        /** The system by name: lorenz, mackey-glass or oscillator. */
        public Builder system(String name) {
            this.system = SystemKind.parse(name);
            return this;
        }

        /** Ends the run after {@code n} kept samples. */
        public Builder samples(long n) {
            this.bound = Bound.SAMPLES;
            this.samples = n;
            return this;
        }

        /** Ends the run at observation time {@code duration} (exclusive). */
        public Builder duration(double duration) {
            this.bound = Bound.DURATION;
            this.duration = duration;
            return this;
        }

        /** Never ends: for {@link Generator#stream()} only. */
        public Builder unbounded() {
            this.bound = Bound.UNBOUNDED;
            return this;
        }

        /** The sampling clock and its faults (default: regular at the system's period). */
        public Builder sampling(Sampling sampling) {
            this.sampling = sampling;
            return this;
        }

        /** Injects exactly these anomalies (replacing any random spec). */
        public Builder anomalies(List<Anomaly> anomalies) {
            this.anomalies = new ArrayList<>(anomalies);
            this.anomalySpec = null;
            return this;
        }

        /** Injects these anomalies (replacing any random spec). */
        public Builder anomalies(Anomaly... anomalies) {
            return anomalies(Arrays.asList(anomalies));
        }

        /** Injects random anomalies (replacing any explicit list). */
        public Builder anomalies(AnomalySpec spec) {
            this.anomalySpec = spec;
            this.anomalies = new ArrayList<>();
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The stream (sensor) id: each gets its own seed and random start (default 0). */
        public Builder streamId(long id) {
            this.streamId = id;
            return this;
        }

        /** Model time integrated and discarded before observation time 0 (default: system's). */
        public Builder burnIn(double burnIn) {
            this.burnIn = burnIn;
            return this;
        }

        /** A fixed initial state instead of a random one (Mackey-Glass: the constant history). */
        public Builder initialState(double... state) {
            this.initialState = state.clone();
            return this;
        }

        public Generator build() {
            sanityCheck();
            return new Generator(this);
        }

        /** Rules that span several settings. */
        private void sanityCheck() {
            Checks.requireArgument(
                    anomalySpec == null || anomalySpec.count() == 0 || bound != Bound.UNBOUNDED,
                    "an anomaly count needs a bounded run (samples or duration);"
                            + " give an unbounded stream AnomalySpec spacing instead");
        }
    }
}
