package io.ltcflink.jobs.sidecar;

import io.ltcflink.core.engine.WindowState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Tests for {@link WindowStateSerializer}. */
final class WindowStateSerializerTest {

    /** A window of capacity 4 holding 3 readings of 2 channels. */
    private static WindowState sample() {
        WindowState s = new WindowState(1_764_300_000_123L, 2, 4, new double[] {3, 0.5, 0.25});
        s.push(new double[] {1, 2}, 0.0, 4);
        s.push(new double[] {3, 4}, 0.7, 4);
        s.push(new double[] {5, Math.PI}, 1.25, 4);
        return s;
    }

    private static WindowState roundTrip(WindowState s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        WindowStateSerializer.INSTANCE.serialize(s, out);
        return WindowStateSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void serialize_roundTrip_isExactAndWritesOnlyHeldReadings() throws Exception {
        WindowState back = roundTrip(sample());
        assertThat(back).isEqualTo(sample());
        // Read back at its exact size: 3 readings, no spare capacity.
        assertThat(back.gaps).hasSize(3);
        assertThat(back.values).hasSize(6);
    }

    @Test
    void push_afterRestore_growsToTheWindowAndThenSlides() throws Exception {
        WindowState s = roundTrip(sample());
        s.push(new double[] {7, 8}, 0.5, 4);
        assertThat(s.count).isEqualTo(4);
        s.push(new double[] {9, 10}, 0.25, 4);
        // The oldest reading (1, 2) is gone; (3, 4) with its gap 0.7 is now first.
        assertThat(s.count).isEqualTo(4);
        assertThat(s.values).startsWith(3, 4, 5, Math.PI, 7, 8, 9, 10);
        assertThat(s.gaps).startsWith(0.7, 1.25, 0.5, 0.25);
    }

    @Test
    void push_smallerWindowThanHeld_keepsOnlyTheNewest() {
        WindowState s = sample();
        s.push(new double[] {7, 8}, 0.5, 2);
        assertThat(s.count).isEqualTo(2);
        assertThat(s.values).startsWith(5, Math.PI, 7, 8);
    }

    @Test
    void copy_isDeep() {
        WindowState a = sample();
        WindowState b = WindowStateSerializer.INSTANCE.copy(a);
        b.values[0] = 42;
        b.scorer[0] = 42;
        assertThat(a.values[0]).isEqualTo(1);
        assertThat(a.scorer[0]).isEqualTo(3);
    }

    @Test
    void deserialize_corruptCount_failsNamingIt() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeLong(1);
        out.writeInt(3);
        out.writeInt(-5);
        assertThatThrownBy(() -> WindowStateSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("-5 readings of 3 channels");
    }

    @Test
    void snapshot_roundTrip_isCompatibleAsIs() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out,
                WindowStateSerializer.INSTANCE.snapshotConfiguration());
        TypeSerializerSnapshot<WindowState> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(WindowStateSerializer.INSTANCE.snapshotConfiguration()
                .resolveSchemaCompatibility(restored).isCompatibleAsIs()).isTrue();
        assertThat(restored.restoreSerializer()).isEqualTo(WindowStateSerializer.INSTANCE);
    }
}
