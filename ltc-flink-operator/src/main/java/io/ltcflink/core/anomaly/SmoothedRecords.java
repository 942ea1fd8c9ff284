package io.ltcflink.core.anomaly;

/*
 * Implementation notes
 *
 * Value records at one more time scale: the exponentially weighted average of the values, with a
 * half-life of smoothHalfLife records, scores like a value (ValueRecords) against the range of all
 * earlier averages, weighted by smoothWeight. A single spike sets the value record for good but
 * moves the average little, so a later shift of the level, or a burst that lasts, still breaks
 * the average's record when no single value is a record (a level shift inside the range of an old
 * spike). The average and its range follow every record, the warm-up included.
 *
 * State: [average, its lowest, its highest].
 */

/** Smoothed records: how far the values' moving average breaks out of its own past range. */
final class SmoothedRecords implements Channel {

    private static final long serialVersionUID = 1L;

    private static final int AVERAGE = 0;
    private static final int LO = 1;
    private static final int HI = 2;
    private static final int SLOTS = 3;

    private final int warmUp;
    private final double weight;
    private final double gain;

    /** Uses the warm-up and the smoothed records' half-life and weight of {@code config}. */
    SmoothedRecords(NoveltyDetector.Config config) {
        this.warmUp = config.warmUp;
        this.weight = config.smoothWeight;
        this.gain = gain(config.smoothHalfLife);
    }

    /** The weight of a new value in an exponentially weighted average of this half-life. */
    static double gain(double halfLife) {
        return 1 - Math.pow(2, -1 / halfLife);
    }

    /**
     * The weight of a new value {@code step} periods after the last one, for an average whose
     * weight is {@code gain} after one period: 1 − (1 − gain)^step, so the average forgets at
     * the same rate in event time however many records a period brings.
     */
    static double gain(double step, double gain) {
        return step == 1 ? gain : -Math.expm1(step * Math.log1p(-gain));
    }

    @Override
    public int slots() {
        return SLOTS;
    }

    @Override
    public void first(double[] state, int at, int table, long timestampMillis, double value,
            double[] hidden, double surprise) {
        state[at + AVERAGE] = value;
        state[at + LO] = value;
        state[at + HI] = value;
    }

    @Override
    public double score(double[] state, int at, int table, double seen, double elapsed,
            double step, long timestampMillis,
            double value, double[] hidden, double surprise) {
        double m = state[at + AVERAGE] + (value - state[at + AVERAGE]) * gain(step, gain);
        double raw = elapsed > warmUp
                ? weight * ValueRecords.breakout(m, state[at + LO], state[at + HI])
                : 0;
        state[at + AVERAGE] = m;
        state[at + LO] = Math.min(m, state[at + LO]);
        state[at + HI] = Math.max(m, state[at + HI]);
        return raw;
    }

    @Override
    public String toString() {
        return "SmoothedRecords{warmUp=" + warmUp + ", weight=" + weight + ", gain=" + gain + "}";
    }
}
