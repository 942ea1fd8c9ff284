package io.ltcflink.jobs.sidecar;

import io.ltcflink.core.cell.LstmCell;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelEncoding;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.core.model.Normalization;
import io.ltcflink.core.train.ForecastTask;
import io.ltcflink.core.train.WindowForecaster;
import io.ltcflink.flink.Forecast;
import io.ltcflink.flink.SensorReading;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Models, streams and reference computations shared by the sidecar tests. */
final class SidecarFixtures {

    private SidecarFixtures() {}

    /**
     * A random windowed LSTM over 3 channels (4 inputs with log Δ), 6 units, forecasting channels
     * 0 and 2, with a normalisation, written to {@code dir}.
     */
    static Path model(Path dir, int window, boolean logDelta) throws Exception {
        LstmCell cell = LstmCell.initialize(logDelta ? 4 : 3, 6, 2, 5);
        Map<String, String> meta = new HashMap<>(ForecastTask.of(3, logDelta, 0, 2).toMetadata());
        meta.put(WindowForecaster.KEY_WINDOW, Integer.toString(window));
        int in = cell.inputSize();
        double[] shift = new double[in];
        double[] scale = new double[in];
        for (int i = 0; i < in; i++) {
            shift[i] = 0.1 * i;
            scale[i] = 1 + 0.5 * i;
        }
        Model m = Model.of(cell, new Normalization(shift, scale, new double[] {0.2, -0.1},
                new double[] {2, 3}), meta);
        Path p = dir.resolve("lstm-w" + window + (logDelta ? "-gap" : "") + ".model");
        ModelFiles.write(m, p, ModelEncoding.BINARY);
        return p;
    }

    /** {@code keys} sensors with irregular gaps (some long), interleaved, in arrival order. */
    static List<SensorReading> irregularStream(int keys, int perKey, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<SensorReading> all = new ArrayList<>();
        long[] t = new long[keys];
        int[] left = new int[keys];
        for (int k = 0; k < keys; k++) {
            t[k] = 1_764_300_000_000L + rnd.nextInt(5000);
            left[k] = perKey;
        }
        int remaining = keys * perKey;
        while (remaining > 0) {
            int k = rnd.nextInt(keys);
            if (left[k] == 0) {
                continue;
            }
            double[] x = new double[3];
            for (int c = 0; c < 3; c++) {
                x[c] = Math.sin(t[k] / 7000.0 + c + k) + 0.1 * rnd.nextGaussian();
            }
            all.add(new SensorReading("sensor-" + k, t[k], x));
            t[k] += rnd.nextInt(10) == 0 ? 20_000 + rnd.nextInt(60_000) : 50 + rnd.nextInt(3000);
            left[k]--;
            remaining--;
        }
        return all;
    }

    /**
     * The forecast each record should get (null for a key's first record): the windowed
     * forecaster over the key's previous readings, straight from the definition.
     */
    static List<double[]> reference(Model model, List<SensorReading> stream, double millisPerUnit) {
        WindowForecaster f = WindowForecaster.of(model);
        Map<String, List<SensorReading>> seen = new HashMap<>();
        List<double[]> out = new ArrayList<>();
        for (SensorReading r : stream) {
            List<SensorReading> prev = seen.computeIfAbsent(r.key, k -> new ArrayList<>());
            if (prev.isEmpty()) {
                out.add(null);
            } else {
                int n = prev.size();
                double[] values = new double[n * 3];
                double[] gaps = new double[n];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(prev.get(i).values, 0, values, 3 * i, 3);
                    gaps[i] = i == 0 ? 0 : (prev.get(i).timestamp - prev.get(i - 1).timestamp)
                            / millisPerUnit;
                }
                double[] y = new double[2];
                f.forecast(values, gaps, 0, n,
                        (r.timestamp - prev.get(n - 1).timestamp) / millisPerUnit, y);
                out.add(y);
            }
            prev.add(r);
        }
        return out;
    }

    /** A keyed harness around the operator on the given backend (null: heap), not yet opened. */
    static KeyedOneInputStreamOperatorTestHarness<String, SensorReading, Forecast> harness(
            WindowedLstmFunction fn, StateBackend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, SensorReading, Forecast> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(fn), r -> r.key, Types.STRING);
        // pipeline.generic-types: false, as the jobs run: any fallback to Kryo fails the test.
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        h.getExecutionConfig().configure(conf, SidecarFixtures.class.getClassLoader());
        if (backend != null) {
            h.setStateBackend(backend);
        }
        // The processing clock reads the wall clock, as in a running job: readings are checked
        // against it (timestamps too far ahead of it are dead letters).
        h.setProcessingTime(System.currentTimeMillis());
        return h;
    }
}
