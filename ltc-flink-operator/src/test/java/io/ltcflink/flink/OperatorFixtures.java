package io.ltcflink.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelEncoding;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.core.model.ReferenceDumpImporter;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Models, streams and reference computations shared by the operator tests. */
final class OperatorFixtures {

    private OperatorFixtures() {}

    /** Writes an imported golden model ({@code ltc_fc_small}: 3 inputs, 1 output) to {@code dir}. */
    static Path goldenModel(Path dir, String file, String variant) throws Exception {
        try (InputStream in = OperatorFixtures.class.getResourceAsStream("/golden/" + file)) {
            Model m = ReferenceDumpImporter.importDump(new ObjectMapper().readTree(in), variant);
            Path p = dir.resolve(file + (variant == null ? "" : "." + variant) + ".model");
            ModelFiles.write(m, p, ModelEncoding.BINARY);
            return p;
        }
    }

    static Path ltcModel(Path dir) throws Exception {
        return goldenModel(dir, "ltc_fc_small.json", null);
    }

    /** {@code keys} sensors with irregular gaps (some long), interleaved, in arrival order. */
    static List<SensorReading> irregularStream(int keys, int perKey, int channels, long seed) {
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
            double[] x = new double[channels];
            for (int c = 0; c < channels; c++) {
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
     * The forecasts a direct core computation gives per record (null for a key's first record):
     * evolve with the previous reading across the gap, then read out.
     */
    static List<double[]> reference(Model model, List<SensorReading> stream, double millisPerUnit) {
        return reference(inferenceCell(model), stream, millisPerUnit);
    }

    /** The cell the operator runs for {@code model} by default (an LTC in fast mode). */
    static RecurrentCell inferenceCell(Model model) {
        return LtcKeyedFunction.inferenceCell(model, LtcOperatorConfig.builder("unused").build());
    }

    /** As {@link #reference(Model, List, double)} with {@code cell}. */
    static List<double[]> reference(RecurrentCell cell, List<SensorReading> stream,
            double millisPerUnit) {
        RecurrentCell.Stepper s = cell.newStepper();
        Map<String, double[]> hidden = new HashMap<>();
        Map<String, SensorReading> last = new HashMap<>();
        List<double[]> out = new ArrayList<>();
        for (SensorReading r : stream) {
            SensorReading prev = last.get(r.key);
            if (prev == null) {
                hidden.put(r.key, new double[cell.stateSize()]);
                out.add(null);
            } else {
                double[] y = new double[cell.outputSize()];
                s.step(hidden.get(r.key), prev.values, (r.timestamp - prev.timestamp) / millisPerUnit, y);
                out.add(y);
            }
            last.put(r.key, r);
        }
        return out;
    }

    /** A keyed harness around the operator, on the given backend (null: heap), not yet opened. */
    static KeyedOneInputStreamOperatorTestHarness<String, SensorReading, Forecast> harness(
            LtcKeyedFunction fn, StateBackend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, SensorReading, Forecast> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(fn), r -> r.key, Types.STRING);
        if (backend != null) {
            h.setStateBackend(backend);
        }
        // The processing clock reads the wall clock, as in a running job: readings are checked
        // against it (timestamps too far ahead of it are dead letters).
        h.setProcessingTime(System.currentTimeMillis());
        return h;
    }
}
