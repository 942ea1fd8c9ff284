package io.ltcflink.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.core.engine.CellKeyedForecaster;
import io.ltcflink.core.engine.KeyState;
import io.ltcflink.core.engine.Outcome;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.flink.LtcKeyedFunction;
import io.ltcflink.flink.LtcOperatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ltc replay --model-updates}: a model update mid-stream through the real operator on a
 * MiniCluster. Per key, the rows before the switch are exactly model A's rows from a replay of A
 * alone; after it, with {@code reset}, exactly model B's rows from a replay of B alone over the
 * records from the switch on; with {@code carry}, exactly B stepping on from A's state. Two small
 * LTCs of the same shape, trained here on generated Lorenz data with different seeds.
 */
final class ReplayModelSwapITCase {

    @TempDir static Path dir;

    private static Path modelA;
    private static Path modelB;

    private record Reading(String key, long t, double[] x) {}

    /** A forecast row: its fields, the model column last when present. */
    private record Row(String key, long t, String dt, boolean first, double[] y, String score,
            String alert, String model) {

        /** The row's content apart from the model column. */
        String content() {
            return key + "," + t + "," + dt + "," + first + "," + java.util.Arrays.toString(y)
                    + "," + score + "," + alert;
        }
    }

    @BeforeAll
    static void trainModels() {
        modelA = train("a", "1");
        modelB = train("b", "2");
    }

