package io.ltcflink.core.engine;

import java.util.Arrays;

/**
 * What a {@link WindowKeyedForecaster} keeps per key: the key's last readings (at most the
 * window), oldest first, with the gap before each, the last timestamp and the scorer's statistics.
 * The window holds raw readings, not model state, so it stays valid when the model is swapped for
 * another of the same width. A mutable record owned by the engine; its fields are public for the
 * state serializer of the streaming operator.
 */
public final class WindowState {

    /** Event time of the key's last accepted record, epoch milliseconds. */
    public long lastTimestamp;
    /** The width of a reading. */
    public int channels;
    /** The number of readings held. */
    public int count;
    /** {@code count} readings of {@code channels} values, row-major, oldest first (or longer). */
    public double[] values;
    /** {@code gaps[i]}: the gap before reading {@code i} in model time units (0 for a first). */
    public double[] gaps;
    /** The scorer's per-key statistics. */
    public double[] scorer;

    public WindowState() {}

    public WindowState(long lastTimestamp, int channels, int capacity, double[] scorer) {
        this.lastTimestamp = lastTimestamp;
        this.channels = channels;
        this.values = new double[capacity * channels];
        this.gaps = new double[capacity];
        this.scorer = scorer;
    }

    /**
     * Appends a reading with the gap before it; when {@code capacity} readings are held already,
     * the oldest is dropped.
     */
    public void push(double[] reading, double gap, int capacity) {
        if (count >= capacity) {
            int drop = count - capacity + 1;
            System.arraycopy(values, drop * channels, values, 0, (count - drop) * channels);
            System.arraycopy(gaps, drop, gaps, 0, count - drop);
            count -= drop;
        }
        if (gaps.length <= count) {
            // Read back from a checkpoint at its exact size: grow to the full window once.
            values = Arrays.copyOf(values, capacity * channels);
            gaps = Arrays.copyOf(gaps, capacity);
        }
        System.arraycopy(reading, 0, values, count * channels, channels);
        gaps[count] = gap;
        count++;
    }

    /** Replaces the values of the newest reading (a duplicate timestamp). */
    public void replaceNewest(double[] reading) {
        System.arraycopy(reading, 0, values, (count - 1) * channels, channels);
    }

    public WindowState deepCopy() {
        WindowState c = new WindowState();
        c.lastTimestamp = lastTimestamp;
        c.channels = channels;
        c.count = count;
        c.values = values.clone();
        c.gaps = gaps.clone();
        c.scorer = scorer.clone();
        return c;
    }

    /** Equal when the held readings, gaps, timestamp and scorer are (spare capacity ignored). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof WindowState)) {
            return false;
        }
        WindowState s = (WindowState) o;
        return lastTimestamp == s.lastTimestamp && channels == s.channels && count == s.count
                && Arrays.equals(values, 0, count * channels, s.values, 0, count * channels)
                && Arrays.equals(gaps, 0, count, s.gaps, 0, count)
                && Arrays.equals(scorer, s.scorer);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(lastTimestamp) * 31 + count;
    }

    @Override
    public String toString() {
        return String.format("WindowState{t=%s, channels=%s, count=%s, values=%s, gaps=%s}",
                lastTimestamp, channels, count,
                Arrays.toString(Arrays.copyOf(values, count * channels)),
                Arrays.toString(Arrays.copyOf(gaps, count)));
    }
}
