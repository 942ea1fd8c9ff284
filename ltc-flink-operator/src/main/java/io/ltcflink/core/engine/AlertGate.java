package io.ltcflink.core.engine;

import java.io.Serializable;

/**
 * Hysteresis and a cool-down between a key's scores and its alerts, so that one incident gives one
 * alert: an alert opens when the score reaches the raise threshold (unless the key's last alert is
 * less than the cool-down ago), and no new one opens until the score has fallen below the clear
 * threshold.
 */
public final class AlertGate implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double raise;
    private final double clear;
    private final long coolDownMillis;

    /**
     * @param raise the score that opens an alert, in (0, 1]
     * @param clear the score below which an open alert closes, in [0, raise]
     * @param coolDownMillis the least time between two alerts of a key (≥ 0)
     */
    public AlertGate(double raise, double clear, long coolDownMillis) {
        if (!(raise > 0 && raise <= 1) || !(clear >= 0 && clear <= raise) || coolDownMillis < 0) {
            throw new IllegalArgumentException(String.format(
                    "need 0 < raise <= 1, 0 <= clear <= raise and coolDown >= 0: %s, %s, %s",
                    raise, clear, coolDownMillis));
        }
        this.raise = raise;
        this.clear = clear;
        this.coolDownMillis = coolDownMillis;
    }

    /** Whether this score at {@code timestamp} raises an alert. Modified: s. */
    boolean decide(KeyState s, long timestamp, double score) {
        if (s.alertActive) {
            if (score < clear) {
                s.alertActive = false;
            }
            return false;
        }
        if (score < raise) {
            return false;
        }
        if (s.lastAlertTime != Long.MIN_VALUE && timestamp - s.lastAlertTime < coolDownMillis) {
            return false;
        }
        s.alertActive = true;
        s.lastAlertTime = timestamp;
        return true;
    }

    @Override
    public String toString() {
        return String.format("AlertGate{raise=%s, clear=%s, coolDown=%s ms}", raise, clear,
                coolDownMillis);
    }
}
