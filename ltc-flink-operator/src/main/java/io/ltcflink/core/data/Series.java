package io.ltcflink.core.data;

import io.ltcflink.core.Checks;

/**
 * An irregularly sampled multichannel time series with optional anomaly labels: the common
 * currency of the data generator, the trainer, the benchmarks and the demo. Immutable.
 *
 * <p>Sample {@code k} was observed at time {@code t[k]} (strictly increasing, model time units)
 * with values {@code x[k]} (all rows the same width); {@code label[k]} is 0 for normal samples and
 * an anomaly code otherwise.
 */
public final class Series {

    private final double[] t;
    private final double[][] x;
    private final int[] label;

    /**
     * @param t sample times, strictly increasing and finite (copied)
     * @param x values, one row per sample, equal widths, finite (copied)
     * @param label anomaly labels, one per sample, or null for all zero (copied)
     */
    public Series(double[] t, double[][] x, int[] label) {
        Checks.requireArgument(t.length == x.length,
                "t has %s samples but x has %s", t.length, x.length);
        Checks.requireArgument(label == null || label.length == t.length,
                "label has %s samples but t has %s", label == null ? 0 : label.length, t.length);
        int width = x.length == 0 ? 0 : x[0].length;
        this.t = t.clone();
        this.x = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
            Checks.requireArgument(Double.isFinite(t[k]), "t[%s] must be finite: %s", k, t[k]);
            Checks.requireArgument(k == 0 || t[k] > t[k - 1],
                    "t must be strictly increasing: t[%s] = %s after %s", k, t[k], k == 0 ? 0 : t[k - 1]);
            Checks.requireArgument(x[k].length == width,
                    "x[%s] has %s channels but x[0] has %s", k, x[k].length, width);
            Checks.requireFinite(x[k], "x[" + k + "]");
            this.x[k] = x[k].clone();
        }
        this.label = label == null ? new int[t.length] : label.clone();
    }

    /** Number of samples. */
    public int size() {
        return t.length;
    }

    /** Number of channels. */
    public int channels() {
        return x.length == 0 ? 0 : x[0].length;
    }

    /** Time of sample {@code k}. */
    public double time(int k) {
        return t[k];
    }

    /** Gap before sample {@code k} ({@code t[k] − t[k−1]}); 0 for the first sample. */
    public double gap(int k) {
        return k == 0 ? 0.0 : t[k] - t[k - 1];
    }

    /** Channel {@code c} of sample {@code k}. */
    public double value(int k, int c) {
        return x[k][c];
    }

    /** A copy of sample {@code k}'s values. */
    public double[] values(int k) {
        return x[k].clone();
    }

    /** Anomaly label of sample {@code k} (0 = normal). */
    public int label(int k) {
        return label[k];
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive) as a new series. */
    public Series slice(int from, int to) {
        Checks.requireArgument(0 <= from && from <= to && to <= size(),
                "slice [%s, %s) out of range for %s samples", from, to, size());
        double[] ts = java.util.Arrays.copyOfRange(t, from, to);
        double[][] xs = java.util.Arrays.copyOfRange(x, from, to);
        int[] ls = java.util.Arrays.copyOfRange(label, from, to);
        return new Series(ts, xs, ls);
    }

    @Override
    public String toString() {
        return String.format("Series{%s samples, %s channels, t=[%s, %s]}", size(), channels(),
                size() == 0 ? "" : t[0], size() == 0 ? "" : t[size() - 1]);
    }
}
