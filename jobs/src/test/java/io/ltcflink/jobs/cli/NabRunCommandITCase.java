package io.ltcflink.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ltc nab run} end to end on a MiniCluster over a small NAB-layout folder: {@code
 * catA/a.csv} (300 five-minute rows with a spike at row 250 inside the one window, a repeated
 * timestamp at row 100 and a step back at row 200) and {@code catB/b.csv} (200 hourly rows, no
 * window).
 */
final class NabRunCommandITCase {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir Path dir;

    private record Result(int code, String out) {}

    private static synchronized Result cli(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int code = LtcCli.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    /** The rows of a.csv: time and value text. */
    private static List<String[]> rowsA() {
        LocalDateTime t0 = LocalDateTime.of(2014, 4, 1, 0, 0);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            LocalDateTime t = t0.plusMinutes(5L * i);
            if (i == 100) {
                t = t0.plusMinutes(5L * 99); // the same time as row 99
            }
            if (i == 200) {
                t = t0.plusMinutes(5L * 198); // before row 199: a late row
            }
            double v = 50 + 10 * Math.sin(i / 12.0) + (i == 250 ? 80 : 0);
            rows.add(new String[] {TS.format(t), String.format("%.3f", v)});
        }
        return rows;
    }

    private static List<String[]> rowsB() {
        LocalDateTime t0 = LocalDateTime.of(2016, 7, 1, 0, 0);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(new String[] {TS.format(t0.plusHours(i)), Integer.toString(i % 24)});
        }
        return rows;
    }

    private static void write(Path file, List<String[]> rows) throws Exception {
        StringBuilder sb = new StringBuilder("timestamp,value\n");
        for (String[] r : rows) {
            sb.append(r[0]).append(',').append(r[1]).append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString());
    }

    private Path corpus() throws Exception {
        Path nab = dir.resolve("nab");
        write(nab.resolve("data/catA/a.csv"), rowsA());
        write(nab.resolve("data/catB/b.csv"), rowsB());
        List<String[]> a = rowsA();
        Files.createDirectories(nab.resolve("labels"));
        Files.writeString(nab.resolve("labels/combined_windows.json"), "{\"catA/a.csv\": [[\""
                + a.get(240)[0] + ".000000\", \"" + a.get(260)[0] + ".000000\"]],"
                + " \"catB/b.csv\": []}");
        return nab;
    }

    private static List<String[]> results(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("timestamp,value,anomaly_score,label");
        List<String[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            rows.add(l.split(",", -1));
        }
        return rows;
    }

    @Test
    void run_smallCorpus_writesOneScoredLabelledRowPerInputRowAndScoresIt() throws Exception {
        Path nab = corpus();
        Result r = cli("nab", "run", "--data", nab.resolve("data").toString(), "--out",
                dir.resolve("out").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("NAB v1.1 scores of ltcFlink (2 files, 1 windows)")
                .contains("standard").contains("catA");

        List<String[]> in = rowsA();
        List<String[]> out = results(dir.resolve("out/ltcFlink/catA/ltcFlink_a.csv"));
        assertThat(out).hasSize(in.size());
        for (int i = 0; i < in.size(); i++) {
            assertThat(out.get(i)[0]).as("row %s", i).isEqualTo(in.get(i)[0]);
            assertThat(out.get(i)[1]).as("row %s", i).isEqualTo(in.get(i)[1]);
            double score = Double.parseDouble(out.get(i)[2]);
            assertThat(score).as("row %s", i).isBetween(0.0, 1.0);
            assertThat(out.get(i)[3]).as("row %s", i).isEqualTo(i >= 240 && i <= 260 ? "1" : "0");
        }
        // The first row has no forecast and the late row is not forecast: both are scored 0.
        assertThat(out.get(0)[2]).isEqualTo("0.0");
        assertThat(out.get(200)[2]).isEqualTo("0.0");
        // The spike breaks everything a.csv has shown by far: it is the file's top score.
        double spike = Double.parseDouble(out.get(250)[2]);
        assertThat(spike).isGreaterThan(0.9);
        for (int i = 0; i < out.size(); i++) {
            assertThat(Double.parseDouble(out.get(i)[2])).isLessThanOrEqualTo(spike);
        }
        List<String[]> outB = results(dir.resolve("out/ltcFlink/catB/ltcFlink_b.csv"));
        assertThat(outB).hasSize(200).allMatch(row -> row[3].equals("0"));

        // The same input gives the same scores, byte for byte; --json adds the run's counts.
        Result again = cli("nab", "run", "--data", nab.resolve("data").toString(), "--out",
                dir.resolve("again").toString(), "--detector", "other", "--json");
        assertThat(again.code()).isZero();
        assertThat(Files.readString(dir.resolve("again/other/catA/other_a.csv")))
                .isEqualTo(Files.readString(dir.resolve("out/ltcFlink/catA/ltcFlink_a.csv")));
        JsonNode json = new ObjectMapper().readTree(again.out());
        assertThat(json.path("detector").asText()).isEqualTo("other");
        assertThat(json.path("standard").isNumber()).isTrue();
        assertThat(json.path("run").path("rows").asLong()).isEqualTo(500);
        assertThat(json.path("run").path("repeatedTimestamps").asLong()).isEqualTo(1);
        assertThat(json.path("run").path("lateRows").asLong()).isEqualTo(1);
        assertThat(json.path("run").path("firstRows").asLong()).isEqualTo(2);
    }

    @Test
    void run_eventTimeClock_isReportedAndStillScoresTheSpikeTop_badClockIsAUsageError()
            throws Exception {
        Path nab = corpus();
        Result r = cli("nab", "run", "--data", nab.resolve("data").toString(), "--out",
                dir.resolve("et").toString(), "--clock", "event-time", "--json");
        assertThat(r.code()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("run").path("clock").asText()).isEqualTo("event-time");
        assertThat(json.path("standard").isNumber()).isTrue();
        List<String[]> out = results(dir.resolve("et/ltcFlink/catA/ltcFlink_a.csv"));
        double spike = Double.parseDouble(out.get(250)[2]);
        assertThat(spike).isGreaterThan(0.9);
        for (String[] row : out) {
            assertThat(Double.parseDouble(row[2])).isLessThanOrEqualTo(spike);
        }

        Result bad = cli("nab", "run", "--data", nab.resolve("data").toString(), "--out",
                dir.resolve("bad").toString(), "--clock", "hours");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("bad"))).isFalse();
    }
}
