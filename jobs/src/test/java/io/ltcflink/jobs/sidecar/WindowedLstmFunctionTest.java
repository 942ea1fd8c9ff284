package io.ltcflink.jobs.sidecar;

import io.ltcflink.core.engine.WindowState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltcflink.core.cell.LstmCell;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelEncoding;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.flink.Forecast;
import io.ltcflink.flink.LtcKeyedFunction;
import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.core.engine.ResidualScaleScorer;
import io.ltcflink.flink.SensorReading;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for {@link WindowedLstmFunction} in Flink's keyed operator test harness. */
final class WindowedLstmFunctionTest {

    @TempDir Path dir;

    private static StateBackend backend(String name) {
        return "rocksdb".equals(name)
                ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
    }

    private SidecarConfig.Builder config(int window, boolean logDelta) throws Exception {
        return SidecarConfig.builder(SidecarFixtures.model(dir, window, logDelta).toString())
                .targetChannels(0, 2);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SensorReading, Forecast> open(
            WindowedLstmFunction fn, StateBackend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, SensorReading, Forecast> h =
                SidecarFixtures.harness(fn, backend);
        h.open();
        return h;
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, SensorReading, Forecast> h,
            List<SensorReading> rs) throws Exception {
        for (SensorReading r : rs) {
            h.processElement(r, r.timestamp);
        }
    }

    /** The key's window as the state backend holds it right now. */
    private static WindowState window(
            KeyedOneInputStreamOperatorTestHarness<String, SensorReading, Forecast> h, String key)
            throws Exception {
        KeyedStateBackend<String> b = h.getOperator().getKeyedStateBackend();
        b.setCurrentKey(key);
        return b.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>("lstm-window", WindowStateSerializer.INSTANCE)).value();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void forecasts_interleavedIrregularKeys_equalTheWindowedForecasterOnEachKey(String be)
            throws Exception {
        for (boolean logDelta : new boolean[] {false, true}) {
            SidecarConfig cfg = config(5, logDelta).build();
            List<SensorReading> stream = SidecarFixtures.irregularStream(3, 30, 1);
            WindowedLstmFunction fn = new WindowedLstmFunction(cfg);
            try (var h = open(fn, backend(be))) {
                feed(h, stream);
                List<Forecast> out = h.extractOutputValues();
                List<double[]> ref = SidecarFixtures.reference(
                        ModelFiles.read(Path.of(cfg.modelLocation())), stream, 1000.0);
                assertThat(out).hasSize(stream.size());
                for (int i = 0; i < out.size(); i++) {
                    Forecast f = out.get(i);
                    SensorReading r = stream.get(i);
                    assertThat(f.key).isEqualTo(r.key);
                    assertThat(f.actual).containsExactly(r.values[0], r.values[2]);
                    if (ref.get(i) == null) {
                        assertThat(f.isFirst()).isTrue();
                        assertThat(f.forecast).isEmpty();
                    } else {
                        assertThat(f.forecast).as("record %s", i).containsExactly(ref.get(i));
                        assertThat(f.residual[1]).isEqualTo(r.values[2] - ref.get(i)[1]);
                    }
                }
                assertThat(fn.metricsSnapshot()).containsEntry("records", 90L)
                        .containsEntry("forecasts", 87L).containsEntry("firstRecords", 3L);
                // A window never holds more than W readings: the last five of the key's.
                WindowState w = window(h, "sensor-1");
                List<SensorReading> key1 = stream.stream().filter(r -> r.key.equals("sensor-1"))
                        .collect(Collectors.toList());
                assertThat(w.count).isEqualTo(5);
                assertThat(w.values[0]).isEqualTo(key1.get(25).values[0]);
                assertThat(w.lastTimestamp).isEqualTo(key1.get(29).timestamp);
                assertThat(w.gaps[4]).isEqualTo(
                        (key1.get(29).timestamp - key1.get(28).timestamp) / 1000.0);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void snapshotRestore_midStream_windowsSurviveAndForecastsContinueBitIdentically(String be)
            throws Exception {
        SidecarConfig cfg = config(8, true).build();
        List<SensorReading> stream = SidecarFixtures.irregularStream(3, 40, 2);
        List<Forecast> uninterrupted;
        try (var h = open(new WindowedLstmFunction(cfg), backend(be))) {
            feed(h, stream);
            uninterrupted = h.extractOutputValues();
        }
        // Cut where some keys hold a full window and others are still filling one.
        int cut = 19;
        OperatorSubtaskState snapshot;
        List<Forecast> resumed = new ArrayList<>();
        List<WindowState> before = new ArrayList<>();
        try (var h = open(new WindowedLstmFunction(cfg), backend(be))) {
            feed(h, stream.subList(0, cut));
            resumed.addAll(h.extractOutputValues());
            for (String k : List.of("sensor-0", "sensor-1", "sensor-2")) {
                before.add(window(h, k));
            }
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = SidecarFixtures.harness(new WindowedLstmFunction(cfg), backend(be))) {
            assertThat(h.getExecutionConfig().getSerializerConfig().hasGenericTypesDisabled())
                    .isTrue();
            h.initializeState(snapshot);
            h.open();
            List<WindowState> after = new ArrayList<>();
            for (String k : List.of("sensor-0", "sensor-1", "sensor-2")) {
                after.add(window(h, k));
            }
            assertThat(after).isEqualTo(before);
            assertThat(before).anyMatch(w -> w.count == 8).anyMatch(w -> w.count < 8);
            feed(h, stream.subList(cut, stream.size()));
            resumed.addAll(h.extractOutputValues());
        }
        assertThat(resumed).containsExactlyElementsOf(uninterrupted);
    }

    @Test
    void badAndLateRecords_deadLettersAndLateWithTheLtcOperatorsReasons() throws Exception {
        WindowedLstmFunction fn = new WindowedLstmFunction(config(4, false).build());
        // The LTC operator's reasons for the same records, from a model of the same width.
        Path ltc = dir.resolve("ltc.model");
        ModelFiles.write(Model.of(LstmCell.initialize(3, 2, 1, 1)), ltc, ModelEncoding.BINARY);
        LtcKeyedFunction ltcFn = new LtcKeyedFunction(LtcOperatorConfig.builder(ltc.toString())
                .build());
        List<SensorReading> records = List.of(
                new SensorReading("a", 1_000_100, new double[] {1, Double.NaN, 1}),
                new SensorReading("a", 1_000_200, new double[] {1, 1}),
                new SensorReading("a", 1_000_300, null),
                new SensorReading("a", 1_000_000 + 2L * 86_400_000, new double[] {1, 1, 1}),
                new SensorReading("a", 1_000_400, new double[] {1, 1, 1}),
                new SensorReading("a", 1_000_500, new double[] {1, 1, 1}),
                new SensorReading("a", 1_000_450, new double[] {7, 7, 7}),
                new SensorReading("a", 1_000_600, new double[] {1, 1, 1}));
        List<String> lstmReasons = new ArrayList<>();
        List<String> ltcReasons = new ArrayList<>();
        try (var h = open(fn, null);
                var l = new KeyedOneInputStreamOperatorTestHarness<>(
                        new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(ltcFn),
                        (SensorReading r) -> r.key,
                        org.apache.flink.api.common.typeinfo.Types.STRING)) {
            l.setProcessingTime(System.currentTimeMillis());
            l.open();
            h.processWatermark(1_000_000);
            l.processWatermark(1_000_000);
            for (SensorReading r : records) {
                h.processElement(r, 1);
                l.processElement(r, 1);
            }
            for (var out : List.of(LtcKeyedFunction.DEAD_LETTERS, LtcKeyedFunction.LATE)) {
                h.getSideOutput(out).stream().map(StreamRecord::getValue)
                        .map(d -> d.reason).forEach(lstmReasons::add);
                l.getSideOutput(out).stream().map(StreamRecord::getValue)
                        .map(d -> d.reason).forEach(ltcReasons::add);
            }
            assertThat(h.extractOutputValues()).hasSize(3);
            assertThat(fn.metricsSnapshot()).containsEntry("deadLetters", 4L)
                    .containsEntry("late", 1L);
            // The late record left the window alone: 1_000_400 and 1_000_500 and 1_000_600.
            assertThat(window(h, "a").count).isEqualTo(3);
        }
        assertThat(lstmReasons).containsExactly(
                "not-finite: values[1] is NaN",
                "wrong-width: expected 3 values but found 2",
                "null-values: the reading has no values",
                "far-future: timestamp 173800000 is 172800000 ms ahead of the watermark 1000000",
                "late: timestamp 1000450 is 50 ms before the key's last timestamp 1000500");
        assertThat(lstmReasons).isEqualTo(ltcReasons);
    }

    @Test
    void duplicateTimestamp_forecastFromTheWindowWithoutTheNewestThenReplacesIt() throws Exception {
        SidecarConfig cfg = config(4, true).build();
        WindowedLstmFunction fn = new WindowedLstmFunction(cfg);
        List<SensorReading> plain = List.of(
                new SensorReading("a", 1000, new double[] {1, 2, 3}),
                new SensorReading("a", 1500, new double[] {0.5, 0.5, 0.5}),
                new SensorReading("a", 2500, new double[] {9, 9, 9}),
                new SensorReading("a", 3000, new double[] {0, 1, 0}));
        try (var h = open(fn, null)) {
            h.processElement(plain.get(0), 1000);
            h.processElement(plain.get(1), 1500);
            h.processElement(new SensorReading("a", 1500, new double[] {9, 9, 9}), 1500);
            h.processElement(new SensorReading("a", 2500, new double[] {9, 9, 9}), 2500);
            h.processElement(plain.get(3), 3000);
            List<Forecast> out = h.extractOutputValues();
            assertThat(out.get(2).has(Forecast.DUPLICATE_TIME)).isTrue();
            // Forecast for t=1500 from the window before the reading at 1500: as record 1 got.
            assertThat(out.get(2).forecast).containsExactly(out.get(1).forecast);
            assertThat(out.get(2).dt).isZero();
            assertThat(fn.metricsSnapshot()).containsEntry("duplicateTimestamps", 1L);
            // Afterwards the window holds (9, 9, 9) at 1500: the same as a stream that had it.
            List<SensorReading> replaced = List.of(plain.get(0),
                    new SensorReading("a", 1500, new double[] {9, 9, 9}), plain.get(2),
                    plain.get(3));
            List<double[]> ref = SidecarFixtures.reference(
                    ModelFiles.read(Path.of(cfg.modelLocation())), replaced, 1000.0);
            assertThat(out.get(4).forecast).containsExactly(ref.get(3));
        }
    }

    @Test
    void measureCpuTime_on_forecastsCarryTheWindowPassesCpuTime() throws Exception {
        WindowedLstmFunction fn = new WindowedLstmFunction(config(6, false)
                .measureCpuTime(true).build());
        try (var h = open(fn, null)) {
            feed(h, SidecarFixtures.irregularStream(2, 15, 3));
            for (Forecast f : h.extractOutputValues()) {
                if (f.isFirst()) {
                    assertThat(f.cpuNanos).isZero();
                } else {
                    assertThat(f.cpuNanos).isPositive().isLessThan(60_000_000_000L);
                }
            }
        }
    }

    @Test
    void open_modelWithoutWindow_failsUnlessTheWindowIsConfigured() throws Exception {
        Path plain = dir.resolve("plain.model");
        ModelFiles.write(Model.of(LstmCell.initialize(3, 4, 3, 2)), plain, ModelEncoding.BINARY);
        WindowedLstmFunction fn = new WindowedLstmFunction(
                SidecarConfig.builder(plain.toString()).build());
        assertThatThrownBy(() -> open(fn, null)).hasMessageContaining("configure the window");
        WindowedLstmFunction configured = new WindowedLstmFunction(
                SidecarConfig.builder(plain.toString()).window(12).build());
        try (var h = open(configured, null)) {
            assertThat(configured.window()).isEqualTo(12);
        }
    }

    @Test
    void stateBytesPerKey_fullWindow_isTheSerializedLayoutSize() {
        // Timestamp 8, channels 4, count 4, 32 readings × 3 values, 32 gaps, scorer 4 + 8 × 4.
        int expected = 8 + 4 + 4 + 8 * 32 * 3 + 8 * 32 + 4 + 8 * 4;
        assertThat(WindowedLstmFunction.stateBytesPerKey(32, 3, 3, ResidualScaleScorer.defaults()))
                .isEqualTo(expected);
    }
}
