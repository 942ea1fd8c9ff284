package io.ltcflink.core.stats;

import static io.ltcflink.core.Checks.requireArgument;

/**
 * Percentiles and the symmetric mean absolute percentage error (sMAPE), as the evaluation,
 * benchmark and report code compute them.
 *
 * <p>Three percentile definitions are in use, each under its own name so that every reported
 * number keeps its meaning:
 *
 * <ul>
 *   <li>{@link #percentileNearestRank}: the smallest value with at least p % of the values at or
 *       below it (no interpolation; always one of the values);
 *   <li>{@link #medianInterpolated}: the 50th percentile by linear interpolation between the
 *       closest ranks, that is the middle value, or the mean of the two middle values;
 *   <li>{@link #higherMedian}: the middle value, or the higher of the two middle values.
 * </ul>
 *
 * <p>The percentiles take values already sorted in ascending order, so a caller that asks for
 * several sorts once; they do not check the order.
 *
 * <p>sMAPE is {@code 200 · mean(|ŷ − y| / (|ŷ| + |y|))} in percent, over the terms whose
 * denominator is not 0 (a 0/0 term, forecast and actual both 0, is skipped, as NeuroBench does).
 */
public final class Stats {

    private Stats() {}

    /**
     * The p-th percentile by nearest rank of the first {@code count} values of {@code sorted}: the
     * value of rank {@code ⌈p / 100 · count⌉} counting from 1, and the smallest value for p = 0.
     *
     * @param sorted values in ascending order in {@code [0, count)}
     * @param count how many values there are, at least 1
     * @param p the percentile, in [0, 100]
     */
    public static long percentileNearestRank(long[] sorted, int count, double p) {
        requireArgument(count >= 1 && count <= sorted.length,
                "count must be in [1, %s]: %s", sorted.length, count);
        requireArgument(p >= 0.0 && p <= 100.0, "percentile must be in [0, 100]: %s", p);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count, rank) - 1)];
    }

    /**
     * The median by linear interpolation: the middle value of an odd number of values, the mean
     * of the two middle values of an even number.
     *
     * @param sorted values in ascending order, at least one
     */
    public static double medianInterpolated(double[] sorted) {
        int n = sorted.length;
        requireArgument(n >= 1, "the median needs at least one value");
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /**
     * The higher median: the middle value of an odd number of values, the higher of the two
     * middle values of an even number (always one of the values).
     *
     * @param sorted values in ascending order, at least one
     */
    public static long higherMedian(long[] sorted) {
        requireArgument(sorted.length >= 1, "the median needs at least one value");
        return sorted[sorted.length / 2];
    }

    /**
     * The sMAPE of {@code forecast} against {@code actual}, in percent.
     *
     * @param forecast the forecasts
     * @param actual the actual values, as many as forecasts
     * @return the sMAPE, NaN when every term is 0/0 or there are none
     */
    public static double smape(double[] forecast, double[] actual) {
        requireArgument(forecast.length == actual.length,
                "%s forecasts for %s actual values", forecast.length, actual.length);
        RunningSmape s = new RunningSmape();
        for (int i = 0; i < actual.length; i++) {
            s.add(forecast[i], actual[i]);
        }
        return s.percent();
    }

    /** The sMAPE of forecasts added one at a time. Not thread-safe. */
    public static final class RunningSmape {

        private double sum;
        private long count;

        /** Adds one forecast and its actual value; skips the term when both are 0. */
        public void add(double forecast, double actual) {
            double denominator = Math.abs(forecast) + Math.abs(actual);
            if (denominator != 0.0) {
                sum += Math.abs(forecast - actual) / denominator;
                count++;
            }
        }

        /** The number of terms in the mean (those added, less the 0/0 ones). */
        public long count() {
            return count;
        }

        /** The sMAPE in percent of the terms so far; NaN for none. */
        public double percent() {
            return count == 0 ? Double.NaN : 200.0 * sum / count;
        }
    }
}
