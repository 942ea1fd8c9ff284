package io.ltcflink.core.anomaly;

/*
 * Implementation notes
 *
 * With [lo, hi] the range of all past values, a value x scores
 *   r = max(x - hi, lo - x, 0) / (hi - lo):
 * zero inside the range, the relative size of the breakout outside it. This is the strongest
 * single signal on NAB [1]: most labelled anomalies there are values the stream has never reached.
 * (Numenta's NAB detector adds the same kind of check to HTM as a "spatial anomaly".) The range
 * widens during the warm-up too; only the score waits for it.
 *
 * State: [lo, hi].
 *
 * [1] A. Lavin and S. Ahmad, "Evaluating Real-time Anomaly Detection Algorithms - the Numenta
 *     Anomaly Benchmark", 14th IEEE ICMLA, 2015.
 */

/** Value records: how far a value breaks out of the range of all earlier values. */
final class ValueRecords implements Channel {

    private static final long serialVersionUID = 1L;

    private static final int LO = 0;
    private static final int HI = 1;
    private static final int SLOTS = 2;

    private final int warmUp;

    /** Uses the warm-up of {@code config}. */
    ValueRecords(NoveltyDetector.Config config) {
        this.warmUp = config.warmUp;
    }

    /**
     * How far x lies outside [lo, hi], relative to the width; 0 inside. An empty range counts
     * as 1e-12 of its end's size wide (of 1 near zero).
     */
    static double breakout(double x, double lo, double hi) {
        double out = Math.max(x - hi, lo - x);
        return out > 0 ? out / Math.max(hi - lo, 1e-12 * Math.max(Math.abs(hi), 1)) : 0;
    }

    @Override
    public int slots() {
        return SLOTS;
    }

    @Override
    public void first(double[] state, int at, int table, long timestampMillis, double value,
            double[] hidden, double surprise) {
        state[at + LO] = value;
        state[at + HI] = value;
    }

    @Override
    public double score(double[] state, int at, int table, double seen, double elapsed,
            double step, long timestampMillis,
            double value, double[] hidden, double surprise) {
        double lo = state[at + LO];
        double hi = state[at + HI];
        state[at + LO] = Math.min(lo, value);
        state[at + HI] = Math.max(hi, value);
        return elapsed > warmUp ? breakout(value, lo, hi) : 0;
    }

    @Override
    public String toString() {
        return "ValueRecords{warmUp=" + warmUp + "}";
    }
}
