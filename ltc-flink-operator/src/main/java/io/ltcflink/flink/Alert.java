package io.ltcflink.flink;

import java.util.Arrays;
import java.util.Objects;

/** An anomaly alert: one per incident (hysteresis and cool-down suppress repeats). A POJO. */
public class Alert {

    public String key;
    public long timestamp;
    public double score;
    public double[] forecast;
    public double[] actual;
    /** The reading channels that drove the alert, most anomalous first. */
    public int[] channels = new int[0];
    /** Per channel: +1 the reading was above its forecast, −1 below. */
    public int[] directions = new int[0];
    /** The id of the model whose forecast raised the alert (null when none is named). */
    public String modelId;

    public Alert() {}

    public Alert(String key, long timestamp, double score, double[] forecast, double[] actual) {
        this.key = key;
        this.timestamp = timestamp;
        this.score = score;
        this.forecast = forecast;
        this.actual = actual;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Alert)) {
            return false;
        }
        Alert a = (Alert) o;
        return timestamp == a.timestamp && Double.compare(score, a.score) == 0
                && Objects.equals(key, a.key) && Arrays.equals(forecast, a.forecast)
                && Arrays.equals(actual, a.actual) && Arrays.equals(channels, a.channels)
                && Arrays.equals(directions, a.directions)
                && Objects.equals(modelId, a.modelId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, timestamp, score);
    }

    @Override
    public String toString() {
        return String.format("Alert{key=%s, t=%s, score=%s, forecast=%s, actual=%s, channels=%s,"
                        + " directions=%s}", key, timestamp, score, Arrays.toString(forecast),
                Arrays.toString(actual), Arrays.toString(channels), Arrays.toString(directions));
    }
}