    private static Path train(String name, String seed) {
        Path out = dir.resolve(name + ".model");
        CliRunner.Result r = CliRunner.cli("train", "--data", "lorenz", "--samples", "300",
                "--epochs", "2", "--cell", "ltc", "--units", "6", "--seed", seed, "--quiet",
                "--threads", "1", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        return out;
    }

    private static List<Reading> stream(int keys, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] t = new long[keys];
        for (int k = 0; k < keys; k++) {
            t[k] = 1_764_300_000_000L + rnd.nextInt(1000);
        }
        List<Reading> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(keys);
            double[] x = new double[3];
            for (int c = 0; c < 3; c++) {
                x[c] = 5 * Math.sin(t[k] / 3000.0 + c + k) + rnd.nextGaussian();
            }
            out.add(new Reading("k" + k, t[k], x));
            t[k] += 100 + rnd.nextInt(2000);
        }
        return out;
    }

    private static Path csv(String name, List<Reading> rs) throws Exception {
        StringBuilder sb = new StringBuilder("key,timestamp,x0,x1,x2\n");
        for (Reading r : rs) {
            sb.append(r.key).append(',').append(r.t);
            for (double v : r.x) {
                sb.append(',').append(v);
            }
            sb.append('\n');
        }
        Path p = dir.resolve(name);
        Files.writeString(p, sb.toString());
        return p;
    }

    /** Runs {@code ltc replay} and returns its forecast rows per key, in order. */
    private static Map<String, List<Row>> replay(Path model, Path input, String name,
            String... extra) throws Exception {
        Path out = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("replay", "--model", model.toString(),
                "--input", input.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        CliRunner.Result r = CliRunner.cli(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        boolean withModel = lines.get(0).endsWith(",model");
        Map<String, List<Row>> byKey = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int outputs = f.length - (withModel ? 7 : 6);
            double[] y = new double[outputs];
            for (int m = 0; m < outputs; m++) {
                y[m] = Double.parseDouble(f[4 + m]);
            }
            byKey.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Row(f[0],
                    Long.parseLong(f[1]), f[2], f[3].equals("1"), y, f[4 + outputs],
                    f[5 + outputs], withModel ? f[6 + outputs] : null));
        }
        return byKey;
    }

    private static Path updates(long switchAt) throws Exception {
        Path p = dir.resolve("updates-" + switchAt + ".csv");
        Files.writeString(p, "timestamp,model\n" + switchAt + "," + modelB + "\n");
        return p;
    }

    /** The event time of the middle record: the switch. */
    private static long middle(List<Reading> rs) {
        return rs.get(rs.size() / 2).t;
    }

    @Test
    void reset_givesAsRowsBeforeTheSwitchAndBsRowsFromAKeyStartedAtTheSwitch() throws Exception {
        List<Reading> rs = stream(4, 400, 11);
        long switchAt = middle(rs);
        Path input = csv("readings.csv", rs);
        Map<String, List<Row>> a = replay(modelA, input, "a.csv");
        Map<String, List<Row>> b = replay(modelB, csv("after.csv",
                rs.stream().filter(r -> r.t >= switchAt).toList()), "b.csv");
        Map<String, List<Row>> swapped = replay(modelA, input, "swap-reset.csv",
                "--model-updates", updates(switchAt).toString(), "--swap-policy", "reset");
        String idA = ModelFiles.read(modelA).id();
        String idB = ModelFiles.read(modelB).id();
        assertThat(idA).isNotEqualTo(idB);

        assertThat(swapped.values().stream().mapToInt(List::size).sum()).isEqualTo(rs.size());
        int before = 0;
        int after = 0;
        for (Map.Entry<String, List<Row>> e : swapped.entrySet()) {
            List<Row> rows = e.getValue();
            List<Row> aRows = a.get(e.getKey());
            List<Row> bRows = b.getOrDefault(e.getKey(), List.of());
            int n = 0;
            for (Row row : rows) {
                if (row.t < switchAt) {
                    assertThat(row.content()).isEqualTo(aRows.get(n).content());
                    assertThat(row.model).isEqualTo(idA);
                    before++;
                } else {
                    assertThat(row.content()).isEqualTo(bRows.get(n - (rows.size()
                            - bRows.size())).content());
                    assertThat(row.model).isEqualTo(idB);
                    after++;
                }
                n++;
            }
            assertThat(rows.stream().filter(r -> r.t >= switchAt).count())
                    .isEqualTo(bRows.size());
            // The key's first record under B starts it afresh.
            assertThat(bRows.isEmpty() || bRows.get(0).first).isTrue();
        }
        assertThat(before).isPositive();
        assertThat(after).isPositive();
    }

    @Test
    void carry_givesAsRowsBeforeTheSwitchAndBSteppingOnFromAsState() throws Exception {
        List<Reading> rs = stream(4, 400, 12);
        long switchAt = middle(rs);
        Path input = csv("readings-carry.csv", rs);
        Map<String, List<Row>> a = replay(modelA, input, "a-carry.csv");
        Map<String, List<Row>> swapped = replay(modelA, input, "swap-carry.csv",
                "--model-updates", updates(switchAt).toString(), "--swap-policy", "carry");

        // B stepping on from A's state, computed by the engines directly.
        Model ma = ModelFiles.read(modelA);
        Model mb = ModelFiles.read(modelB);
        LtcOperatorConfig config = LtcOperatorConfig.builder(modelA.toString())
                .dataTimeUnit(Duration.ofSeconds(1)).maxAheadOfClock(null).build();
        CellKeyedForecaster ea = LtcKeyedFunction.engine(ma, config);
        CellKeyedForecaster eb = LtcKeyedFunction.engine(mb, config);
        assertThat(ea.stateLayout()).isEqualTo(eb.stateLayout());
        Map<String, KeyState> states = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        int carried = 0;
        for (Reading r : rs) {
            KeyState s = states.get(r.key);
            CellKeyedForecaster e = r.t < switchAt ? ea : eb;
            if (s != null && e == eb && !s.modelId.equals(mb.id())) {
                s.modelId = mb.id();
                carried++;
            }
            KeyState next = e.onRecord(s, r.t, r.x);
            states.put(r.key, next);
            Outcome o = e.outcome();
            int n = seen.merge(r.key, 1, Integer::sum) - 1;
            Row row = swapped.get(r.key).get(n);
            assertThat(row.t).isEqualTo(r.t);
            assertThat(row.model).isEqualTo(e.modelId());
            assertThat(row.first).isEqualTo(o.kind() == Outcome.Kind.FIRST);
            if (!row.first) {
                assertThat(row.y).containsExactly(o.forecast());
                assertThat(Double.parseDouble(row.score)).isEqualTo(o.score());
                assertThat(Double.parseDouble(row.dt)).isEqualTo(o.dt());
            }
            if (r.t < switchAt) {
                assertThat(row.content()).isEqualTo(a.get(r.key).get(n).content());
            }
        }
        assertThat(carried).isPositive();
        assertThat(swapped.values().stream().mapToInt(List::size).sum()).isEqualTo(rs.size());
    }

    @Test
    void badSchedule_isRefusedBeforeTheJobWithTheLine() throws Exception {
        Path input = csv("readings-bad.csv", stream(2, 20, 3));
        Path bad = dir.resolve("bad-updates.csv");
        Files.writeString(bad, "timestamp,model\n1764300000000," + dir.resolve("missing.model")
                + "\n");
        CliRunner.Result r = CliRunner.cli("replay", "--model", modelA.toString(), "--input",
                input.toString(), "--out", dir.resolve("bad.csv").toString(), "--model-updates",
                bad.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("line 2").contains("missing.model");
    }
}
