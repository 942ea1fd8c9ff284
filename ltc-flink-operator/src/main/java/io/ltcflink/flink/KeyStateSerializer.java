package io.ltcflink.flink;

import io.ltcflink.core.engine.KeyState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serialises {@link KeyState} in a compact, versioned layout (no Kryo). Layout version 3:
 *
 * <pre>
 *   UTF modelId | long lastTimestamp | boolean alertActive | long lastAlertTime
 *   | int n, n doubles hidden | int s, s doubles lastInput | int k, k doubles scorer
 *   | int a, a doubles normalizer | int b, b doubles adapter | int c, c doubles interval
 * </pre>
 *
 * Layout version 2 is the same without the interval, version 1 also without the normaliser and
 * adapter. The snapshot records the layout; state written in an older layout is read by a
 * serializer for that layout (the missing arrays empty) and migrated to the current one. A layout this build does not know fails the restore with both versions in
 * the message.
 */
public final class KeyStateSerializer extends RecordSerializer<KeyState> {

    private static final long serialVersionUID = 2L;

    static final int LAYOUT_VERSION = 3;

    /** The oldest layout this build reads. */
    static final int OLDEST_READABLE_LAYOUT = 1;

    static final KeyStateSerializer INSTANCE = new KeyStateSerializer(LAYOUT_VERSION);

    private final int layout;

    /**
     * The serializer of the current layout; public for frameworks that instantiate a serializer
     * by its class (the SQL function's state declares it as the RAW type of {@link KeyState}).
     */
    public KeyStateSerializer() {
        this(LAYOUT_VERSION);
    }

    private KeyStateSerializer(int layout) {
        this.layout = layout;
    }

    /** A serializer that reads and writes {@code layout}; only the current one for new state. */
    static KeyStateSerializer forLayout(int layout) {
        if (layout < OLDEST_READABLE_LAYOUT || layout > LAYOUT_VERSION) {
            throw new IllegalArgumentException(String.format(
                    "ltc key state layout %s cannot be read by this build (it reads %s to %s)",
                    layout, OLDEST_READABLE_LAYOUT, LAYOUT_VERSION));
        }
        return layout == LAYOUT_VERSION ? INSTANCE : new KeyStateSerializer(layout);
    }

    int layout() {
        return layout;
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
    public void serialize(KeyState s, DataOutputView out) throws IOException {
        out.writeUTF(s.modelId);
        out.writeLong(s.lastTimestamp);
        out.writeBoolean(s.alertActive);
        out.writeLong(s.lastAlertTime);
        DoubleArrays.write(s.hidden, out);
        DoubleArrays.write(s.lastInput, out);
        DoubleArrays.write(s.scorer, out);
        if (layout >= 2) {
            DoubleArrays.write(s.normalizer, out);
            DoubleArrays.write(s.adapter, out);
        }
        if (layout >= 3) {
            DoubleArrays.write(s.interval, out);
        }
    }

    @Override
    public KeyState deserialize(DataInputView in) throws IOException {
        KeyState s = new KeyState();
        s.modelId = in.readUTF();
        s.lastTimestamp = in.readLong();
        s.alertActive = in.readBoolean();
        s.lastAlertTime = in.readLong();
        s.hidden = DoubleArrays.read(in, false, "ltc key state");
        s.lastInput = DoubleArrays.read(in, false, "ltc key state");
        s.scorer = DoubleArrays.read(in, false, "ltc key state");
        if (layout >= 2) {
            s.normalizer = DoubleArrays.read(in, false, "ltc key state");
            s.adapter = DoubleArrays.read(in, false, "ltc key state");
        }
        if (layout >= 3) {
            s.interval = DoubleArrays.read(in, false, "ltc key state");
        }
        return s;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof KeyStateSerializer && ((KeyStateSerializer) obj).layout == layout;
    }

    @Override
    public int hashCode() {
        return KeyStateSerializer.class.hashCode() * 31 + layout;
    }

    @Override
    public TypeSerializerSnapshot<KeyState> snapshotConfiguration() {
        return new Snapshot(layout);
    }

    /** Records the layout version; restores a serializer that can read it. */
    public static final class Snapshot implements TypeSerializerSnapshot<KeyState> {

        private int layout;

        public Snapshot() {
            this(LAYOUT_VERSION);
        }

        Snapshot(int layout) {
            this.layout = layout;
        }

        @Override
        public int getCurrentVersion() {
            // The snapshot's own format (one int) has not changed; the layout is its content.
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(layout);
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader loader)
                throws IOException {
            layout = in.readInt();
            if (layout < OLDEST_READABLE_LAYOUT || layout > LAYOUT_VERSION) {
                throw new IOException(String.format(
                        "ltc key state layout %s cannot be read by this build (it reads %s to %s)",
                        layout, OLDEST_READABLE_LAYOUT, LAYOUT_VERSION));
            }
        }

        int layout() {
            return layout;
        }

        @Override
        public TypeSerializer<KeyState> restoreSerializer() {
            return forLayout(layout);
        }

        @Override
        public TypeSerializerSchemaCompatibility<KeyState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<KeyState> oldSnapshot) {
            if (!(oldSnapshot instanceof Snapshot)) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            int old = ((Snapshot) oldSnapshot).layout;
            if (old == layout) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            // Older layouts are read by their own serializer and rewritten in this one.
            return old >= OLDEST_READABLE_LAYOUT && old < layout
                    ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
