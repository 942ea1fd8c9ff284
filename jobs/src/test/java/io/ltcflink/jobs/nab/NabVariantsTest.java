package io.ltcflink.jobs.nab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link NabVariants}. */
final class NabVariantsTest {

    @TempDir Path dir;

    private List<NabDataFile> corpus() throws Exception {
        StringBuilder sb = new StringBuilder("timestamp,value\n");
        LocalDateTime t = LocalDateTime.of(2020, 1, 1, 0, 0);
        for (int i = 0; i < 500; i++) {
            sb.append(NabTimestamps.format(t.plusMinutes(5L * i))).append(',').append(i % 7)
                    .append('\n');
        }
        Path f = dir.resolve("in/data/cat/a.csv");
        Files.createDirectories(f.getParent());
        Files.writeString(f, sb.toString());
        return NabDataFile.readAll(dir.resolve("in/data"));
    }

    private static Map<String, List<NabWindow>> windows() {
        LocalDateTime t = LocalDateTime.of(2020, 1, 1, 0, 0);
        return Map.of("cat/a.csv", List.of(
                new NabWindow(t.plusMinutes(5 * 200), t.plusMinutes(5 * 240)),
                new NabWindow(t.plusMinutes(5 * 400), t.plusMinutes(5 * 401))));
    }

    @Test
    void write_dropAndJitter_keepRowOrderAndScorableWindows() throws Exception {
        NabVariants.Summary s = NabVariants.write(corpus(), windows(), dir.resolve("v"), 0.3, 0.8,
                7);
        assertThat(s.rowsOut()).isBetween(300L, 400L);
        List<NabDataFile> out = NabDataFile.readAll(dir.resolve("v/data"));
        NabDataFile f = out.get(0);
        assertThat(f.rows()).isEqualTo((int) s.rowsOut());
        // A jitter of 0.8 gaps lets some rows step back: the variant exercises the late policy.
        int back = 0;
        for (int i = 1; i < f.rows(); i++) {
            if (f.epochMillis(i) < f.epochMillis(i - 1)) {
                back++;
            }
        }
        assertThat(back).isPositive();
        Map<String, List<NabWindow>> ws = NabCorpus.readWindows(
                dir.resolve("v/labels/combined_windows.json"));
        List<LocalDateTime> times = new ArrayList<>();
        for (int i = 0; i < f.rows(); i++) {
            times.add(f.dateTime(i));
        }
        // The scorer accepts the windows as they are: ends on first occurrences, in order.
        NabSeries series = NabSeries.of("cat/a.csv", times, new double[f.rows()],
                ws.get("cat/a.csv"));
        assertThat(series.windows()).hasSizeBetween(1, 2);
    }

    @Test
    void write_sameSeed_writesTheSameBytes() throws Exception {
        List<NabDataFile> in = corpus();
        NabVariants.write(in, windows(), dir.resolve("x"), 0.2, 0.3, 5);
        NabVariants.write(in, windows(), dir.resolve("y"), 0.2, 0.3, 5);
        assertThat(Files.readString(dir.resolve("x/data/cat/a.csv")))
                .isEqualTo(Files.readString(dir.resolve("y/data/cat/a.csv")));
        assertThat(Files.readString(dir.resolve("x/labels/combined_windows.json")))
                .isEqualTo(Files.readString(dir.resolve("y/labels/combined_windows.json")));
    }

    @Test
    void writeKeptScores_givesEachKeptRowItsSourceRowsScore_underTheVariantsTimestamp()
            throws Exception {
        List<NabDataFile> in = corpus();
        NabDataFile source = in.get(0);
        double[] scores = new double[source.rows()];
        List<LocalDateTime> times = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i / 1000.0;
            times.add(source.dateTime(i));
        }
        NabSeries full = NabSeries.of("cat/a.csv", times, scores, windows().get("cat/a.csv"));
        NabVariants.Summary s = NabVariants.write(in, windows(), dir.resolve("v"), 0.3, 0.3, 3);
        NabVariants.writeKeptScores(List.of(full), s, dir.resolve("v"), "det");

        List<String> results = Files.readAllLines(dir.resolve("v/results/det/cat/det_a.csv"));
        List<String> data = Files.readAllLines(dir.resolve("v/data/cat/a.csv"));
        int[] kept = s.kept().get("cat/a.csv");
        assertThat(kept).hasSize(data.size() - 1).isSorted();
        assertThat(results).hasSize(data.size());
        for (int j = 0; j < kept.length; j++) {
            String[] r = results.get(j + 1).split(",");
            String[] d = data.get(j + 1).split(",");
            assertThat(r[0]).isEqualTo(d[0]);
            assertThat(r[1]).isEqualTo(d[1]).isEqualTo(Integer.toString(kept[j] % 7));
            assertThat(Double.parseDouble(r[2])).isEqualTo(kept[j] / 1000.0);
        }
        // The variant's own labels mark its rows, and the scorer reads the files as they are.
        assertThat(results).anyMatch(l -> l.endsWith(",1"));
        assertThat(NabCorpus.load(dir.resolve("v/data"), NabCorpus.readWindows(
                dir.resolve("v/labels/combined_windows.json")), dir.resolve("v/results"), "det",
                w -> { throw new AssertionError(w); })).hasSize(1);
    }
}
