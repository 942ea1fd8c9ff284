package io.ltcflink.jobs.benchmark;

import io.ltcflink.core.stats.Stats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running accuracy and cost of one model under one condition, over the records the {@link
 * ForecastJoin} scored: squared and symmetric-percentage errors (overall, by gap length and by
 * event-time bucket) and the CPU time per forecast. Not thread-safe; the join guards it.
 *
 * <p>sMAPE is {@code 200 · mean(|ŷ − y| / (|ŷ| + |y|))} in percent over the values whose
 * denominator is not 0, as {@link Stats} defines it.
 */
public final class ModelMetrics {

    /** The squared error of the values in one gap-length bin {@code [lo, hi)} (model units). */
    public record GapBin(double lo, double hi, long values, double mse) {}

    /** The squared error of the values in one event-time bucket starting at {@code start}. */
    public record TimeBucket(long start, long values, double mse) {}

    private final double[] gapEdges;
    private final long bucketMillis;
    private long records;
    private long values;
    private double squared;
    private final Stats.RunningSmape smape = new Stats.RunningSmape();
    private final double[] gapSquared;
    private final long[] gapValues;
    private final TreeMap<Long, double[]> buckets = new TreeMap<>();
    private long[] cpu = new long[256];
    private int cpuCount;
    private boolean cpuSorted = true;

    ModelMetrics(double[] gapEdges, long bucketMillis) {
        this.gapEdges = gapEdges;
        this.bucketMillis = bucketMillis;
        this.gapSquared = new double[gapEdges.length + 1];
        this.gapValues = new long[gapEdges.length + 1];
    }

    /** Adds one scored record: its forecast and actual values, gap, CPU time and event time. */
    void add(double[] forecast, double[] actual, double dt, long cpuNanos, long timestamp) {
        double se = 0.0;
        for (int i = 0; i < forecast.length; i++) {
            double e = forecast[i] - actual[i];
            se += e * e;
            smape.add(forecast[i], actual[i]);
        }
        records++;
        values += forecast.length;
        squared += se;
        int bin = 0;
        while (bin < gapEdges.length && dt >= gapEdges[bin]) {
            bin++;
        }
        gapSquared[bin] += se;
        gapValues[bin] += forecast.length;
        double[] b = buckets.computeIfAbsent(Math.floorDiv(timestamp, bucketMillis) * bucketMillis,
                k -> new double[2]);
        b[0] += se;
        b[1] += forecast.length;
        if (cpuCount == cpu.length) {
            cpu = Arrays.copyOf(cpu, 2 * cpu.length);
        }
        cpu[cpuCount++] = cpuNanos;
        cpuSorted = false;
    }

    /** The number of scored records. */
    public long records() {
        return records;
    }

    /** The mean squared error over all scored values (records × channels); NaN for none. */
    public double mse() {
        return values == 0 ? Double.NaN : squared / values;
    }

    /** sMAPE in percent; NaN for none. */
    public double smape() {
        return smape.percent();
    }

    /**
     * The {@code p}-th percentile (nearest rank, p in (0, 100]) of the CPU time per forecast in
     * nanoseconds; 0 when nothing was scored.
     */
    public long cpuNanosPercentile(double p) {
        if (cpuCount == 0) {
            return 0L;
        }
        if (!cpuSorted) {
            Arrays.sort(cpu, 0, cpuCount);
            cpuSorted = true;
        }
        return Stats.percentileNearestRank(cpu, cpuCount, p);
    }

    /** The mean CPU time per forecast in nanoseconds; NaN for none. */
    public double cpuNanosMean() {
        if (cpuCount == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < cpuCount; i++) {
            sum += cpu[i];
        }
        return sum / cpuCount;
    }

    /** The error by gap length, one bin per interval between the edges (empty bins included). */
    public List<GapBin> gapBins() {
        List<GapBin> out = new ArrayList<>();
        for (int i = 0; i <= gapEdges.length; i++) {
            double lo = i == 0 ? 0.0 : gapEdges[i - 1];
            double hi = i == gapEdges.length ? Double.POSITIVE_INFINITY : gapEdges[i];
            out.add(new GapBin(lo, hi, gapValues[i],
                    gapValues[i] == 0 ? Double.NaN : gapSquared[i] / gapValues[i]));
        }
        return out;
    }

    /** The error per event-time bucket, in time order. */
    public List<TimeBucket> timeBuckets() {
        List<TimeBucket> out = new ArrayList<>();
        for (Map.Entry<Long, double[]> e : buckets.entrySet()) {
            out.add(new TimeBucket(e.getKey(), (long) e.getValue()[1],
                    e.getValue()[0] / e.getValue()[1]));
        }
        return out;
    }
}
