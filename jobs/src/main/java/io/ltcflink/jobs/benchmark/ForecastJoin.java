package io.ltcflink.jobs.benchmark;

import io.ltcflink.flink.Forecast;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The comparator: joins every model's forecasts with the actual readings on (key, event time) and
 * keeps rolling and final metrics per model and condition. Inputs may arrive in any order and
 * interleaved (each model's forecasts come from another job); a record is scored once the reading
 * and every model's forecast of it are in, so all models are scored on exactly the same records.
 *
 * <p>A record is scored when its key has had at least {@code warmUp} readings before it (every
 * model has filled its window or settled its state) and every model forecast it (no model's first
 * record, no reset). Repeated timestamps of a key (a reading, or a forecast flagged as a
 * duplicate) are counted and ignored. Forecast value {@code i} is compared with reading
 * value {@code i}. The persistence forecast (the key's previous reading) is scored alongside as a
 * reference. Readings older than their key's last (late; no model forecasts them) are counted and
 * dropped at once.
 *
 * <p>Thread-safe: every method synchronises on the join.
 */
public final class ForecastJoin {

    private record Key(String key, long timestamp) {}

    /** One (key, time) waiting for its reading or for some model's forecast. */
    private static final class Entry {
        double[] actual;
        double[] previous;
        int index = -1;
        final double[][] forecasts;
        final double[] dts;
        final long[] cpu;
        final int[] flags;
        int present;

        Entry(int models) {
            forecasts = new double[models][];
            dts = new double[models];
            cpu = new long[models];
            flags = new int[models];
        }
    }

    /** A reading's previous value and time, per key. */
    private record Last(long timestamp, double[] values) {}

    private final List<String> models;
    private final Map<String, Integer> modelIndex = new HashMap<>();
    private final Function<String, String> conditionOf;
    private final int warmUp;
    private final double[] gapEdges;
    private final long bucketMillis;
    private final int rollingWindow;

    private final Map<Key, Entry> pending = new HashMap<>();
    private final Map<String, Last> last = new HashMap<>();
    private final Map<String, Integer> readingsPerKey = new HashMap<>();
    private final Map<String, Map<String, ModelMetrics>> metrics = new LinkedHashMap<>();
    private final Map<String, ModelMetrics> persistence = new LinkedHashMap<>();
    private final Map<String, Moments> actualMoments = new LinkedHashMap<>();
    private final double[][] rolling;
    private final int[] rollingCount;
    private final long[] received;
    private final long[] firstNanos;
    private final long[] lastNanos;
    private long readings;
    private long scored;
    private long warmUpSkipped;
    private long notComparable;
    private long lateReadings;
    private long duplicateReadings;
    private long duplicateForecasts;
    private long unknownForecasts;

    private ForecastJoin(Builder b) {
        this.models = List.copyOf(b.models);
        for (int i = 0; i < models.size(); i++) {
            if (modelIndex.put(models.get(i), i) != null) {
                throw new IllegalArgumentException(
                        String.format("model %s is listed twice", models.get(i)));
            }
        }
        this.conditionOf = b.conditionOf;
        this.warmUp = b.warmUp;
        this.gapEdges = b.gapEdges.clone();
        this.bucketMillis = b.bucketMillis;
        this.rollingWindow = b.rollingWindow;
        this.rolling = new double[models.size()][rollingWindow];
        this.rollingCount = new int[models.size()];
        this.received = new long[models.size()];
        this.firstNanos = new long[models.size()];
        this.lastNanos = new long[models.size()];
        for (String m : models) {
            metrics.put(m, new LinkedHashMap<>());
        }
    }

    /** A builder for a join of the named models' forecasts. */
    public static Builder builder(List<String> models) {
        return new Builder(models);
    }

    /** Adds a reading (the actual values at {@code timestamp}). */
    public synchronized void addReading(String key, long timestamp, double[] values) {
        readings++;
        Last prev = last.get(key);
        if (prev != null && timestamp < prev.timestamp) {
            lateReadings++;
            pending.remove(new Key(key, timestamp));
            return;
        }
        if (prev != null && timestamp == prev.timestamp) {
            // The models forecast a repeated time from less context: not a fair comparison.
            duplicateReadings++;
            return;
        }
        Entry e = pending.computeIfAbsent(new Key(key, timestamp), k -> new Entry(models.size()));
        if (e.actual != null) {
            duplicateReadings++;
            return;
        }
        e.actual = values.clone();
        e.previous = prev == null ? null : prev.values;
        e.index = readingsPerKey.merge(key, 1, Integer::sum) - 1;
        last.put(key, new Last(timestamp, e.actual));
        completeIfReady(key, timestamp, e);
    }

    /**
     * Adds one model's forecast of the reading at (key, timestamp).
     *
     * @param receivedNanos when it arrived ({@link System#nanoTime()}), for the throughput
     */
    public synchronized void addForecast(String model, String key, long timestamp, double dt,
            double[] forecast, long cpuNanos, int flags, long receivedNanos) {
        Integer m = modelIndex.get(model);
        if (m == null) {
            unknownForecasts++;
            return;
        }
        if (received[m]++ == 0) {
            firstNanos[m] = receivedNanos;
        }
        lastNanos[m] = receivedNanos;
        if ((flags & Forecast.DUPLICATE_TIME) != 0) {
            duplicateForecasts++;
            return;
        }
        Entry e = pending.computeIfAbsent(new Key(key, timestamp), k -> new Entry(models.size()));
        if (e.forecasts[m] != null) {
            duplicateForecasts++;
            return;
        }
        e.forecasts[m] = forecast.clone();
        e.dts[m] = dt;
        e.cpu[m] = cpuNanos;
        e.flags[m] = flags;
        e.present++;
        completeIfReady(key, timestamp, e);
    }

    private void completeIfReady(String key, long timestamp, Entry e) {
        if (e.actual == null || e.present < models.size()) {
            return;
        }
        pending.remove(new Key(key, timestamp));
        if (e.index < warmUp) {
            warmUpSkipped++;
            return;
        }
        int unusable = Forecast.FIRST | Forecast.RESET;
        for (int m = 0; m < models.size(); m++) {
            if (e.forecasts[m].length == 0 || (e.flags[m] & unusable) != 0
                    || e.forecasts[m].length > e.actual.length) {
                notComparable++;
                return;
            }
        }
        scored++;
        String condition = conditionOf.apply(key);
        int width = e.forecasts[0].length;
        double[] actual = Arrays.copyOf(e.actual, width);
        actualMoments.computeIfAbsent(condition, c -> new Moments(width)).add(actual);
        if (e.previous != null) {
            persistence.computeIfAbsent(condition, c -> new ModelMetrics(gapEdges, bucketMillis))
                    .add(Arrays.copyOf(e.previous, width), actual, e.dts[0], 0L, timestamp);
        }
        for (int m = 0; m < models.size(); m++) {
            metrics.get(models.get(m))
                    .computeIfAbsent(condition, c -> new ModelMetrics(gapEdges, bucketMillis))
                    .add(e.forecasts[m], actual, e.dts[m], e.cpu[m], timestamp);
            double se = 0;
            for (int i = 0; i < e.forecasts[m].length; i++) {
                double d = e.forecasts[m][i] - actual[i];
                se += d * d;
            }
            rolling[m][rollingCount[m]++ % rollingWindow] = se / e.forecasts[m].length;
        }
    }

    /** The models, in the order given. */
    public List<String> models() {
        return models;
    }

    /** The conditions seen so far, in the order first scored. */
    public synchronized List<String> conditions() {
        return new ArrayList<>(actualMoments.keySet());
    }

    /** The metrics of a model under a condition, or null if nothing of it was scored. */
    public synchronized ModelMetrics metrics(String model, String condition) {
        Map<String, ModelMetrics> byCondition = metrics.get(model);
        return byCondition == null ? null : byCondition.get(condition);
    }

    /** The persistence forecast's metrics under a condition, or null. */
    public synchronized ModelMetrics persistence(String condition) {
        return persistence.get(condition);
    }

    /**
     * The variance of the actual values under a condition (population variance per channel,
     * averaged over the channels), the denominator of a normalised MSE; NaN if none.
     */
    public synchronized double actualVariance(String condition) {
        Moments m = actualMoments.get(condition);
        return m == null ? Double.NaN : m.meanVariance();
    }

    /** The MSE of a model's last scored records (at most the rolling window); NaN for none. */
    public synchronized double rollingMse(String model) {
        int m = modelIndex.get(model);
        int n = Math.min(rollingCount[m], rollingWindow);
        if (n == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += rolling[m][i];
        }
        return sum / n;
    }

    /** The number of forecasts a model delivered (scored or not). */
    public synchronized long received(String model) {
        return received[modelIndex.get(model)];
    }

    /**
     * A model's forecasts per second of arrival time, from its first to its last forecast; NaN
     * with fewer than two.
     */
    public synchronized double receivedPerSecond(String model) {
        int m = modelIndex.get(model);
        long span = lastNanos[m] - firstNanos[m];
        return received[m] < 2 || span <= 0 ? Double.NaN : (received[m] - 1) * 1e9 / span;
    }

    /** Counts of what happened to the input, by name. */
    public synchronized Map<String, Long> counts() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("readings", readings);
        c.put("scored", scored);
        c.put("warmUpSkipped", warmUpSkipped);
        c.put("notComparable", notComparable);
        c.put("lateReadings", lateReadings);
        c.put("duplicateReadings", duplicateReadings);
        c.put("duplicateForecasts", duplicateForecasts);
        c.put("unknownForecasts", unknownForecasts);
        c.put("pending", (long) pending.size());
        return c;
    }

    /** Per-channel running mean and variance (Welford). */
    private static final class Moments {
        private final double[] mean;
        private final double[] m2;
        private long n;

        Moments(int width) {
            mean = new double[width];
            m2 = new double[width];
        }

        void add(double[] x) {
            n++;
            for (int i = 0; i < mean.length; i++) {
                double d = x[i] - mean[i];
                mean[i] += d / n;
                m2[i] += d * (x[i] - mean[i]);
            }
        }

        double meanVariance() {
            if (n == 0) {
                return Double.NaN;
            }
            double sum = 0;
            for (double v : m2) {
                sum += v / n;
            }
            return sum / m2.length;
        }
    }

    /** Builds a {@link ForecastJoin}; defaults are in the field initialisers. */
    public static final class Builder {
        private final List<String> models;
        private Function<String, String> conditionOf = key -> "all";
        private int warmUp = 0;
        private double[] gapEdges = new double[0];
        private long bucketMillis = 60_000L;
        private int rollingWindow = 500;

        private Builder(List<String> models) {
            this.models = models == null ? List.of() : List.copyOf(models);
        }

        /** The condition a key belongs to (default: one condition, "all"). */
        public Builder conditionOf(Function<String, String> conditionOf) {
            this.conditionOf = conditionOf;
            return this;
        }

        /** Readings of a key before its first scored one (default 0). */
        public Builder warmUp(int readings) {
            this.warmUp = readings;
            return this;
        }

        /** Increasing edges of the gap-length bins, in model time units (default: one bin). */
        public Builder gapEdges(double... edges) {
            this.gapEdges = edges.clone();
            return this;
        }

        /** The width of the event-time buckets of the error-over-time series (default 1 min). */
        public Builder timeBucketMillis(long millis) {
            this.bucketMillis = millis;
            return this;
        }

        /** How many recent records {@link #rollingMse} averages (default 500). */
        public Builder rollingWindow(int records) {
            this.rollingWindow = records;
            return this;
        }

        public ForecastJoin build() {
            sanityCheck();
            return new ForecastJoin(this);
        }

        private void sanityCheck() {
            require(!models.isEmpty(), "the join needs at least one model");
            require(conditionOf != null, "conditionOf must not be null");
            require(warmUp >= 0, "warm-up must be >= 0: %s", warmUp);
            for (int i = 0; i < gapEdges.length; i++) {
                require(gapEdges[i] > 0 && (i == 0 || gapEdges[i] > gapEdges[i - 1]),
                        "gap edges must be positive and increasing: %s",
                        Arrays.toString(gapEdges));
            }
            require(bucketMillis >= 1, "time buckets must be at least 1 ms: %s", bucketMillis);
            require(rollingWindow >= 1, "rolling window must be at least 1: %s", rollingWindow);
        }

        private static void require(boolean ok, String template, Object... args) {
            if (!ok) {
                throw new IllegalArgumentException(String.format(template, args));
            }
        }
    }
}
