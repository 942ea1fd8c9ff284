package io.ltcflink.core.engine;

import java.util.Locale;

/** What a key's state becomes when its records start to be governed by another model. */
public enum SwapPolicy {
    /** The key starts afresh under the new model, as if its first record came at the switch. */
    RESET,
    /**
     * The new model steps on from the key's state when both models lay their state out the same
     * way (a retrained model of the same shape); otherwise the key is reset (a carry fallback).
     */
    CARRY,
    /**
     * As {@link #CARRY}, and the key's anomaly statistics (the scorer's, the prediction
     * interval's, the alert state) start afresh from its last reading: the new model's forecasts
     * go on from the carried state at once, while its scores warm up as at a key's first record
     * (no alerts during the scorer's warm-up) and its interval recalibrates, instead of judging
     * the new model's residuals by the statistics of the old one's.
     */
    CARRY_WARM;

    /** The policy {@code name} spells ({@code reset}, {@code carry} or {@code carry-warm}, any case). */
    public static SwapPolicy fromName(String name) {
        for (SwapPolicy p : values()) {
            if (p.toString().equalsIgnoreCase(name) || p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(String.format("must be reset, carry or carry-warm: %s",
                name));
    }

    /** Whether the key's state goes over to the new model when the layouts match. */
    public boolean carries() {
        return this != RESET;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
