package io.ltcflink.core.engine;

/** The flags a per-key forecast carries: which edge case of the time semantics applied. */
public final class ForecastFlags {

    /** The key's first record (or first after a reset): no forecast was possible. */
    public static final int FIRST = 1;
    /** The key's state was reset before this record (long gap, model or layout change). */
    public static final int RESET = 2;
    /** The gap exceeded the configured long-gap threshold. */
    public static final int LONG_GAP = 4;
    /** Same timestamp as the key's previous record; the state did not evolve. */
    public static final int DUPLICATE_TIME = 8;
    /** The record was buffered and released by the watermark (event-time order). */
    public static final int REORDERED = 16;

    private ForecastFlags() {}
}
