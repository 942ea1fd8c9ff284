package io.ltcflink.core.engine;

/**
 * What a {@link Scorer} sees of one record: its time, the gap before it, the compared channels'
 * values, the forecast and residual in data units and in the key's normalised units, and the
 * cell's state after evolving to the record's time (before seeing it).
 *
 * <p>One instance is reused for every record of a subtask: a scorer reads it during the call and
 * must not keep it or its arrays. The arrays are the operator's own; do not modify them.
 */
public final class Observation {

    private long timestamp;
    private double dt;
    private boolean first;
    private double[] actual = new double[0];
    private double[] forecast = new double[0];
    private double[] residual = new double[0];
    private double[] normalizedResidual = new double[0];
    private double[] hidden = new double[0];

    Observation() {}

    /** Fills the observation of a forecast record. */
    Observation set(long timestamp, double dt, double[] actual, double[] forecast,
            double[] residual, double[] normalizedResidual, double[] hidden) {
        this.timestamp = timestamp;
        this.dt = dt;
        this.first = false;
        this.actual = actual;
        this.forecast = forecast;
        this.residual = residual;
        this.normalizedResidual = normalizedResidual;
        this.hidden = hidden;
        return this;
    }

    /** Fills the observation of a key's first record (no forecast, empty residuals). */
    Observation setFirst(long timestamp, double[] actual, double[] hidden) {
        this.timestamp = timestamp;
        this.dt = 0;
        this.first = true;
        this.actual = actual;
        this.forecast = new double[0];
        this.residual = new double[0];
        this.normalizedResidual = new double[0];
        this.hidden = hidden;
        return this;
    }

    /** Event time, epoch milliseconds. */
    public long timestamp() {
        return timestamp;
    }

    /** The gap before this record in model time units (0 for a first or duplicate record). */
    public double dt() {
        return dt;
    }

    /** Whether this is a key's first record (or first after a reset): there is no forecast. */
    public boolean first() {
        return first;
    }

    /** The compared channels' values, in data units. */
    public double[] actual() {
        return actual;
    }

    /** The forecast of the compared channels, in data units (empty on a first record). */
    public double[] forecast() {
        return forecast;
    }

    /** actual − forecast, in data units (empty on a first record). */
    public double[] residual() {
        return residual;
    }

    /**
     * The residual in the key's normalised units when an {@link InputNormalizer} is configured,
     * else the same as {@link #residual()} (empty on a first record).
     */
    public double[] normalizedResidual() {
        return normalizedResidual;
    }

    /** The cell's state at this record's time, evolved from the previous reading. */
    public double[] hidden() {
        return hidden;
    }
}
