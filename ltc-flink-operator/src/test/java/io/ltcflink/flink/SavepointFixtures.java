package io.ltcflink.flink;

import io.ltcflink.core.cell.NumericMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;

/**
 * Writes the operator snapshots kept as test fixtures: the LTC operator's state after the first
 * {@link #CUT} records of {@link #stream()}, on each state backend, in the key-state layout this
 * build writes. {@code KeyStateFixtureRestoreTest} restores them with every later build. Run it
 * once per new layout, from the repository root, and commit the files it writes:
 *
 * <pre>{@code
 * mvn -B -ntp -q -pl ltc-flink-operator test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *     -Dexec.classpathScope=test -Dexec.mainClass=io.ltcflink.flink.SavepointFixtures
 * }</pre>
 */
public final class SavepointFixtures {

    /** Records fed before the snapshot. */
    static final int CUT = 71;

    private SavepointFixtures() {}

    /** The records: three irregular sensors, interleaved. */
    static List<SensorReading> stream() {
        return OperatorFixtures.irregularStream(3, 50, 3, 2);
    }

    /**
     * The operator the fixtures were written with: exact arithmetic, so builds agree, and no
     * prediction interval, which layouts before 3 do not keep.
     */
    static LtcOperatorConfig config(Path model) {
        return LtcOperatorConfig.builder(model.toString()).numericMode(NumericMode.EXACT)
                .predictionInterval(null).build();
    }

    static StateBackend backend(String name) {
        return "rocksdb".equals(name) ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
    }

    /** The fixture of {@code backend} for key-state layout {@code layout}. */
    static Path file(String backend, int layout) {
        return Path.of("src/test/resources/savepoints",
                "ltc-operator-layout" + layout + "-" + backend + ".snapshot");
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("ltc-fixture");
        Path model = OperatorFixtures.ltcModel(dir);
        for (String backend : List.of("hashmap", "rocksdb")) {
            OperatorSubtaskState snapshot;
            try (var h = OperatorFixtures.harness(new LtcKeyedFunction(config(model)),
                    backend(backend))) {
                h.open();
                for (SensorReading r : stream().subList(0, CUT)) {
                    h.processElement(r, r.timestamp);
                }
                snapshot = h.snapshot(1L, 1L);
            }
            // Maven runs this from the repository root, the tests from the module's folder.
            Path module = Files.isDirectory(Path.of("ltc-flink-operator"))
                    ? Path.of("ltc-flink-operator") : Path.of("");
            Path out = module.resolve(file(backend, KeyStateSerializer.LAYOUT_VERSION));
            OperatorSnapshotUtil.writeStateHandle(snapshot, out.toString());
            System.out.println("wrote " + out);
        }
    }
}
