package io.ltcflink.core.train;

import io.ltcflink.core.Checks;
import io.ltcflink.core.data.Series;
import java.util.Arrays;
import java.util.Map;

/**
 * The time unit a model steps in, measured in its training data's time units and stored in the
 * model file ({@value #KEY}). A model trained on data sampled every 0.05 s in that data's own
 * seconds sees gaps of about 0.05; its time constants then sit at the edge of what training can
 * move. Stepping in units of the data's typical gap (its median) puts the gaps near 1, where
 * training works best. Every consumer divides the data's gaps by the model's unit: evaluation,
 * the operator (event time → data time → model time), replay and the jobs. A model without the
 * key steps in its data's units (a unit of 1), as models always did.
 */
public final class ModelTimeUnit {

    /** The metadata key. */
    public static final String KEY = "time.unit";

    private ModelTimeUnit() {}

    /** The unit stored in {@code metadata}, or 1 when it has none. */
    public static double of(Map<String, String> metadata) {
        String v = metadata.get(KEY);
        if (v == null) {
            return 1.0;
        }
        double u;
        try {
            u = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    String.format("malformed %s in the model's metadata: '%s'", KEY, v), e);
        }
        Checks.requireArgument(u > 0 && Double.isFinite(u),
                "%s in the model's metadata must be positive and finite: %s", KEY, u);
        return u;
    }

    /**
     * The median of {@code series}'s positive gaps: the unit chosen from training data.
     *
     * @throws IllegalArgumentException if the series has no positive gap
     */
    public static double medianGap(Series series) {
        double[] gaps = new double[Math.max(0, series.size() - 1)];
        int n = 0;
        for (int k = 1; k < series.size(); k++) {
            double g = series.gap(k);
            if (g > 0 && Double.isFinite(g)) {
                gaps[n++] = g;
            }
        }
        Checks.requireArgument(n > 0, "the series has no positive gap to take a time unit from");
        Arrays.sort(gaps, 0, n);
        return n % 2 == 1 ? gaps[n / 2] : 0.5 * (gaps[n / 2 - 1] + gaps[n / 2]);
    }

    /** {@code series} with its times divided by {@code unit} (the same series when it is 1). */
    public static Series rescale(Series series, double unit) {
        Checks.requireArgument(unit > 0 && Double.isFinite(unit),
                "a time unit must be positive and finite: %s", unit);
        if (unit == 1.0) {
            return series;
        }
        double[] t = new double[series.size()];
        double[][] x = new double[series.size()][];
        int[] label = new int[series.size()];
        for (int k = 0; k < t.length; k++) {
            t[k] = series.time(k) / unit;
            x[k] = series.values(k);
            label[k] = series.label(k);
        }
        return new Series(t, x, label);
    }
}
