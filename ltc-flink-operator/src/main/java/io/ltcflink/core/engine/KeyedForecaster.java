package io.ltcflink.core.engine;

/**
 * The per-key forecasting engine, free of any streaming framework: for each valid reading of a
 * key, in the key's time order, it owns the time semantics (first record, late, duplicate
 * timestamp, long gap, a state built by another model) and <b>evolve, then read, then compare,
 * then score, then alert</b>. A streaming operator around it only keeps the state, checks the
 * input, orders it and emits what {@link Outcome} says.
 *
 * <p>Not thread-safe: one instance per thread (it reuses its buffers and its outcome).
 *
 * @param <S> the per-key state
 */
public interface KeyedForecaster<S> {

    /** How many values a reading has. */
    int channels();

    /** The reading channels compared with the forecast, in output order. */
    int[] targets();

    /**
     * Handles one reading of a key.
     *
     * @param state the key's state, or null for a key without one. Modified.
     * @param timestamp the reading's event time, epoch milliseconds
     * @param values the reading, {@link #channels()} finite values. Not modified.
     * @return the state to keep: {@code state} itself, a new state (first record or reset), or
     *     null when nothing changed (a late record)
     */
    S onRecord(S state, long timestamp, double[] values);

    /** What the last {@link #onRecord} made of its record; reused by the next call. */
    Outcome outcome();
}
