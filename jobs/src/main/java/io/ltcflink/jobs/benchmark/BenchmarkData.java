package io.ltcflink.jobs.benchmark;

import io.ltcflink.core.data.Generator;
import io.ltcflink.core.data.Sample;
import io.ltcflink.core.data.Sampling;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.data.SystemKind;
import io.ltcflink.flink.SensorReading;
import io.ltcflink.jobs.kafka.ReadingCodec;
import io.ltcflink.jobs.kafka.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The benchmark's data, all from the project's one generator: the training series every model of
 * a system learns from, and the live stream both jobs read.
 *
 * <p>Training: one long jittered trajectory (its own stream id), thinned block by block (200
 * ticks each) with the drop rates of the run in turn, so every model sees every condition and the
 * validation tail holds all of them. Streaming: per drop rate, {@code sensorsPerCondition}
 * sensors, each its own trajectory with Bernoulli drops, merged in event-time order, with a few
 * bad records mixed in (undecodable bytes, a NaN, a late reading) that both jobs must turn into
 * the same dead letters.
 */
public final class BenchmarkData {


    /** Stream id of the training trajectory; sensors use 1 + 1000·condition + sensor. */
    private static final long TRAIN_STREAM = 999_999L;

    private static final int BLOCK_TICKS = 200;

    private BenchmarkData() {}

    /** What a published record is. */
    public enum Kind {
        VALID,
        UNDECODABLE,
        NOT_FINITE,
        LATE
    }

    /** One record to publish: Kafka key, value bytes and timestamp. */
    public record Outgoing(String key, long timestamp, byte[] value, Kind kind) {}

    private static Sampling sampling(SystemKind system, BenchmarkSettings s, double dropRate) {
        return Sampling.builder()
                .period(system.defaultPeriod())
                .jitter(s.jitter())
                .dropRate(dropRate)
                .noise(s.noise())
                .build();
    }

    /**
     * The models' time unit: the system's nominal sampling period (50 ms of event time for
     * Lorenz, 1 s for Mackey-Glass), so that a nominal gap is Δ = 1, the scale ncps's LTC and
     * CfC initialisations assume, for every system alike.
     */
    public static Duration modelTimeUnit(SystemKind system, BenchmarkSettings s) {
        return Duration.ofNanos(Math.round(system.defaultPeriod() * s.millisPerUnit() * 1e6));
    }

    /**
     * The training series of {@code system}: {@code trainSamples} kept samples, times in model
     * units ({@link #modelTimeUnit}).
     */
    public static Series trainingSeries(SystemKind system, BenchmarkSettings s) {
        Iterator<Sample> base = Generator.builder()
                .system(system)
                .unbounded()
                .sampling(sampling(system, s, 0.0))
                .seed(s.seed())
                .streamId(TRAIN_STREAM)
                .build()
                .stream();
        double[] rates = s.dropRates();
        SplittableRandom drops = new SplittableRandom(s.seed() ^ 0x7EA1A5L);
        int n = s.trainSamples();
        double[] t = new double[n];
        double[][] x = new double[n][];
        int kept = 0;
        for (long tick = 0; kept < n; tick++) {
            Sample sample = base.next();
            double rate = rates[(int) ((tick / BLOCK_TICKS) % rates.length)];
            if (drops.nextDouble() < rate) {
                continue;
            }
            t[kept] = sample.time() / system.defaultPeriod();
            x[kept] = sample.values();
            kept++;
        }
        return new Series(t, x, null);
    }

    /** The sensor key of a condition and sensor, e.g. {@code lorenz-d30-s02}. */
    public static String key(SystemKind system, double dropRate, int sensor) {
        return String.format(Locale.ROOT, "%s-d%02d-s%02d", system.id(),
                Math.round(dropRate * 100), sensor);
    }

    /** The drop rate in a sensor key, as the condition name ({@code d30}). */
    public static String condition(String key) {
        int at = key.lastIndexOf("-d");
        int end = key.indexOf('-', at + 2);
        return key.substring(at + 1, end);
    }

    /** The drop rate of a condition name ({@code d30} → 0.3). */
    public static double dropRate(String condition) {
        return Integer.parseInt(condition.substring(1)) / 100.0;
    }

