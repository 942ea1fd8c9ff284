package io.ltcflink.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ltc replay} end to end on a MiniCluster, against an independent per-key computation with
 * the core cell on irregular, interleaved, multi-key streams.
 */
final class ReplayCommandITCase {

    private static final Path GOLDEN = Path.of("../ltc-flink-operator/src/test/resources/golden");

    @TempDir Path dir;

    private record Reading(String key, long t, double[] x) {}

    private static List<Reading> stream(int keys, int n, long seed) {
        return stream(keys, n, seed, 4);
    }

    private static List<Reading> stream(int keys, int n, long seed, int channels) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Long> t = new HashMap<>();
        List<Reading> out = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            t.put("k" + k, 1_764_300_000_000L + rnd.nextInt(1000));
        }
        for (int i = 0; i < n; i++) {
            String key = "k" + rnd.nextInt(keys);
            long ts = t.get(key);
            double[] x = new double[channels];
            for (int c = 0; c < channels; c++) {
                x[c] = Math.sin(ts / 3000.0 + c) + 0.2 * rnd.nextGaussian();
            }
            out.add(new Reading(key, ts, x));
            t.put(key, ts + (rnd.nextInt(20) == 0 ? 40_000 : 10 + rnd.nextInt(2500)));
        }
        return out;
    }

    private static Path write(Path file, List<Reading> rs, List<String> extraLines) throws Exception {
        StringBuilder sb = new StringBuilder("key,timestamp");
        for (int c = 0; c < rs.get(0).x.length; c++) {
            sb.append(",x").append(c);
        }
        sb.append('\n');
        for (Reading r : rs) {
            sb.append(r.key).append(',').append(r.t);
            for (double v : r.x) {
                sb.append(',').append(v);
            }
            sb.append('\n');
        }
        extraLines.forEach(l -> sb.append(l).append('\n'));
        Files.writeString(file, sb.toString());
        return file;
    }

    /** Per key, in input order: the forecast before each record (null for the first). */
    private static Map<String, List<double[]>> independent(Model model, List<Reading> rs, double unit) {
        return independent(model.cell(), rs, unit);
    }

    /** As above, through {@code cell}. */
    private static Map<String, List<double[]>> independent(RecurrentCell cell, List<Reading> rs,
            double unit) {
        RecurrentCell.Stepper s = cell.newStepper();
        Map<String, double[]> h = new HashMap<>();
        Map<String, Reading> last = new HashMap<>();
        Map<String, List<double[]>> out = new HashMap<>();
        for (Reading r : rs) {
            List<double[]> list = out.computeIfAbsent(r.key, k -> new ArrayList<>());
            Reading p = last.get(r.key);
            if (p == null) {
                h.put(r.key, new double[cell.stateSize()]);
                list.add(null);
            } else {
                double[] y = new double[cell.outputSize()];
                s.step(h.get(r.key), p.x, (r.t - p.t) / unit, y);
                list.add(y);
            }
            last.put(r.key, r);
        }
        return out;
    }

    /** Per key, in input order: the replayed forecasts (null on a key's first row). */
    private static Map<String, List<double[]>> replayed(Path out) throws Exception {
        List<String> lines = Files.readAllLines(out);
        Map<String, List<double[]>> byKey = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            int outputs = c.length - 6;
            double[] y = null;
            if ("0".equals(c[3])) {
                y = new double[outputs];
                for (int i = 0; i < outputs; i++) {
                    y[i] = Double.parseDouble(c[4 + i]);
                }
            }
            byKey.computeIfAbsent(c[0], k -> new ArrayList<>()).add(y);
        }
        return byKey;
    }

    private Path importedAutoNcp() {
        return imported("ltc_autoncp.json");
    }

    private Path imported(String golden) {
        Path model = dir.resolve(golden + ".cbor");
        assertThat(LtcCli.execute("import", GOLDEN.resolve(golden).toString(),
                "--out", model.toString())).isZero();
        return model;
    }

    private Map<String, List<double[]>> replay(Path model, Path in, String... options)
            throws Exception {
        Path out = dir.resolve("out-" + String.join("", options) + ".csv");
        List<String> args = new ArrayList<>(List.of("replay", "--model", model.toString(),
                "--input", in.toString(), "--out", out.toString()));
        args.addAll(List.of(options));
        assertThat(LtcCli.execute(args.toArray(new String[0]))).isZero();
        return replayed(out);
    }

    @Test
    void replay_numericModeExact_runsTheReferenceArithmeticAndTheDefaultTheFastKernel()
            throws Exception {
        // A dense LTC, where the two modes sum in different orders.
        Path model = imported("ltc_fc_small.json");
        List<Reading> rs = stream(4, 400, 7, 3);
        Path in = write(dir.resolve("in.csv"), rs, List.of());
        LtcCell cell = (LtcCell) ModelFiles.read(model).cell();
        Map<String, List<double[]>> exact =
                independent(cell.withNumericMode(NumericMode.EXACT), rs, 1000.0);
        Map<String, List<double[]>> fast =
                independent(cell.withNumericMode(NumericMode.FAST), rs, 1000.0);

        assertThat(replay(model, in, "--numeric-mode", "exact"))
                .usingRecursiveComparison().isEqualTo(exact);
        assertThat(replay(model, in, "--numeric-mode", "FAST"))
                .usingRecursiveComparison().isEqualTo(fast);
        assertThat(replay(model, in)).usingRecursiveComparison().isEqualTo(fast);
        // The modes do differ on these readings, so the equalities above tell them apart.
        assertThat(fast).usingRecursiveComparison().isNotEqualTo(exact);
    }

    @Test
    void replay_unknownNumericMode_isAUsageErrorNamingTheModes() {
        CliRunner.Result r = CliRunner.cli("replay", "--model", "m.model", "--input", "in.csv",
                "--out", "out.csv", "--numeric-mode", "approximate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--numeric-mode")
                .contains("unknown numeric mode 'approximate': expected exact or fast");
    }

    @Test
    void replay_interleavedKeysRocksDbParallelismTwo_matchesIndependentComputation()
            throws Exception {
        Path model = importedAutoNcp();
        List<Reading> rs = stream(6, 600, 5);
        Path in = write(dir.resolve("in.csv"), rs, List.of("k1,yesterday,1,2,3,4", "k2,5,1,2"));
        Path out = dir.resolve("out.csv");
        int code = LtcCli.execute("replay", "--model", model.toString(), "--input", in.toString(),
                "--output", out.toString(), "--time-unit", "s", "--state-backend", "rocksdb",
                "--parallelism", "2");
        assertThat(code).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("key,timestamp,dt,first,y0,y1,score,alert");
        assertThat(lines).hasSize(1 + rs.size());
        Map<String, List<double[]>> expected = independent(ModelFiles.read(model), rs, 1000.0);
        Map<String, Integer> seen = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            int i = seen.merge(c[0], 1, Integer::sum) - 1;
            double[] e = expected.get(c[0]).get(i);
            if (e == null) {
                assertThat(c[3]).isEqualTo("1");
            } else {
                assertThat(c[3]).isEqualTo("0");
                assertThat(Double.parseDouble(c[4])).isEqualTo(e[0]);
                assertThat(Double.parseDouble(c[5])).isEqualTo(e[1]);
            }
        }
        List<String> rejected = Files.readAllLines(dir.resolve("out.csv.rejected.csv"));
        assertThat(rejected).hasSize(3);
        assertThat(String.join("\n", rejected)).contains("'yesterday'")
                .contains("wrong-width: expected 4 values but found 2");
    }

    @Test
    void replay_eventTimeMode_reordersWithinTheBound() throws Exception {
        Path model = importedAutoNcp();
        List<Reading> ordered = stream(3, 300, 6);
        List<Reading> shuffled = new ArrayList<>(ordered);
        for (int i = 0; i + 1 < shuffled.size(); i += 2) {
            Reading a = shuffled.get(i);
            Reading b = shuffled.get(i + 1);
            // Swap neighbours when that disorders them by less than the 5 s bound.
            if (Math.abs(a.t - b.t) < 5000) {
                shuffled.set(i, b);
                shuffled.set(i + 1, a);
            }
        }
        Path in = write(dir.resolve("in.csv"), shuffled, List.of());
        Path out = dir.resolve("out.csv");
        assertThat(LtcCli.execute("replay", "--model", model.toString(), "--input", in.toString(),
                "--output", out.toString(), "--out-of-order", "event-time", "--bound", "5s"))
                .isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(1 + ordered.size());
        Map<String, List<double[]>> expected = independent(ModelFiles.read(model), ordered, 1000.0);
        Map<String, Integer> seen = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            int i = seen.merge(c[0], 1, Integer::sum) - 1;
            double[] e = expected.get(c[0]).get(i);
            if (e != null) {
                assertThat(Double.parseDouble(c[4])).isEqualTo(e[0]);
            }
        }
    }
}
