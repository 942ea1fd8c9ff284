package io.ltcflink.flink;

import io.ltcflink.core.engine.KeyState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Tests for {@link KeyStateSerializer}. */
final class KeyStateSerializerTest {

    private static KeyState sample() {
        KeyState s = new KeyState("abc123", 1_764_300_000_123L, new double[] {0.1, -0.2, Math.PI},
                new double[] {1, 2}, new double[] {3, 0.5, 0.25});
        s.alertActive = true;
        s.lastAlertTime = 1_764_299_999_000L;
        s.normalizer = new double[] {7, 1.5, 2.25};
        s.adapter = new double[] {0.5, -0.5, 4};
        s.interval = new double[] {0.75};
        return s;
    }

    /** The bytes layout 1 wrote for {@link #sample()} (no normaliser, no adapter). */
    private static byte[] layout1Bytes() throws IOException {
        KeyState s = sample();
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(s.modelId);
        out.writeLong(s.lastTimestamp);
        out.writeBoolean(s.alertActive);
        out.writeLong(s.lastAlertTime);
        for (double[] a : new double[][] {s.hidden, s.lastInput, s.scorer}) {
            out.writeInt(a.length);
            for (double v : a) {
                out.writeDouble(v);
            }
        }
        return out.getCopyOfBuffer();
    }

    /** A layout-1 snapshot as the previous build wrote it: snapshot version 1, content 1. */
    private static byte[] layout1Snapshot() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(KeyStateSerializer.Snapshot.class.getName());
        out.writeInt(1);
        out.writeInt(1);
        return out.getCopyOfBuffer();
    }

    @Test
    void serialize_roundTrip_isExact() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        KeyStateSerializer.INSTANCE.serialize(sample(), out);
        KeyState back = KeyStateSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back).isEqualTo(sample());
    }

    @Test
    void copy_isDeep() {
        KeyState a = sample();
        KeyState b = KeyStateSerializer.INSTANCE.copy(a);
        b.hidden[0] = 42;
        assertThat(a.hidden[0]).isEqualTo(0.1);
    }

    @Test
    void snapshot_roundTrip_isCompatibleAsIs() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out,
                KeyStateSerializer.INSTANCE.snapshotConfiguration());
        TypeSerializerSnapshot<KeyState> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(KeyStateSerializer.INSTANCE.snapshotConfiguration()
                .resolveSchemaCompatibility(restored).isCompatibleAsIs()).isTrue();
        assertThat(restored.restoreSerializer()).isEqualTo(KeyStateSerializer.INSTANCE);
    }

    @Test
    void restore_layout1Snapshot_readsOldStateAndMigrates() throws Exception {
        TypeSerializerSnapshot<KeyState> old = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(layout1Snapshot()), getClass().getClassLoader());
        assertThat(KeyStateSerializer.INSTANCE.snapshotConfiguration()
                .resolveSchemaCompatibility(old).isCompatibleAfterMigration()).isTrue();
        KeyState back = old.restoreSerializer().deserialize(
                new DataInputDeserializer(layout1Bytes()));
        KeyState expected = sample();
        expected.normalizer = new double[0];
        expected.adapter = new double[0];
        expected.interval = new double[0];
        assertThat(back).isEqualTo(expected);
    }

    @Test
    void restore_unknownLayout_failsWithBothVersions() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(KeyStateSerializer.Snapshot.class.getName());
        out.writeInt(1);
        out.writeInt(9);
        assertThatThrownBy(() -> TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("layout 9 cannot be read by this build (it reads 1 to 3)");
    }
}
