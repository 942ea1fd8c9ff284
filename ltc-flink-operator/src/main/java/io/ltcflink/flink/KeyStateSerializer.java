package io.ltcflink.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serialises {@link KeyState} in a compact, versioned layout (no Kryo). Layout version 1:
 *
 * <pre>
 *   UTF modelId | long lastTimestamp | boolean alertActive | long lastAlertTime
 *   | int n, n doubles hidden | int s, s doubles lastInput | int k, k doubles scorer
 * </pre>
 *
 * The snapshot records the layout version, so a later layout can read state written by this one.
 */
final class KeyStateSerializer extends TypeSerializer<KeyState> {

    private static final long serialVersionUID = 1L;

    static final int LAYOUT_VERSION = 1;

    static final KeyStateSerializer INSTANCE = new KeyStateSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<KeyState> duplicate() {
        return this;
    }

    @Override
    public KeyState createInstance() {
        return new KeyState("", 0L, new double[0], new double[0], new double[0]);
    }

    @Override
    public KeyState copy(KeyState from) {
        return from.deepCopy();
    }

    @Override
    public KeyState copy(KeyState from, KeyState reuse) {
        return from.deepCopy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(KeyState s, DataOutputView out) throws IOException {
        out.writeUTF(s.modelId);
        out.writeLong(s.lastTimestamp);
        out.writeBoolean(s.alertActive);
        out.writeLong(s.lastAlertTime);
        writeArray(s.hidden, out);
        writeArray(s.lastInput, out);
        writeArray(s.scorer, out);
    }

    @Override
    public KeyState deserialize(DataInputView in) throws IOException {
        KeyState s = new KeyState();
        s.modelId = in.readUTF();
        s.lastTimestamp = in.readLong();
        s.alertActive = in.readBoolean();
        s.lastAlertTime = in.readLong();
        s.hidden = readArray(in);
        s.lastInput = readArray(in);
        s.scorer = readArray(in);
        return s;
    }

    @Override
    public KeyState deserialize(KeyState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private static void writeArray(double[] a, DataOutputView out) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    private static double[] readArray(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 24) {
            throw new IOException("corrupt ltc key state: array length " + n);
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof KeyStateSerializer;
    }

    @Override
    public int hashCode() {
        return KeyStateSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<KeyState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Records the layout version; restores a serializer that can read it. */
    public static final class Snapshot implements TypeSerializerSnapshot<KeyState> {

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
                        "ltc key state layout %s cannot be read by this build (it reads %s)",
                        layout, LAYOUT_VERSION));
            }
        }

        @Override
        public TypeSerializer<KeyState> restoreSerializer() {
            return INSTANCE;
        }

        @Override
        public TypeSerializerSchemaCompatibility<KeyState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<KeyState> oldSnapshot) {
            if (!(oldSnapshot instanceof Snapshot)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            return ((Snapshot) oldSnapshot).layout == LAYOUT_VERSION
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
