package io.ltcflink.core.data;

import io.ltcflink.core.Checks;

/**
 * One injected anomaly: its type, its window {@code [start, end)} in observation time (the time
 * of the generated samples) and its magnitude (meaning per {@link AnomalyType}).
 */
public record Anomaly(AnomalyType type, double start, double end, double magnitude) {

    public Anomaly {
        Checks.requireArgument(type != null, "anomaly type must not be null");
        Checks.requireArgument(Double.isFinite(start) && start >= 0,
                "anomaly start must be finite and non-negative: %s", start);
        Checks.requireArgument(Double.isFinite(end) && end > start,
                "anomaly end must be finite and after its start: [%s, %s)", start, end);
        Checks.requireArgument(Double.isFinite(magnitude),
                "anomaly magnitude must be finite: %s", magnitude);
        Checks.requireArgument(type != AnomalyType.NOISE_BURST || magnitude >= 0,
                "a noise burst needs a non-negative magnitude: %s", magnitude);
        Checks.requireArgument(type != AnomalyType.DYNAMICS_CHANGE || magnitude > -1,
                "a dynamics change needs magnitude > -1 (parameter × (1 + magnitude)): %s",
                magnitude);
    }

    /** Whether {@code t} lies in {@code [start, end)}. */
    public boolean covers(double t) {
        return t >= start && t < end;
    }
}
