package io.ltcflink.core.anomaly;

/*
 * Implementation notes
 *
 * Daily-profile residuals. The day is cut into seasonalBins bins of the time of day; each keeps
 * the average of the values that fell into it (a running mean over its first seasonalMemory
 * values, then exponentially weighted with weight 1 / seasonalMemory). Once a bin has seen
 * seasonalMinReadings values, a value's residual e = x - (its bin's average) scores like a value
 * record (ValueRecords), against the range of all earlier residuals:
 * seasonalWeight * max(e - emax, emin - e, 0) / (emax - emin), after MIN_RESIDUALS residuals have
 * set the range. A daily shape that breaks (a flat stretch where the day usually rises, a jump
 * that does not come, a level that is ordinary for the stream but not for the hour) scores here
 * even when no value leaves the stream's range; the classical seasonal decomposition [1] with the
 * season's profile learnt online. A stream without a daily rhythm has a flat profile, and then e
 * is the deviation from a running mean of a few days.
 *
 * State: [emin, emax, residuals seen]; table: seasonalBins x (values seen, average).
 *
 * [1] R. B. Cleveland, W. S. Cleveland, J. E. McRae, I. Terpenning, "STL: A seasonal-trend
 *     decomposition procedure based on loess", Journal of Official Statistics 6, 1990.
 */

/** Daily-profile residuals: how far a value's distance from its hour's usual breaks its record. */
final class SeasonalResiduals implements Channel {

    private static final long serialVersionUID = 1L;

    private static final int LO = 0;
    private static final int HI = 1;
    private static final int SEEN = 2;
    private static final int SLOTS = 3;

    /** Per bin in the table: values seen, then their average. */
    private static final int BIN_SIZE = 2;

    /** Residuals that set the range before they score. */
    static final int MIN_RESIDUALS = 50;

    private static final long DAY_MILLIS = 86_400_000L;

    private final int warmUp;
    private final double weight;
    private final int bins;
    private final double memory;
    private final int minReadings;

    /** Uses the warm-up and the seasonal settings of {@code config}. */
    SeasonalResiduals(NoveltyDetector.Config config) {
        this.warmUp = config.warmUp;
        this.weight = config.seasonalWeight;
        this.bins = config.seasonalBins;
        this.memory = config.seasonalMemory;
        this.minReadings = config.seasonalMinReadings;
    }

    @Override
    public int slots() {
        return SLOTS;
    }

    @Override
    public int tableSize() {
        return BIN_SIZE * bins;
    }

    @Override
    public void first(double[] state, int at, int table, long timestampMillis, double value,
            double[] hidden, double surprise) {
        learn(state, bin(table, timestampMillis), value);
    }

    @Override
    public double score(double[] state, int at, int table, double seen, double elapsed,
            double step, long timestampMillis,
            double value, double[] hidden, double surprise) {
        int bin = bin(table, timestampMillis);
        double raw = 0;
        if (state[bin] >= minReadings) {
            double e = value - state[bin + 1];
            double residuals = state[at + SEEN];
            if (residuals >= MIN_RESIDUALS && elapsed > warmUp) {
                raw = weight * ValueRecords.breakout(e, state[at + LO], state[at + HI]);
            }
            state[at + LO] = residuals == 0 ? e : Math.min(state[at + LO], e);
            state[at + HI] = residuals == 0 ? e : Math.max(state[at + HI], e);
            state[at + SEEN] = residuals + 1;
        }
        learn(state, bin, value);
        return raw;
    }

    /** Where the bin of the time of day starts in the table. */
    private int bin(int table, long timestampMillis) {
        return table + BIN_SIZE
                * (int) (Math.floorMod(timestampMillis, DAY_MILLIS) * bins / DAY_MILLIS);
    }

    /** Folds the value into its bin's average. Modified: state[bin, bin + BIN_SIZE). */
    private void learn(double[] state, int bin, double value) {
        double count = state[bin];
        state[bin + 1] += (value - state[bin + 1]) / Math.min(count + 1, memory);
        state[bin] = count + 1;
    }

    @Override
    public String toString() {
        return String.format("SeasonalResiduals{warmUp=%s, weight=%s, bins=%s, memory=%s,"
                + " minReadings=%s}", warmUp, weight, bins, memory, minReadings);
    }
}
