package io.ltcflink.core.engine;

/** What happens when a key's gap exceeds the configured {@code maxGap}. */
public enum LongGapPolicy {
    /** The key restarts from the model's rest state; the record is treated as a first record. */
    RESET,
    /** The state integrates across the whole gap (with sub-stepping if configured). */
    KEEP_INTEGRATING
}