    /**
     * An event time for model time 0 that puts the whole stream of {@code system} in the recent
     * past of {@code nowMillis}, on a whole second. Event times are the records' Kafka
     * timestamps: far in the past, a broker's time-based retention may delete them mid-run; in
     * the future, it may reject them.
     */
    public static long epochBefore(long nowMillis, SystemKind system, BenchmarkSettings s) {
        double maxDrop = 0;
        for (double d : s.dropRates()) {
            maxDrop = Math.max(maxDrop, d);
        }
        // Jitter stretches a run by at most (1 + jitter); drops by 1 / (1 − drop rate).
        long span = (long) Math.ceil(s.readingsPerSensor() * system.defaultPeriod()
                * s.millisPerUnit() * (1 + s.jitter()) / (1 - maxDrop));
        return (nowMillis - 2 * span - 60_000L) / 1000 * 1000;
    }

    /**
     * The live stream of {@code system}, in publishing order, with model time 0 at event time
     * {@code epochMillis}: every sensor's readings merged by event time, then three undecodable
     * values, three NaN readings and three late readings inserted at a quarter, a half and three
     * quarters of the way.
     */
    public static List<Outgoing> stream(SystemKind system, BenchmarkSettings s, long epochMillis) {
        ReadingCodec codec = new ReadingCodec(WireFormat.AVRO);
        List<SensorReading> readings = new ArrayList<>();
        double[] rates = s.dropRates();
        for (int c = 0; c < rates.length; c++) {
            for (int i = 0; i < s.sensorsPerCondition(); i++) {
                Iterator<Sample> it = Generator.builder()
                        .system(system)
                        .unbounded()
                        .sampling(sampling(system, s, rates[c]))
                        .seed(s.seed())
                        .streamId(1 + 1000L * c + i)
                        .build()
                        .stream();
                String key = key(system, rates[c], i);
                for (int k = 0; k < s.readingsPerSensor(); k++) {
                    Sample sample = it.next();
                    readings.add(new SensorReading(key,
                            epochMillis + Math.round(sample.time() * s.millisPerUnit()),
                            sample.values()));
                }
            }
        }
        readings.sort(Comparator.comparingLong((SensorReading r) -> r.timestamp)
                .thenComparing(r -> r.key));
        List<Outgoing> out = new ArrayList<>(readings.size() + 9);
        Map<String, SensorReading> lastOf = new HashMap<>();
        int[] marks = {readings.size() / 4, readings.size() / 2, 3 * readings.size() / 4};
        int mark = 0;
        for (int i = 0; i < readings.size(); i++) {
            SensorReading r = readings.get(i);
            if (mark < marks.length && i == marks[mark]) {
                injectBad(out, lastOf, r, mark, codec);
                mark++;
            }
            out.add(new Outgoing(r.key, r.timestamp, codec.encode(r), Kind.VALID));
            lastOf.put(r.key, r);
        }
        return out;
    }

    /** One of each kind of bad record, keyed to sensors that have already sent readings. */
    private static void injectBad(List<Outgoing> out, Map<String, SensorReading> lastOf,
            SensorReading next, int mark, ReadingCodec codec) {
        List<String> keys = new ArrayList<>(lastOf.keySet());
        keys.sort(null);
        SensorReading a = lastOf.get(keys.get(mark % keys.size()));
        SensorReading b = lastOf.get(keys.get((mark + 1) % keys.size()));
        out.add(new Outgoing(a.key, next.timestamp,
                ("not a reading #" + mark).getBytes(StandardCharsets.UTF_8), Kind.UNDECODABLE));
        double[] nan = a.values.clone();
        nan[0] = Double.NaN;
        // A millisecond after the key's last reading: no real reading comes that soon.
        out.add(new Outgoing(a.key, a.timestamp + 1,
                codec.encode(new SensorReading(a.key, a.timestamp + 1, nan)), Kind.NOT_FINITE));
        out.add(new Outgoing(b.key, b.timestamp - 1,
                codec.encode(new SensorReading(b.key, b.timestamp - 1, b.values)), Kind.LATE));
    }
}
