package io.ltcflink.core.engine;

import java.io.Serializable;

/**
 * A per-key prediction interval around each forecast, calibrated online: for each compared channel
 * a half-width q is kept, the forecast is published with {@code [ŷ − q, ŷ + q]}, and once the reading
 * is seen q moves so that the long-run share of readings outside the interval tends to {@code 1 −
 * coverage}: {@code q ← q · exp(η · (miss − (1 − coverage)))}, where miss is 1 when the reading fell
 * outside. This is adaptive conformal inference's update (Gibbs and Candès, NeurIPS 2021) in the
 * multiplicative form, which needs no scale: each key's interval follows its own residuals,
 * whatever their units, and re-calibrates when they change. The first residual of a key sets q.
 *
 * <p>State per key: one half-width per compared channel.
 */
public final class IntervalEstimator implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double coverage;
    private final double rate;

    /**
     * @param coverage the target share of readings inside the interval, in (0, 1)
     * @param rate η, the step of the multiplicative update, in (0, 1]
     */
    public IntervalEstimator(double coverage, double rate) {
        if (!(coverage > 0 && coverage < 1) || !(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException(String.format(
                    "coverage must be in (0, 1) and the rate in (0, 1]: %s, %s", coverage, rate));
        }
        this.coverage = coverage;
        this.rate = rate;
    }

    /** 90 % coverage, η = 0.05. */
    public static IntervalEstimator defaults() {
        return new IntervalEstimator(0.9, 0.05);
    }

    public double coverage() {
        return coverage;
    }

    /** The state's length for {@code channels} compared channels. */
    int stateSize(int channels) {
        return channels;
    }

    /** Whether every half-width has been set by a first residual. */
    boolean calibrated(double[] state) {
        for (double q : state) {
            if (q == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The interval for a forecast. Modified: lower, upper.
     *
     * @param state the key's half-widths. Not modified.
     */
    void interval(double[] state, double[] forecast, double[] lower, double[] upper) {
        for (int i = 0; i < forecast.length; i++) {
            lower[i] = forecast[i] - state[i];
            upper[i] = forecast[i] + state[i];
        }
    }

    /**
     * Moves the half-widths after the readings were seen. Modified: state.
     *
     * @param residual actual − forecast, per channel
     */
    void update(double[] state, double[] residual) {
        double alpha = 1 - coverage;
        for (int i = 0; i < residual.length; i++) {
            double r = Math.abs(residual[i]);
            if (state[i] == 0) {
                // A key's first residual sets the scale (a tiny one if it was exact).
                state[i] = r > 0 ? r : Double.MIN_NORMAL;
                continue;
            }
            double miss = r > state[i] ? 1 : 0;
            state[i] *= Math.exp(rate * (miss - alpha));
        }
    }

    @Override
    public String toString() {
        return String.format("IntervalEstimator{coverage=%s, rate=%s}", coverage, rate);
    }
}
