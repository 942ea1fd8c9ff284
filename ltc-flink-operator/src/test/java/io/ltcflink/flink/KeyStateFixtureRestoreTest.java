package io.ltcflink.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * State outlives a release: operator snapshots written by an earlier build (committed fixtures,
 * see {@link SavepointFixtures}) restore in this build, and every key continues exactly as an
 * uninterrupted run of this build does.
 */
final class KeyStateFixtureRestoreTest {

    @TempDir Path dir;

    @ParameterizedTest
    @CsvSource({"hashmap, 2", "rocksdb, 2", "hashmap, 3", "rocksdb, 3"})
    void committedFixture_restores_andEveryKeyContinuesExactly(String backend, int layout)
            throws Exception {
        Path fixture = SavepointFixtures.file(backend, layout);
        assertThat(fixture).as("committed fixture").exists();
        Path model = OperatorFixtures.ltcModel(dir);
        LtcOperatorConfig cfg = SavepointFixtures.config(model);
        List<SensorReading> stream = SavepointFixtures.stream();

        List<Forecast> uninterrupted;
        try (var h = OperatorFixtures.harness(new LtcKeyedFunction(cfg),
                SavepointFixtures.backend(backend))) {
            h.open();
            for (SensorReading r : stream) {
                h.processElement(r, r.timestamp);
            }
            uninterrupted = h.extractOutputValues();
        }

        OperatorSubtaskState snapshot = OperatorSnapshotUtil.readStateHandle(fixture.toString());
        List<Forecast> resumed = new ArrayList<>();
        LtcKeyedFunction fn = new LtcKeyedFunction(cfg);
        try (var h = OperatorFixtures.harness(fn, SavepointFixtures.backend(backend))) {
            h.initializeState(snapshot);
            h.open();
            if (backend.equals("hashmap")) {
                // Three sensors' states came back (the harness counts entries on the heap only).
                assertThat(h.numKeyedStateEntries()).isEqualTo(3);
            }
            for (SensorReading r : stream.subList(SavepointFixtures.CUT, stream.size())) {
                h.processElement(r, r.timestamp);
            }
            resumed = h.extractOutputValues();
            // No key restarted: none of the continued records is a first record.
            assertThat(fn.metricsSnapshot()).containsEntry("firstRecords", 0L)
                    .containsEntry("resets", 0L);
        }
        assertThat(resumed).containsExactlyElementsOf(
                uninterrupted.subList(SavepointFixtures.CUT, uninterrupted.size()));
        assertThat(Files.size(fixture)).isPositive();
    }
}
