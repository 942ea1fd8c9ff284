package io.ltcflink.core.engine;

/**
 * What a {@link KeyedForecaster} made of one record: a forecast, a key's first record, or a record
 * older than its key's last one. One instance is reused for every record of an engine; its arrays
 * are valid until the next call and must be copied to be kept.
 */
public final class Outcome {

    /** The three things a record can turn into. */
    public enum Kind {
        /** The record was forecast, compared and scored. */
        FORECAST,
        /** The key's first record (or first after a reset): its state starts here, no forecast. */
        FIRST,
        /** Older than the key's last record (arrival order): nothing changed. */
        LATE
    }

    Kind kind;
    double dt;
    final double[] forecast;
    final double[] actual;
    final double[] residual;
    final double[] lower;
    final double[] upper;
    boolean hasInterval;
    double score;
    boolean alert;
    int[] alertChannels = new int[0];
    int[] alertDirections = new int[0];
    int flags;
    boolean modelReset;
    long stepNanos;
    long cpuNanos;
    long lastTimestamp;
    String modelId;
    SwitchAction switchAction = SwitchAction.NONE;

    /** What a model switch did to the record's key (counted once per key and switch). */
    public enum SwitchAction {
        /** No switch: the key's state belongs to the model that handled the record. */
        NONE,
        /** The key's state belonged to another model and the key was started afresh. */
        RESET,
        /** The key's state was carried over to the new model. */
        CARRY,
        /** Carry was asked for but the models' state layouts differ: the key was reset. */
        CARRY_FALLBACK
    }

    private static final int[] NONE = new int[0];

    Outcome(int outputs) {
        forecast = new double[outputs];
        actual = new double[outputs];
        residual = new double[outputs];
        lower = new double[outputs];
        upper = new double[outputs];
    }

    void reset() {
        kind = null;
        dt = 0;
        score = 0;
        alert = false;
        hasInterval = false;
        alertChannels = NONE;
        alertDirections = NONE;
        flags = 0;
        modelReset = false;
        stepNanos = -1;
        cpuNanos = 0;
        lastTimestamp = Long.MIN_VALUE;
        switchAction = SwitchAction.NONE;
    }

    public Kind kind() {
        return kind;
    }

    /** The gap before the record in model time units (0 on a first record). */
    public double dt() {
        return dt;
    }

    /** The forecast of the compared channels (undefined unless {@link Kind#FORECAST}). */
    public double[] forecast() {
        return forecast;
    }

    /** The observed values of the compared channels (on forecasts and first records). */
    public double[] actual() {
        return actual;
    }

    /** actual − forecast (undefined unless {@link Kind#FORECAST}). */
    public double[] residual() {
        return residual;
    }

    /** Whether {@link #lower()} and {@link #upper()} hold a prediction interval. */
    public boolean hasInterval() {
        return hasInterval;
    }

    /** The prediction interval's lower bounds (when {@link #hasInterval()}). */
    public double[] lower() {
        return lower;
    }

    /** The prediction interval's upper bounds (when {@link #hasInterval()}). */
    public double[] upper() {
        return upper;
    }

    /** The anomaly score in [0, 1] (0 on a first record). */
    public double score() {
        return score;
    }

    /** Whether the record raised an alert. */
    public boolean alert() {
        return alert;
    }

    /**
     * On an alert, the reading channels that drove it, most anomalous first: those whose reading
     * fell outside its prediction interval, else the one farthest from its forecast in units of
     * its interval's half-width (in units of its residual's size without an interval).
     */
    public int[] alertChannels() {
        return alertChannels;
    }

    /** On an alert, per {@link #alertChannels()}: +1 the reading was above its forecast, −1 below. */
    public int[] alertDirections() {
        return alertDirections;
    }

    /** A combination of {@link ForecastFlags}. */
    public int flags() {
        return flags;
    }

    /** Whether the key's state was built by another model and was reset. */
    public boolean modelReset() {
        return modelReset;
    }

    /** Wall time of the model step in nanoseconds, or −1 when no step was taken. */
    public long stepNanos() {
        return stepNanos;
    }

    /** Thread CPU time of the model step when measured, else 0. */
    public long cpuNanos() {
        return cpuNanos;
    }

    /** The id of the model that handled the record (null for engines that name none). */
    public String modelId() {
        return modelId;
    }

    /** What a model switch did to the record's key before it was handled. */
    public SwitchAction switchAction() {
        return switchAction;
    }

    /** On {@link Kind#LATE}: the key's last timestamp. */
    public long lastTimestamp() {
        return lastTimestamp;
    }
}
