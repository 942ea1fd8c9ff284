package io.ltcflink.jobs.sidecar;

import io.ltcflink.core.engine.WindowState;
import io.ltcflink.flink.RecordSerializer;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serialises {@link WindowState} in a compact, versioned layout (no Kryo). Layout version 1:
 *
 * <pre>
 *   long lastTimestamp | int channels | int count
 *   | count × channels doubles (readings, oldest first) | count doubles (gaps)
 *   | int k, k doubles scorer
 * </pre>
 *
 * Only the held readings are written, not the spare capacity of a filling window. The snapshot
 * records the layout version, so a later layout can read state written by this one.
 */
final class WindowStateSerializer extends RecordSerializer<WindowState> {

    private static final long serialVersionUID = 1L;

    static final int LAYOUT_VERSION = 1;

    /** Far above any real window; a larger count means corrupt bytes, not a big window. */
    private static final int MAX_VALUES = 1 << 24;

    static final WindowStateSerializer INSTANCE = new WindowStateSerializer();

    @Override
    public WindowState createInstance() {
        return new WindowState(0L, 1, 0, new double[0]);
    }

    @Override
    public WindowState copy(WindowState from) {
        return from.deepCopy();
    }

    @Override
    public void serialize(WindowState s, DataOutputView out) throws IOException {
        out.writeLong(s.lastTimestamp);
        out.writeInt(s.channels);
        out.writeInt(s.count);
        for (int i = 0; i < s.count * s.channels; i++) {
            out.writeDouble(s.values[i]);
        }
        for (int i = 0; i < s.count; i++) {
            out.writeDouble(s.gaps[i]);
        }
        out.writeInt(s.scorer.length);
        for (double v : s.scorer) {
            out.writeDouble(v);
        }
    }

    @Override
    public WindowState deserialize(DataInputView in) throws IOException {
        WindowState s = new WindowState();
        s.lastTimestamp = in.readLong();
        s.channels = in.readInt();
        s.count = in.readInt();
        if (s.channels < 1 || s.count < 0 || (long) s.count * s.channels > MAX_VALUES) {
            throw new IOException(String.format(
                    "corrupt lstm window state: %s readings of %s channels", s.count, s.channels));
        }
        s.values = new double[s.count * s.channels];
        for (int i = 0; i < s.values.length; i++) {
            s.values[i] = in.readDouble();
        }
        s.gaps = new double[s.count];
        for (int i = 0; i < s.count; i++) {
            s.gaps[i] = in.readDouble();
        }
        int k = in.readInt();
        if (k < 0 || k > MAX_VALUES) {
            throw new IOException("corrupt lstm window state: scorer length " + k);
        }
        s.scorer = new double[k];
        for (int i = 0; i < k; i++) {
            s.scorer[i] = in.readDouble();
        }
        return s;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof WindowStateSerializer;
    }

    @Override
    public int hashCode() {
        return WindowStateSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<WindowState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Records the layout version; restores a serializer that can read it. */
    public static final class Snapshot implements TypeSerializerSnapshot<WindowState> {

        private int layout = LAYOUT_VERSION;

        public Snapshot() {}

        @Override
        public int getCurrentVersion() {
            return LAYOUT_VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(LAYOUT_VERSION);
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader loader)
                throws IOException {
            layout = in.readInt();
            if (layout != LAYOUT_VERSION) {
                throw new IOException(String.format(
                        "lstm window state layout %s cannot be read by this build (it reads %s)",
                        layout, LAYOUT_VERSION));
            }
        }

        @Override
        public TypeSerializer<WindowState> restoreSerializer() {
            return INSTANCE;
        }

        @Override
        public TypeSerializerSchemaCompatibility<WindowState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<WindowState> oldSnapshot) {
            if (!(oldSnapshot instanceof Snapshot)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            return ((Snapshot) oldSnapshot).layout == LAYOUT_VERSION
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
