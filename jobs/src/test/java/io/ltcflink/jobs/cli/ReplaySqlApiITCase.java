package io.ltcflink.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ltc replay --api sql} (the SQL function {@code LTC_FORECAST}) against the default
 * DataStream replay: the same rows, bit for bit, per key in the same order, on both state
 * backends, in arrival and event-time mode, at parallelism 1 and 2.
 */
final class ReplaySqlApiITCase {

    private static final Path GOLDEN = Path.of("../ltc-flink-operator/src/test/resources/golden");

    @TempDir static Path dir;

    private static Path model;
    private static Path arrivalInput;
    private static Path eventTimeInput;

    @BeforeAll
    static void data() throws Exception {
        model = dir.resolve("ltc_autoncp.cbor");
        assertThat(LtcCli.execute("import", GOLDEN.resolve("ltc_autoncp.json").toString(),
                "--out", model.toString())).isZero();
        List<String> lines = readings(4, 400, 11, false);
        // Every policy the arrival mode has: a duplicate timestamp, a late record, bad records.
        String[] first = lines.get(10).split(",");
        lines.add(first[0] + "," + first[1] + ",0.1,0.2,0.3,0.4");
        lines.add(first[0] + "," + (Long.parseLong(first[1]) - 60_000) + ",0.1,0.2,0.3,0.4");
        lines.add("k1,1764300100000,0.5,0.5");
        lines.add("k2,1764300100000,0.5,NaN,0.5,0.5");
        lines.add("k3,yesterday,0.5,0.5,0.5,0.5");
        lines.add("\"pump 7, inlet\",1764300000000,0.5,0.5,0.5,0.5");
        lines.add("\"pump 7, inlet\",1764300001500,0.6,0.4,0.5,0.5");
        lines.addAll(readings(2, 100, 12, false));
        arrivalInput = write("arrival.csv", lines);
        // Disordered within the 5 s bound only: nothing is late whenever the watermark moves.
        eventTimeInput = write("event-time.csv", readings(4, 400, 13, true));
    }

    static Stream<Arguments> runs() {
        List<Arguments> runs = new ArrayList<>();
        for (String backend : List.of("hashmap", "rocksdb")) {
            for (String mode : List.of("arrival", "event-time")) {
                for (String p : List.of("1", "2")) {
                    runs.add(Arguments.of(backend, mode, p));
                }
            }
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{0}, {1}, parallelism {2}")
    @MethodSource("runs")
    void sqlReplay_writesTheRowsOfTheDataStreamReplay(String backend, String mode, String p)
            throws Exception {
        Path in = mode.equals("arrival") ? arrivalInput : eventTimeInput;
        String tag = backend + "-" + mode + "-" + p;
        Path ds = dir.resolve("ds-" + tag + ".csv");
        Path sql = dir.resolve("sql-" + tag + ".csv");
        List<String> common = List.of("--model", model.toString(), "--input", in.toString(),
                "--state-backend", backend, "--out-of-order", mode, "--bound", "5s",
                "--parallelism", p, "--max-gap", "30s", "--long-gap", "reset");
        List<String> a = new ArrayList<>(List.of("replay", "--output", ds.toString()));
        a.addAll(common);
        List<String> b = new ArrayList<>(List.of("replay", "--output", sql.toString()));
        b.addAll(common);
        b.addAll(List.of("--api", "sql"));
        assertThat(LtcCli.execute(a.toArray(new String[0]))).isZero();
        assertThat(LtcCli.execute(b.toArray(new String[0]))).isZero();

        List<String> expected = Files.readAllLines(ds);
        List<String> actual = Files.readAllLines(sql);
        assertThat(actual.get(0)).isEqualTo(expected.get(0));
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(byKey(actual)).isEqualTo(byKey(expected));
        int inputRows = Files.readAllLines(in).size() - 1;
        List<String> rejected = Files.readAllLines(Path.of(ds + ".rejected.csv"));
        assertThat(expected.size() - 1 + rejected.size() - 1).isEqualTo(inputRows);
        assertThat(sorted(Files.readAllLines(Path.of(sql + ".rejected.csv"))))
                .isEqualTo(sorted(rejected));
        if (mode.equals("arrival")) {
            assertThat(String.join("\n", rejected)).contains(",late,").contains("wrong-width")
                    .contains("not-finite").contains("'yesterday'");
        } else {
            assertThat(rejected).hasSize(2).last().asString().contains("wrong-width");
        }
    }

    /** The rows of each key, in the order written. */
    private static Map<String, List<String>> byKey(List<String> lines) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String key = line.startsWith("\"") ? line.substring(0, line.indexOf('"', 1) + 1)
                    : line.substring(0, line.indexOf(','));
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
        }
        return new HashMap<>(out);
    }

    private static List<String> sorted(List<String> lines) {
        List<String> s = new ArrayList<>(lines);
        s.sort(null);
        return s;
    }

    /** CSV lines of {@code keys} sensors, irregular gaps; neighbours swapped within 5 s if asked. */
    private static List<String> readings(int keys, int n, long seed, boolean disorder) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Long> t = new HashMap<>();
        for (int k = 0; k < keys; k++) {
            t.put("k" + k, 1_764_300_000_000L + rnd.nextInt(1000));
        }
        // Event time: one clock for all keys, so that the file is in time order but for the
        // swaps below and no reading falls behind the watermark however it advances.
        long clock = 1_764_300_000_000L;
        List<long[]> order = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = "k" + rnd.nextInt(keys);
            long ts = t.get(key);
            if (disorder) {
                clock += rnd.nextInt(40) == 0 ? 35_000 : 1 + rnd.nextInt(700);
                ts = clock;
            }
            StringBuilder sb = new StringBuilder(key).append(',').append(ts);
            for (int c = 0; c < 4; c++) {
                sb.append(',').append(Math.sin(ts / 3000.0 + c) + 0.2 * rnd.nextGaussian());
            }
            lines.add(sb.toString());
            order.add(new long[] {ts});
            // Mostly short gaps, now and then one beyond the 30 s max gap.
            t.put(key, ts + (rnd.nextInt(25) == 0 ? 40_000 : 10 + rnd.nextInt(2500)));
        }
        if (disorder) {
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                if (Math.abs(order.get(i)[0] - order.get(i + 1)[0]) < 4000) {
                    String x = lines.get(i);
                    lines.set(i, lines.get(i + 1));
                    lines.set(i + 1, x);
                }
            }
            lines.add("k0,1764300100000,0.5,0.5");
        }
        return lines;
    }

    private static Path write(String name, List<String> lines) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "key,timestamp,x0,x1,x2,x3\n" + String.join("\n", lines) + "\n");
        return p;
    }
}
