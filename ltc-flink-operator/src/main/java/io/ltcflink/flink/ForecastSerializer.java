package io.ltcflink.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serialises {@link Forecast} field by field, without reflection: forecasts are the operator's
 * per-record output, copied between chained operators and written to the network for every
 * reading, where the POJO serializer's reflective field access cost more than a tenth of a
 * microsecond per record. Layout:
 *
 * <pre>
 *   boolean hasKey [UTF key] | long timestamp | double dt | array forecast | array actual
 *   | array residual | array lower | array upper | double score | boolean alert | int flags
 *   | long cpuNanos | boolean hasModelId [UTF modelId]
 * </pre>
 *
 * where an array is {@code int length} (−1 for null) and that many doubles. Forecasts are never
 * kept in keyed or operator state, only in flight between operators (savepoints hold none), so a
 * new layout needs no reader of the older one; should forecasts ever be kept in state, a layout
 * change will come with a snapshot of its own that reads the previous one.
 */
public final class ForecastSerializer extends RecordSerializer<Forecast> {

    private static final long serialVersionUID = 1L;

    public static final ForecastSerializer INSTANCE = new ForecastSerializer();

    @Override
    public Forecast createInstance() {
        return new Forecast();
    }

    @Override
    public Forecast copy(Forecast from) {
        Forecast f = new Forecast();
        f.key = from.key;
        f.timestamp = from.timestamp;
        f.dt = from.dt;
        f.forecast = copyOf(from.forecast);
        f.actual = copyOf(from.actual);
        f.residual = copyOf(from.residual);
        f.lower = copyOf(from.lower);
        f.upper = copyOf(from.upper);
        f.score = from.score;
        f.alert = from.alert;
        f.flags = from.flags;
        f.cpuNanos = from.cpuNanos;
        f.modelId = from.modelId;
        return f;
    }

    @Override
    public void serialize(Forecast f, DataOutputView out) throws IOException {
        out.writeBoolean(f.key != null);
        if (f.key != null) {
            out.writeUTF(f.key);
        }
        out.writeLong(f.timestamp);
        out.writeDouble(f.dt);
        DoubleArrays.write(f.forecast, out);
        DoubleArrays.write(f.actual, out);
        DoubleArrays.write(f.residual, out);
        DoubleArrays.write(f.lower, out);
        DoubleArrays.write(f.upper, out);
        out.writeDouble(f.score);
        out.writeBoolean(f.alert);
        out.writeInt(f.flags);
        out.writeLong(f.cpuNanos);
        out.writeBoolean(f.modelId != null);
        if (f.modelId != null) {
            out.writeUTF(f.modelId);
        }
    }

    @Override
    public Forecast deserialize(DataInputView in) throws IOException {
        Forecast f = new Forecast();
        f.key = in.readBoolean() ? in.readUTF() : null;
        f.timestamp = in.readLong();
        f.dt = in.readDouble();
        f.forecast = DoubleArrays.read(in, true, "forecast record");
        f.actual = DoubleArrays.read(in, true, "forecast record");
        f.residual = DoubleArrays.read(in, true, "forecast record");
        f.lower = DoubleArrays.read(in, true, "forecast record");
        f.upper = DoubleArrays.read(in, true, "forecast record");
        f.score = in.readDouble();
        f.alert = in.readBoolean();
        f.flags = in.readInt();
        f.cpuNanos = in.readLong();
        f.modelId = in.readBoolean() ? in.readUTF() : null;
        return f;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof ForecastSerializer;
    }

    @Override
    public int hashCode() {
        return ForecastSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Forecast> snapshotConfiguration() {
        return new Snapshot();
    }

    private static double[] copyOf(double[] a) {
        return a == null ? null : a.clone();
    }

    /** Restores {@link #INSTANCE}. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Forecast> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
