package io.ltcflink.core.data;

import java.util.Arrays;

/**
 * One observation of a generated stream: its time, the gap to the previous kept observation (0
 * for the first), the observed values and the anomaly label (0 = normal). Immutable.
 */
public final class Sample {

    private final double time;
    private final double gap;
    private final double[] values;
    private final int label;

    /** Takes ownership of {@code values}. */
    Sample(double time, double gap, double[] values, int label) {
        this.time = time;
        this.gap = gap;
        this.values = values;
        this.label = label;
    }

    public double time() {
        return time;
    }

    /** {@code time − previous time}; 0 for a stream's first sample. */
    public double gap() {
        return gap;
    }

    public int channels() {
        return values.length;
    }

    public double value(int channel) {
        return values[channel];
    }

    /** A copy of the values. */
    public double[] values() {
        return values.clone();
    }

    public int label() {
        return label;
    }

    @Override
    public String toString() {
        return String.format("Sample{t=%s, dt=%s, x=%s, label=%s}",
                time, gap, Arrays.toString(values), label);
    }
}
