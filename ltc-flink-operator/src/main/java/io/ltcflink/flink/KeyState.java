package io.ltcflink.flink;

/**
 * Everything the operator keeps per key, in one value (one state read and one write per record).
 * Mutable, owned by the operator; serialised by {@link KeyStateSerializer}.
 */
final class KeyState {

    /** The id of the model that built this state; another model resets the key. */
    String modelId;
    /** Event time of the key's last accepted record, epoch milliseconds. */
    long lastTimestamp;
    /** The cell state after evolving to {@link #lastTimestamp}. */
    double[] hidden;
    /** The key's last accepted reading (all channels, as received). */
    double[] lastInput;
    /** The scorer's per-key statistics. */
    double[] scorer;
    /** The input normaliser's per-key statistics (empty without a normaliser). */
    double[] normalizer = new double[0];
    /** The readout adapter's per-key weights (empty without an adapter). */
    double[] adapter = new double[0];
    /** Whether an alert is open (hysteresis). */
    boolean alertActive;
    /** Time of the key's last alert, or {@link Long#MIN_VALUE}. */
    long lastAlertTime = Long.MIN_VALUE;

    KeyState() {}

    KeyState(String modelId, long lastTimestamp, double[] hidden, double[] lastInput, double[] scorer) {
        this.modelId = modelId;
        this.lastTimestamp = lastTimestamp;
        this.hidden = hidden;
        this.lastInput = lastInput;
        this.scorer = scorer;
    }

    KeyState deepCopy() {
        KeyState c = new KeyState(modelId, lastTimestamp, hidden.clone(), lastInput.clone(),
                scorer.clone());
        c.alertActive = alertActive;
        c.lastAlertTime = lastAlertTime;
        c.normalizer = normalizer.clone();
        c.adapter = adapter.clone();
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
                && java.util.Arrays.equals(adapter, s.adapter);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(modelId, lastTimestamp) * 31 + java.util.Arrays.hashCode(hidden);
    }
}
