package io.ltcflink.flink;

import static org.assertj.core.api.Assertions.assertThat;

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
        return s;
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
}
