package io.ltcflink.flink;

import io.ltcflink.core.engine.Scorer;
import io.ltcflink.core.engine.ResidualScaleScorer;
import io.ltcflink.core.engine.RunningStandardizer;
import io.ltcflink.core.engine.RlsReadout;
import io.ltcflink.core.engine.LongGapPolicy;
import io.ltcflink.core.engine.NoveltyScorer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltcflink.core.anomaly.NoveltyDetector;
import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for {@link LtcKeyedFunction} in Flink's keyed operator test harness. */
final class LtcKeyedFunctionTest {

    @TempDir Path dir;

    private static StateBackend backend(String name) {
        return "rocksdb".equals(name) ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
    }

    private LtcOperatorConfig.Builder config() throws Exception {
        return LtcOperatorConfig.builder(OperatorFixtures.ltcModel(dir).toString());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SensorReading, Forecast> open(
            LtcKeyedFunction fn, StateBackend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, SensorReading, Forecast> h =
                OperatorFixtures.harness(fn, backend);
        h.open();
        return h;
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, SensorReading, Forecast> h,
            List<SensorReading> rs) throws Exception {
        for (SensorReading r : rs) {
            h.processElement(r, r.timestamp);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void forecasts_interleavedIrregularKeys_equalDirectCoreComputation(String be) throws Exception {
        LtcOperatorConfig cfg = config().build();
        List<SensorReading> stream = OperatorFixtures.irregularStream(4, 40, 3, 1);
        LtcKeyedFunction fn = new LtcKeyedFunction(cfg);
        try (var h = open(fn, backend(be))) {
            feed(h, stream);
            List<Forecast> out = h.extractOutputValues();
            List<double[]> ref = OperatorFixtures.reference(
                    ModelFiles.read(Path.of(cfg.modelLocation())), stream, 1000.0);
            assertThat(out).hasSize(stream.size());
            for (int i = 0; i < out.size(); i++) {
                Forecast f = out.get(i);
                assertThat(f.key).isEqualTo(stream.get(i).key);
                if (ref.get(i) == null) {
                    assertThat(f.isFirst()).isTrue();
                    assertThat(f.forecast).isEmpty();
                } else {
                    assertThat(f.isFirst()).isFalse();
                    assertThat(f.forecast).as("record %s", i).containsExactly(ref.get(i));
                    assertThat(f.residual[0]).isEqualTo(stream.get(i).values[0] - ref.get(i)[0]);
                }
            }
            assertThat(fn.metricsSnapshot()).containsEntry("records", 160L)
                    .containsEntry("forecasts", 156L).containsEntry("firstRecords", 4L);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void snapshotRestore_midStream_continuesBitIdentically(String be) throws Exception {
        LtcOperatorConfig cfg = config().build();
        List<SensorReading> stream = OperatorFixtures.irregularStream(3, 50, 3, 2);
        List<Forecast> uninterrupted;
        try (var h = open(new LtcKeyedFunction(cfg), backend(be))) {
            feed(h, stream);
            uninterrupted = h.extractOutputValues();
        }
        int cut = 71;
        OperatorSubtaskState snapshot;
        List<Forecast> resumed = new ArrayList<>();
        try (var h = open(new LtcKeyedFunction(cfg), backend(be))) {
            feed(h, stream.subList(0, cut));
            resumed.addAll(h.extractOutputValues());
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = OperatorFixtures.harness(new LtcKeyedFunction(cfg), backend(be))) {
            h.initializeState(snapshot);
            h.open();
            feed(h, stream.subList(cut, stream.size()));
            resumed.addAll(h.extractOutputValues());
        }
        assertThat(resumed).containsExactlyElementsOf(uninterrupted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void snapshotRestore_withNormalizerAdapterAndNoveltyScorer_continuesBitIdentically(String be)
            throws Exception {
        LtcOperatorConfig cfg = config().normalizer(new RunningStandardizer(10))
                .readoutAdapter(RlsReadout.defaults())
                .scorer(new NoveltyScorer(io.ltcflink.core.anomaly.NoveltyDetector.Config
                        .builder().warmUp(5).novelty(0.3, 10, 5).memory(16, 2, 1).build()))
                .targetChannels(0).build();
        List<SensorReading> stream = OperatorFixtures.irregularStream(3, 60, 3, 4);
        List<Forecast> uninterrupted;
        try (var h = open(new LtcKeyedFunction(cfg), backend(be))) {
            feed(h, stream);
            uninterrupted = h.extractOutputValues();
        }
        assertThat(uninterrupted).anyMatch(f -> f.score > 0);
        int cut = 97;
        OperatorSubtaskState snapshot;
        List<Forecast> resumed = new ArrayList<>();
        try (var h = open(new LtcKeyedFunction(cfg), backend(be))) {
            feed(h, stream.subList(0, cut));
            resumed.addAll(h.extractOutputValues());
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = OperatorFixtures.harness(new LtcKeyedFunction(cfg), backend(be))) {
            h.initializeState(snapshot);
            h.open();
            feed(h, stream.subList(cut, stream.size()));
            resumed.addAll(h.extractOutputValues());
        }
        assertThat(resumed).containsExactlyElementsOf(uninterrupted);
    }

    @Test
    void readoutAdapter_alternatingSignal_learnsToForecastWhatTheLastValueCannot()
            throws Exception {
        // x_k = 3 + (-1)^k, one per second: the key's normalised reading alternates between +1
        // and -1, so the readout -z_{k-1} (a weight the adapter must learn) forecasts it exactly,
        // while repeating the last value is off by 2 every time.
        LtcOperatorConfig cfg = config().normalizer(new RunningStandardizer(10))
                .readoutAdapter(RlsReadout.defaults()).targetChannels(0).build();
        List<SensorReading> stream = new ArrayList<>();
        for (int k = 0; k < 400; k++) {
            double x = 3 + (k % 2 == 0 ? 1 : -1);
            stream.add(new SensorReading("s", 1_764_300_000_000L + 1000L * k,
                    new double[] {x, 0.5 * x, 1}));
        }
        try (var h = open(new LtcKeyedFunction(cfg), backend("hashmap"))) {
            feed(h, stream);
            List<Forecast> out = h.extractOutputValues();
            double adapted = 0;
            double naive = 0;
            for (int k = 300; k < 400; k++) {
                adapted += Math.abs(out.get(k).residual[0]);
                naive += Math.abs(stream.get(k).values[0] - stream.get(k - 1).values[0]);
            }
            assertThat(naive).isEqualTo(200);
            assertThat(adapted).isLessThan(0.05 * naive);
        }
    }

    @Test
    void duplicateTimestamp_doesNotEvolveAndReplacesTheLastReading() throws Exception {
        LtcKeyedFunction fn = new LtcKeyedFunction(config().build());
        try (var h = open(fn, null)) {
            h.processElement(new SensorReading("a", 1000, new double[] {1, 2, 3}), 1000);
            h.processElement(new SensorReading("a", 2000, new double[] {0.5, 0.5, 0.5}), 2000);
            h.processElement(new SensorReading("a", 2000, new double[] {9, 9, 9}), 2000);
            h.processElement(new SensorReading("a", 3000, new double[] {0, 0, 0}), 3000);
            List<Forecast> out = h.extractOutputValues();
            assertThat(out.get(2).has(Forecast.DUPLICATE_TIME)).isTrue();
            assertThat(out.get(2).forecast).containsExactly(out.get(1).forecast);
            assertThat(fn.metricsSnapshot()).containsEntry("duplicateTimestamps", 1L);
            // The step to t=3000 is driven by the newer reading (9, 9, 9).
            var cell = OperatorFixtures.inferenceCell(fn.model());
            double[] hid = new double[cell.stateSize()];
            double[] y = new double[1];
            var s = cell.newStepper();
            s.step(hid, new double[] {1, 2, 3}, 1.0, y);
            s.step(hid, new double[] {9, 9, 9}, 1.0, y);
            assertThat(out.get(3).forecast).containsExactly(y);
        }
    }

    @Test
    void arrivalMode_olderRecord_goesToLateOutputAndLeavesStateAlone() throws Exception {
        LtcKeyedFunction fn = new LtcKeyedFunction(config().build());
        try (var h = open(fn, null)) {
            h.processElement(new SensorReading("a", 5000, new double[] {1, 1, 1}), 5000);
            h.processElement(new SensorReading("a", 6000, new double[] {1, 1, 1}), 6000);
            h.processElement(new SensorReading("a", 5500, new double[] {7, 7, 7}), 5500);
            h.processElement(new SensorReading("a", 7000, new double[] {1, 1, 1}), 7000);
            var late = h.getSideOutput(LtcKeyedFunction.LATE);
            assertThat(late).hasSize(1);
            RejectedReading r = late.peek().getValue();
            assertThat(r.code()).isEqualTo("late");
            assertThat(r.reason).contains("500 ms before the key's last timestamp 6000");
            assertThat(h.extractOutputValues()).hasSize(3);
            assertThat(h.extractOutputValues().get(2).dt).isEqualTo(1.0);
            assertThat(fn.metricsSnapshot()).containsEntry("late", 1L);
        }
    }

    @Test
    void eventTimeMode_outOfOrderRecords_areReleasedInOrderByTheWatermark() throws Exception {
        LtcOperatorConfig cfg = config().outOfOrder(OutOfOrderMode.EVENT_TIME).build();
        List<SensorReading> ordered = OperatorFixtures.irregularStream(2, 30, 3, 3);
        List<SensorReading> shuffled = new ArrayList<>(ordered);
        // Swap neighbours of the same key to disorder arrival without crossing watermarks.
        for (int i = 0; i + 3 < shuffled.size(); i += 4) {
            SensorReading a = shuffled.get(i);
            shuffled.set(i, shuffled.get(i + 2));
            shuffled.set(i + 2, a);
        }
        LtcKeyedFunction fn = new LtcKeyedFunction(cfg);
        try (var h = open(fn, new EmbeddedRocksDBStateBackend())) {
            feed(h, shuffled);
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(Long.MAX_VALUE - 1);
            List<Forecast> out = h.extractOutputValues();
            assertThat(out).hasSize(ordered.size());
            List<Forecast> sorted = new ArrayList<>(out);
            sorted.sort((x, y) -> Long.compare(x.timestamp, y.timestamp));
            for (String key : List.of("sensor-0", "sensor-1")) {
                List<Long> times = out.stream().filter(f -> f.key.equals(key))
                        .map(f -> f.timestamp).collect(Collectors.toList());
                assertThat(times).isSorted();
            }
            // And the forecasts are those of the ordered stream.
            List<double[]> ref = OperatorFixtures.reference(fn.model(), ordered, 1000.0);
            for (Forecast f : out) {
                int i = indexOf(ordered, f.key, f.timestamp);
                if (ref.get(i) != null) {
                    assertThat(f.forecast).containsExactly(ref.get(i));
                }
            }
        }
    }

    private static int indexOf(List<SensorReading> rs, String key, long t) {
        for (int i = 0; i < rs.size(); i++) {
            if (rs.get(i).key.equals(key) && rs.get(i).timestamp == t) {
                return i;
            }
        }
        throw new AssertionError("no record " + key + "@" + t);
    }

    @Test
    void eventTimeMode_recordBehindWatermark_isLate() throws Exception {
        LtcKeyedFunction fn = new LtcKeyedFunction(config().outOfOrder(OutOfOrderMode.EVENT_TIME).build());
        try (var h = open(fn, null)) {
            h.processWatermark(10_000);
            h.processElement(new SensorReading("a", 9_000, new double[] {1, 1, 1}), 9_000);
            assertThat(h.getSideOutput(LtcKeyedFunction.LATE)).hasSize(1);
            assertThat(h.getSideOutput(LtcKeyedFunction.LATE).peek().getValue().reason)
                    .contains("behind the watermark 10000");
        }
    }

    @Test
    void eventTimeMode_fullBuffer_sendsDeadLettersInsteadOfGrowing() throws Exception {
        LtcKeyedFunction fn = new LtcKeyedFunction(
                config().outOfOrder(OutOfOrderMode.EVENT_TIME).maxBufferedPerKey(3).build());
        try (var h = open(fn, null)) {
            for (int i = 0; i < 5; i++) {
                h.processElement(new SensorReading("a", 1000 + i, new double[] {1, 1, 1}), 1000 + i);
            }
            assertThat(h.getSideOutput(LtcKeyedFunction.DEAD_LETTERS)).hasSize(2);
            assertThat(h.getSideOutput(LtcKeyedFunction.DEAD_LETTERS).peek().getValue().code())
                    .isEqualTo("buffer-full");
            h.processWatermark(2000);
            assertThat(h.extractOutputValues()).hasSize(3);
            // Released and empty: no buffer state is left behind for the key.
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"RESET", "KEEP_INTEGRATING"})
    void longGap_policyIsAppliedAndCounted(String policy) throws Exception {
        LongGapPolicy p = LongGapPolicy.valueOf(policy);
        LtcKeyedFunction fn = new LtcKeyedFunction(config().maxGap(Duration.ofSeconds(30), p).build());
        try (var h = open(fn, null)) {
            h.processElement(new SensorReading("a", 0, new double[] {1, 1, 1}), 0);
            h.processElement(new SensorReading("a", 1000, new double[] {1, 1, 1}), 1000);
            h.processElement(new SensorReading("a", 61_000, new double[] {1, 1, 1}), 61_000);
            Forecast f = h.extractOutputValues().get(2);
            assertThat(f.has(Forecast.LONG_GAP)).isTrue();
            assertThat(fn.metricsSnapshot()).containsEntry("longGaps", 1L);
            if (p == LongGapPolicy.RESET) {
                assertThat(f.isFirst()).isTrue();
                assertThat(f.has(Forecast.RESET)).isTrue();
                assertThat(fn.metricsSnapshot()).containsEntry("resets", 1L);
            } else {
                assertThat(f.isFirst()).isFalse();
                assertThat(f.dt).isEqualTo(60.0);
                assertThat(f.forecast).hasSize(1);
            }
        }
    }

    @Test
    void badRecords_goToDeadLettersWithTheReason() throws Exception {
        LtcKeyedFunction fn = new LtcKeyedFunction(config().build());
        try (var h = open(fn, null)) {
            h.processWatermark(1_000_000);
            h.processElement(new SensorReading("a", 1_000_100, new double[] {1, Double.NaN, 1}), 1);
            h.processElement(new SensorReading("a", 1_000_200, new double[] {1, 1}), 1);
            h.processElement(new SensorReading("a", 1_000_300, null), 1);
            h.processElement(new SensorReading("a", 1_000_000 + 2L * 86_400_000, new double[] {1, 1, 1}), 1);
            h.processElement(new SensorReading("a", 1_000_400, new double[] {1, 1, 1}), 1);
            List<String> reasons = h.getSideOutput(LtcKeyedFunction.DEAD_LETTERS).stream()
                    .map(StreamRecord::getValue).map(d -> d.reason).collect(Collectors.toList());
            assertThat(reasons).containsExactly(
                    "not-finite: values[1] is NaN",
                    "wrong-width: expected 3 values but found 2",
                    "null-values: the reading has no values",
                    "far-future: timestamp 173800000 is 172800000 ms ahead of the watermark 1000000");
            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(fn.metricsSnapshot()).containsEntry("deadLetters", 4L);
        }
    }

    @Test
    void modelTimeUnit_fromTheModelFile_scalesTheGap_anExplicitUnitOverrides() throws Exception {
        Model golden = ModelFiles.read(OperatorFixtures.ltcModel(dir));
        Path halfUnit = dir.resolve("half-unit.model");
        ModelFiles.write(Model.of(golden.cell(), null, java.util.Map.of("time.unit", "0.5")),
                halfUnit, io.ltcflink.core.model.ModelEncoding.BINARY);
        List<SensorReading> two = List.of(new SensorReading("a", 1000, new double[] {1, 2, 3}),
                new SensorReading("a", 4000, new double[] {2, 2, 2}));
        // Data in seconds, the model's unit half a second: a 3 s gap is 6 model units.
        LtcKeyedFunction fn = new LtcKeyedFunction(
                LtcOperatorConfig.builder(halfUnit.toString()).build());
        try (var h = open(fn, null)) {
            feed(h, two);
            assertThat(h.extractOutputValues().get(1).dt).isEqualTo(6.0);
        }
        LtcKeyedFunction minutes = new LtcKeyedFunction(LtcOperatorConfig.builder(
                halfUnit.toString()).dataTimeUnit(Duration.ofMinutes(1)).build());
        try (var h = open(minutes, null)) {
            feed(h, two);
            assertThat(h.extractOutputValues().get(1).dt).isEqualTo(0.1);
        }
        LtcKeyedFunction explicit = new LtcKeyedFunction(LtcOperatorConfig.builder(
                halfUnit.toString()).modelTimeUnit(Duration.ofMillis(100)).build());
        try (var h = open(explicit, null)) {
            feed(h, two);
            assertThat(h.extractOutputValues().get(1).dt).isEqualTo(30.0);
        }
    }

    @Test
    void numericMode_fastByDefault_exactOnRequest_bothWithinConformance() throws Exception {
        List<SensorReading> stream = OperatorFixtures.irregularStream(3, 30, 3, 5);
        Model m = ModelFiles.read(OperatorFixtures.ltcModel(dir));
        List<double[]> exactRef = OperatorFixtures.reference(m.cell(), stream, 1000.0);
        for (NumericMode mode : new NumericMode[] {null, NumericMode.EXACT}) {
            LtcOperatorConfig.Builder b = config();
            if (mode != null) {
                b.numericMode(mode);
            }
            LtcOperatorConfig cfg = b.build();
            assertThat(((io.ltcflink.core.cell.LtcCell) LtcKeyedFunction.inferenceCell(m, cfg))
                    .numericMode()).isEqualTo(mode == null ? NumericMode.FAST : NumericMode.EXACT);
            LtcKeyedFunction fn = new LtcKeyedFunction(cfg);
            try (var h = open(fn, null)) {
                feed(h, stream);
                List<Forecast> out = h.extractOutputValues();
                for (int i = 0; i < out.size(); i++) {
                    if (exactRef.get(i) == null) {
                        continue;
                    }
                    if (mode == NumericMode.EXACT) {
                        assertThat(out.get(i).forecast).containsExactly(exactRef.get(i));
                    } else {
                        assertThat(out.get(i).forecast[0]).isCloseTo(exactRef.get(i)[0],
                                org.assertj.core.api.Assertions.within(1e-12));
                    }
                }
            }
        }
    }

    @Test
    void timestampsTheOutputsCannotCarry_areDeadLettersEvenForAKeysFirstRecord() throws Exception {
        LtcKeyedFunction fn = new LtcKeyedFunction(config().build());
        long now = 1_764_300_000_000L;
        try (var h = open(fn, null)) {
            h.setProcessingTime(now);
            // No watermark yet and every key new: only the clock bound can catch these.
            h.processElement(new SensorReading("max", Long.MAX_VALUE, new double[] {1, 1, 1}), 1);
            h.processElement(new SensorReading("ahead", now + 600_001, new double[] {1, 1, 1}), 1);
            h.processElement(new SensorReading("neg", -1, new double[] {1, 1, 1}), 1);
            h.processElement(new SensorReading("min", Long.MIN_VALUE, new double[] {1, 1, 1}), 1);
            h.processElement(new SensorReading("edge", now + 600_000, new double[] {1, 1, 1}), 1);
            h.processElement(new SensorReading("zero", 0, new double[] {1, 1, 1}), 1);
            List<String> reasons = h.getSideOutput(LtcKeyedFunction.DEAD_LETTERS).stream()
                    .map(StreamRecord::getValue).map(d -> d.reason).collect(Collectors.toList());
            assertThat(reasons).containsExactly(
                    "far-future: timestamp 9223372036854775807 is 9223370272554775807 ms ahead of"
                            + " the clock 1764300000000 (at most 600000)",
                    "far-future: timestamp 1764300600001 is 600001 ms ahead of the clock"
                            + " 1764300000000 (at most 600000)",
                    "before-epoch: timestamp -1 is before the epoch",
                    "before-epoch: timestamp -9223372036854775808 is before the epoch");
            assertThat(h.extractOutputValues()).extracting(f -> f.key)
                    .containsExactly("edge", "zero");
            assertThat(fn.metricsSnapshot()).containsEntry("deadLetters", 4L);
        }
        // Without a clock bound (outputs that are files), any timestamp is a reading's own.
        LtcKeyedFunction free = new LtcKeyedFunction(config().maxAheadOfClock(null).build());
        try (var h = open(free, null)) {
            h.setProcessingTime(now);
            h.processElement(new SensorReading("max", Long.MAX_VALUE, new double[] {1, 1, 1}), 1);
            h.processElement(new SensorReading("neg", -1, new double[] {1, 1, 1}), 1);
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(h.getSideOutput(LtcKeyedFunction.DEAD_LETTERS)).isNull();
        }
    }

    @Test
    void keysThatCannotBeWritten_areDeadLettersBeforeTheStreamIsKeyed() {
        assertThat(KeyCheck.problem(null)).isEqualTo("null-key: the record is null");
        assertThat(KeyCheck.problem(new SensorReading("", 1, new double[] {1})))
                .isEqualTo("null-key: the reading has no sensor key");
        assertThat(KeyCheck.problem(new SensorReading("k".repeat(1025), 1, new double[] {1})))
                .isEqualTo("key-too-long: the key has 1025 characters, at most 1024 are accepted");
        assertThat(KeyCheck.problem(new SensorReading("k".repeat(1024), 1, new double[] {1})))
                .isNull();
        assertThat(KeyCheck.problem(new SensorReading("a\ud800b", 1, new double[] {1})))
                .isEqualTo("bad-key: the key has a lone surrogate U+D800 at index 1");
        assertThat(KeyCheck.problem(new SensorReading("ab\udc00", 1, new double[] {1})))
                .isEqualTo("bad-key: the key has a lone surrogate U+DC00 at index 2");
        assertThat(KeyCheck.problem(new SensorReading("温度-\ud83d\ude80", 1, new double[] {1})))
                .isNull();
    }

    @Test
    void ttl_idleKey_expiresAndStartsAgain() throws Exception {
        LtcKeyedFunction fn = new LtcKeyedFunction(config().stateTtl(Duration.ofMinutes(10)).build());
        try (var h = open(fn, null)) {
            h.setStateTtlProcessingTime(0);
            h.processElement(new SensorReading("a", 1000, new double[] {1, 1, 1}), 1000);
            h.processElement(new SensorReading("a", 2000, new double[] {1, 1, 1}), 2000);
            h.setStateTtlProcessingTime(Duration.ofMinutes(11).toMillis());
            h.processElement(new SensorReading("a", 3000, new double[] {1, 1, 1}), 3000);
            List<Forecast> out = h.extractOutputValues();
            assertThat(out.get(1).isFirst()).isFalse();
            assertThat(out.get(2).isFirst()).as("expired key starts afresh").isTrue();
        }
    }

    @Test
    void ttl_rocksdb_compactionDropsExpiredKeysFromDisk() throws Exception {
        LtcKeyedFunction fn = new LtcKeyedFunction(config().stateTtl(Duration.ofMinutes(10)).build());
        try (var h = open(fn, new EmbeddedRocksDBStateBackend())) {
            h.setStateTtlProcessingTime(0);
            for (int k = 0; k < 20; k++) {
                h.processElement(new SensorReading("idle-" + k, 1000, new double[] {1, 1, 1}), 1000);
            }
            h.setStateTtlProcessingTime(Duration.ofMinutes(5).toMillis());
            h.processElement(new SensorReading("active", 2000, new double[] {1, 1, 1}), 2000);
            h.setStateTtlProcessingTime(Duration.ofMinutes(11).toMillis());
            RocksDBKeyedStateBackend<?> backend = (RocksDBKeyedStateBackend<?>)
                    ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
            // Expired entries stay on disk until RocksDB compacts them away: the key iterator
            // reads raw entries and still sees all of them.
            assertThat(backend.getKeys("ltc-key-state", VoidNamespace.INSTANCE).count())
                    .isEqualTo(21);
            backend.compactState(new ValueStateDescriptor<>("ltc-key-state", KeyStateSerializer.INSTANCE));
            assertThat(backend.getKeys("ltc-key-state", VoidNamespace.INSTANCE)
                            .map(Object::toString).collect(Collectors.toList()))
                    .as("the compaction filter dropped the 20 idle keys, kept the active one")
                    .containsExactly("active");
        }
    }

    @Test
    void modelChange_resetsKeysBuiltByTheOldModel() throws Exception {
        Path a = OperatorFixtures.goldenModel(dir, "ltc_fc_small.json", null);
        Path b = OperatorFixtures.goldenModel(dir, "ltc_fc_small.json", "implicit_constraints_false");
        OperatorSubtaskState snap;
        try (var h = open(new LtcKeyedFunction(LtcOperatorConfig.builder(a.toString()).build()), null)) {
            h.processElement(new SensorReading("a", 1000, new double[] {1, 1, 1}), 1000);
            h.processElement(new SensorReading("a", 2000, new double[] {1, 1, 1}), 2000);
            snap = h.snapshot(1, 1);
        }
        LtcKeyedFunction fn = new LtcKeyedFunction(LtcOperatorConfig.builder(b.toString()).build());
        try (var h = OperatorFixtures.harness(fn, null)) {
            h.initializeState(snap);
            h.open();
            h.processElement(new SensorReading("a", 3000, new double[] {1, 1, 1}), 3000);
            Forecast f = h.extractOutputValues().get(0);
            assertThat(f.isFirst()).isTrue();
            assertThat(f.has(Forecast.RESET)).isTrue();
            assertThat(fn.metricsSnapshot()).containsEntry("modelResets", 1L);
        }
    }

    @Test
    void scorerLayoutChange_resetsKeysWhoseScorerStateHasAnotherSize() throws Exception {
        NoveltyDetector.Config small = NoveltyDetector.Config.builder().warmUp(5)
                .seasonal(0, 24, 30, 12).build();
        NoveltyDetector.Config large = small.toBuilder().seasonal(0.3, 24, 30, 12).build();
        List<SensorReading> stream = OperatorFixtures.irregularStream(1, 20, 3, 4);
        OperatorSubtaskState snap;
        try (var h = open(new LtcKeyedFunction(config().scorer(new NoveltyScorer(small))
                .targetChannels(0).build()), null)) {
            feed(h, stream.subList(0, 10));
            snap = h.snapshot(1, 1);
        }
        LtcKeyedFunction fn = new LtcKeyedFunction(config().scorer(new NoveltyScorer(large))
                .targetChannels(0).build());
        try (var h = OperatorFixtures.harness(fn, null)) {
            h.initializeState(snap);
            h.open();
            feed(h, stream.subList(10, 11));
            Forecast f = h.extractOutputValues().get(0);
            assertThat(f.isFirst()).isTrue();
            assertThat(f.has(Forecast.RESET)).isTrue();
            assertThat(fn.metricsSnapshot()).containsEntry("resets", 1L)
                    .containsEntry("modelResets", 0L);
        }
    }

    @Test
    void alerts_hysteresisAndCoolDown_giveOneAlertPerIncident() throws Exception {
        // A scorer that reads the residual's size directly, so the test controls the score.
        Scorer direct = new Scorer() {
            @Override
            public int stateSize(int channels, int hiddenSize) {
                return 0;
            }

            @Override
            public double score(double[] state, io.ltcflink.core.engine.Observation o) {
                return Math.min(1.0, Math.abs(o.residual()[0]) / 100.0);
            }
        };
        LtcKeyedFunction fn = new LtcKeyedFunction(config().scorer(direct)
                .alerts(0.9, 0.5, Duration.ofSeconds(30)).build());
        double[] levels = {0, 0, 200, 200, 200, 0, 200, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 200};
        try (var h = open(fn, null)) {
            for (int i = 0; i < levels.length; i++) {
                h.processElement(new SensorReading("a", i * 1000L,
                        new double[] {levels[i], 0, 0}), i * 1000L);
            }
            List<Long> alertTimes = h.getSideOutput(LtcKeyedFunction.ALERTS).stream()
                    .map(r -> r.getValue().timestamp).collect(Collectors.toList());
            // t=2 opens; 3,4 are the same incident; 6 reopens within the 30 s cool-down (no
            // alert); 36 is a new incident after the cool-down.
            assertThat(alertTimes).containsExactly(2000L, 36_000L);
            assertThat(fn.metricsSnapshot()).containsEntry("alerts", 2L);
        }
    }

    @Test
    void measureCpuTime_on_forecastsCarryTheStepsCpuTimeAndFirstRecordsNone() throws Exception {
        LtcKeyedFunction fn = new LtcKeyedFunction(config().measureCpuTime(true).build());
        try (var h = open(fn, null)) {
            feed(h, OperatorFixtures.irregularStream(2, 20, 3, 4));
            List<Forecast> out = h.extractOutputValues();
            for (Forecast f : out) {
                if (f.isFirst()) {
                    assertThat(f.cpuNanos).isZero();
                } else {
                    // A step of a small LTC takes microseconds; a minute would be a unit mistake.
                    assertThat(f.cpuNanos).isPositive().isLessThan(60_000_000_000L);
                }
            }
        }
    }

    @Test
    void measureCpuTime_off_leavesCpuNanosZero() throws Exception {
        try (var h = open(new LtcKeyedFunction(config().build()), null)) {
            feed(h, OperatorFixtures.irregularStream(1, 5, 3, 4));
            assertThat(h.extractOutputValues()).allMatch(f -> f.cpuNanos == 0);
        }
    }

    @Test
    void stateBytesPerKey_goldenModel_isTheSerializedLayoutSize() throws Exception {
        Model m = ModelFiles.read(OperatorFixtures.ltcModel(dir));
        int n = m.cell().stateSize();
        // UTF id (2 + 16 hex digits), timestamp 8, alert flag 1, last alert 8, then three arrays
        // with an int length each: the cell state (n), the reading (3) and the scorer (1 + 1);
        // then the per-key normaliser and readout-adapter arrays, empty (length only) without them,
        // and the prediction interval's half-width per compared channel (1).
        int expected = 18 + 8 + 1 + 8 + (4 + 8 * n) + (4 + 8 * 3) + (4 + 8 * 2) + 4 + 4 + (4 + 8);
        assertThat(LtcKeyedFunction.stateBytesPerKey(m, 3, 1, ResidualScaleScorer.defaults()))
                .isEqualTo(expected);
    }

    @Test
    void open_missingModel_failsWithThePath() {
        LtcKeyedFunction fn = new LtcKeyedFunction(
                LtcOperatorConfig.builder(dir.resolve("nope.model").toString()).build());
        assertThatThrownBy(() -> open(fn, null)).hasMessageContaining("nope.model");
    }

    @Test
    void open_modelWithMoreOutputsThanChannels_needsTargetChannels() throws Exception {
        Path m = OperatorFixtures.goldenModel(dir, "ltc_autoncp.json", null);
        // ltc_autoncp has 4 inputs and 2 outputs: default targets 0, 1 are fine; 5 is not.
        LtcKeyedFunction fn = new LtcKeyedFunction(
                LtcOperatorConfig.builder(m.toString()).targetChannels(0, 5).build());
        assertThatThrownBy(() -> open(fn, null)).hasMessageContaining("target channel 5 does not exist");
    }
}
