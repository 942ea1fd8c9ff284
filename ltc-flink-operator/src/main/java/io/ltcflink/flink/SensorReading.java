package io.ltcflink.flink;

import java.util.Arrays;
import java.util.Objects;

/**
 * One reading of one sensor: the operator's input. A Flink POJO (public fields, no-arg
 * constructor), so it travels without Kryo.
 */
public class SensorReading {

    /** The sensor (stream key); must not be null or empty. */
    public String key;

    /** Event time in epoch milliseconds. */
    public long timestamp;

    /** The observed values, one per channel. */
    public double[] values;

    public SensorReading() {}

    public SensorReading(String key, long timestamp, double[] values) {
        this.key = key;
        this.timestamp = timestamp;
        this.values = values;
    }

    /** The values as text, for dead letters and logs. */
    public String describe() {
        return String.format("key=%s, timestamp=%s, values=%s", key, timestamp, Arrays.toString(values));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SensorReading)) {
            return false;
        }
        SensorReading r = (SensorReading) o;
        return timestamp == r.timestamp && Objects.equals(key, r.key) && Arrays.equals(values, r.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, timestamp) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "SensorReading{" + describe() + "}";
    }
}
