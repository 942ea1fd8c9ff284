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
    CARRY;

    /** The policy {@code name} spells ({@code reset} or {@code carry}, any case). */
    public static SwapPolicy fromName(String name) {
        for (SwapPolicy p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(String.format("must be reset or carry: %s", name));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
