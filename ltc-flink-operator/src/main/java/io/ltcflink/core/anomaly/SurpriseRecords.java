package io.ltcflink.core.anomaly;

/*
 * Implementation notes
 *
 * The caller's surprise (in the operator: the absolute forecast residual of the per-key readout,
 * in units of the key's running deviation), averaged like the value in SmoothedRecords (half-life
 * smoothHalfLife records), scores by how far it breaks its all-time record, relative to the
 * record: surpriseWeight * max(0, m - mmax) / mmax. The record starts after the warm-up and
 * scores from noveltyWarmUp records on, since the readout's first forecasts are poor. A change of
 * the dynamics that keeps values and levels in their ranges (spikes that come more often, a
 * rhythm that changes) makes the forecast worse than it has ever been; the prediction error is
 * the signal HTM's detector scores [1].
 *
 * State: [average surprise, its highest after the warm-up].
 *
 * [1] S. Ahmad, A. Lavin, S. Purdy, Z. Agha, "Unsupervised real-time anomaly detection for
 *     streaming data", Neurocomputing 262, 2017.
 */

/** Forecast-surprise records: how far the moving average of the surprise tops its record. */
final class SurpriseRecords implements Channel {

    private static final long serialVersionUID = 1L;

    private static final int AVERAGE = 0;
    private static final int RECORD = 1;
    private static final int SLOTS = 2;

    private final int warmUp;
    private final int noveltyWarmUp;
    private final double weight;
    private final double gain;

    /**
     * Uses the warm-up, the context novelty's warm-up, the surprise weight and the smoothed
     * records' half-life of {@code config}.
     */
    SurpriseRecords(NoveltyDetector.Config config) {
        this.warmUp = config.warmUp;
        this.noveltyWarmUp = config.noveltyWarmUp;
        this.weight = config.surpriseWeight;
        this.gain = SmoothedRecords.gain(config.smoothHalfLife);
    }

    @Override
    public int slots() {
        return SLOTS;
    }

    @Override
    public void first(double[] state, int at, int table, long timestampMillis, double value,
            double[] hidden, double surprise) {
        state[at + AVERAGE] += (surprise - state[at + AVERAGE]) * gain;
    }

    @Override
    public double score(double[] state, int at, int table, double seen, double elapsed,
            double step, long timestampMillis,
            double value, double[] hidden, double surprise) {
        double m = state[at + AVERAGE]
                + (surprise - state[at + AVERAGE]) * SmoothedRecords.gain(step, gain);
        double record = state[at + RECORD];
        double raw = elapsed > noveltyWarmUp && elapsed > warmUp && record > 0
                ? weight * Math.max(0, m - record) / record
                : 0;
        if (elapsed > warmUp) {
            state[at + RECORD] = Math.max(record, m);
        }
        state[at + AVERAGE] = m;
        return raw;
    }

    @Override
    public String toString() {
        return "SurpriseRecords{warmUp=" + warmUp + ", noveltyWarmUp=" + noveltyWarmUp
                + ", weight=" + weight + ", gain=" + gain + "}";
    }
}
