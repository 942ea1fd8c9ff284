package io.ltcflink.core.engine;

/**
 * Everything a {@link CellForecaster} keeps per key, in one value (one state read and one write per
 * record). A mutable record owned by the engine; its fields are public for the state serializer
 * of the streaming operator, which writes and reads every one of them.
 */
public final class KeyState {

    /** The id of the model that built this state; another model resets the key. */
    public String modelId;
    /** Event time of the key's last accepted record, epoch milliseconds. */
    public long lastTimestamp;
    /** The cell state after evolving to {@link #lastTimestamp}. */
    public double[] hidden;
    /** The key's last accepted reading (all channels, as received). */
    public double[] lastInput;
    /** The scorer's per-key statistics. */
    public double[] scorer;
    /** The input normaliser's per-key statistics (empty without a normaliser). */
    public double[] normalizer = new double[0];
    /** The readout adapter's per-key weights (empty without an adapter). */
    public double[] adapter = new double[0];
    /** The prediction interval's per-key half-widths (empty without an interval). */
    public double[] interval = new double[0];
    /** Whether an alert is open (hysteresis). */
    public boolean alertActive;
    /** Time of the key's last alert, or {@link Long#MIN_VALUE}. */
    public long lastAlertTime = Long.MIN_VALUE;

    public KeyState() {}

    public KeyState(String modelId, long lastTimestamp, double[] hidden, double[] lastInput, double[] scorer) {
        this.modelId = modelId;
        this.lastTimestamp = lastTimestamp;
        this.hidden = hidden;
        this.lastInput = lastInput;
        this.scorer = scorer;
    }

    public KeyState deepCopy() {
        KeyState c = new KeyState(modelId, lastTimestamp, hidden.clone(), lastInput.clone(),
                scorer.clone());
        c.alertActive = alertActive;
        c.lastAlertTime = lastAlertTime;
        c.normalizer = normalizer.clone();
        c.adapter = adapter.clone();
        c.interval = interval.clone();
        return c;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KeyState)) {
            return false;
        }
        KeyState s = (KeyState) o;
        return lastTimestamp == s.lastTimestamp && alertActive == s.alertActive
                && lastAlertTime == s.lastAlertTime && java.util.Objects.equals(modelId, s.modelId)
                && java.util.Arrays.equals(hidden, s.hidden)
                && java.util.Arrays.equals(lastInput, s.lastInput)
                && java.util.Arrays.equals(scorer, s.scorer)
                && java.util.Arrays.equals(normalizer, s.normalizer)
                && java.util.Arrays.equals(adapter, s.adapter)
                && java.util.Arrays.equals(interval, s.interval);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(modelId, lastTimestamp) * 31 + java.util.Arrays.hashCode(hidden);
    }
}
