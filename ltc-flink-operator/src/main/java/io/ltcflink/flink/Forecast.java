package io.ltcflink.flink;

import io.ltcflink.core.engine.ForecastFlags;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The operator's main output, one per accepted reading: the forecast the model made for this
 * reading's time before seeing it, the reading, the residual and the anomaly score. Serialised by
 * {@link ForecastSerializer} (no reflection, no Kryo).
 */
@TypeInfo(ForecastTypeInfo.Factory.class)
public class Forecast {

    /** Flag: the key's first record (or first after a reset): no forecast was possible. */
    public static final int FIRST = ForecastFlags.FIRST;
    /** Flag: the key's state was reset before this record (long gap or model change). */
    public static final int RESET = ForecastFlags.RESET;
    /** Flag: the gap exceeded the configured long-gap threshold. */
    public static final int LONG_GAP = ForecastFlags.LONG_GAP;
    /** Flag: same timestamp as the key's previous record; the state did not evolve. */
    public static final int DUPLICATE_TIME = ForecastFlags.DUPLICATE_TIME;
    /** Flag: the record was buffered and released by the watermark (event-time mode). */
    public static final int REORDERED = ForecastFlags.REORDERED;

    public String key;
    public long timestamp;
    /** Gap since the key's previous record in model time units (0 on a first record). */
    public double dt;
    /** The forecast ŷ (empty on a first record). */
    public double[] forecast;
    /** The observed values of the compared channels. */
    public double[] actual;
    /** actual − forecast (empty on a first record). */
    public double[] residual;
    /**
     * The prediction interval's lower and upper bounds per compared channel, at the coverage the
     * operator is configured with, calibrated per key online (empty on a first record, before a
     * key's first residual has set its scale, or without an interval).
     */
    public double[] lower = new double[0];
    public double[] upper = new double[0];
    /** Anomaly score in [0, 1]. */
    public double score;
    /** Whether this record raised an alert. */
    public boolean alert;
    /** A combination of the flag constants. */
    public int flags;
    /** The id of the model that made the forecast (null from engines that name none). */
    public String modelId;
    /**
     * CPU time the model's computation for this record took on the operator's thread, in
     * nanoseconds, or 0 when not measured (see {@link LtcOperatorConfig.Builder#measureCpuTime}).
     * A measurement, not part of the result: {@link #equals} ignores it.
     */
    public long cpuNanos;

    public Forecast() {}

    public boolean isFirst() {
        return (flags & FIRST) != 0;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Forecast)) {
            return false;
        }
        Forecast f = (Forecast) o;
        return timestamp == f.timestamp && Double.compare(dt, f.dt) == 0
                && Double.compare(score, f.score) == 0 && alert == f.alert && flags == f.flags
                && Objects.equals(key, f.key) && Objects.equals(modelId, f.modelId)
                && Arrays.equals(forecast, f.forecast)
                && Arrays.equals(actual, f.actual) && Arrays.equals(residual, f.residual)
                && Arrays.equals(lower, f.lower) && Arrays.equals(upper, f.upper);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, timestamp, flags) * 31 + Arrays.hashCode(forecast);
    }

    @Override
    public String toString() {
        return String.format("Forecast{key=%s, t=%s, dt=%s, forecast=%s, actual=%s, score=%s, alert=%s,"
                        + " flags=%s, model=%s, cpuNanos=%s}", key, timestamp, dt,
                Arrays.toString(forecast), Arrays.toString(actual), score, alert, flags, modelId,
                cpuNanos);
    }
}
