package io.ltcflink.jobs.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link NabCorpus}. */
final class NabCorpusTest {

    static final Path RESOURCES = Path.of("src/test/resources/nab");

    @TempDir Path dir;
    private Path data;
    private Path results;
    private Map<String, List<NabWindow>> windows;

    /** A NAB folder with one data file of 20 rows, a window on rows 10 to 12. */
    @BeforeEach
    void writeCorpus() throws IOException {
        data = dir.resolve("data");
        results = dir.resolve("results");
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 20; i++) {
            csv.append(String.format("2020-01-01 00:%02d:00,%d%n", i, i));
        }
        write(data.resolve("cat/f.csv"), csv.toString());
        Path labels = dir.resolve("labels.json");
        write(labels, "{\"cat/f.csv\": [[\"2020-01-01 00:10:00.000000\", "
                + "\"2020-01-01 00:12:00.000000\"]]}");
        windows = NabCorpus.readWindows(labels);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Results rows {@code prefix + timestamp + suffix} with score 0.1, 0.9 on row 10. */
    private static String rows(String header, int n, boolean fraction, boolean scoreFirst) {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (int i = 0; i < n; i++) {
            String t = String.format("2020-01-01 00:%02d:00%s", i, fraction ? ".000000" : "");
            String score = i == 10 ? "0.9" : "0.1";
            sb.append(scoreFirst ? "x," + score + ",7," + t : t + "," + score).append('\n');
        }
        return sb.toString();
    }

    @Test
    void load_extraColumnsInAnyOrderAndFractionalSeconds_readsByHeaderName() throws IOException {
        write(results.resolve("det/cat/det_f.csv"),
                rows("label,anomaly_score,raw_score,timestamp", 20, true, true));

        List<NabSeries> series = NabCorpus.load(data, windows, results, "det");

        assertThat(series).hasSize(1);
        NabSeries s = series.get(0);
        assertThat(s.key()).isEqualTo("cat/f.csv");
        assertThat(s.category()).isEqualTo("cat");
        assertThat(s.rows()).isEqualTo(20);
        assertThat(s.score(10)).isEqualTo(0.9);
        assertThat(s.windowStart(0)).isEqualTo(10);
        assertThat(s.windowEnd(0)).isEqualTo(12);
    }

    @Test
    void load_quotedFieldWithACommaBeforeTheScores_keepsTheColumnsInPlace() throws IOException {
        StringBuilder csv = new StringBuilder("note,anomaly_score,timestamp\n");
        for (int i = 0; i < 20; i++) {
            csv.append(String.format("\"row %d, checked\",%s,\"2020-01-01 00:%02d:00\"%n", i,
                    i == 10 ? "0.9" : "0.1", i));
        }
        write(results.resolve("det/cat/det_f.csv"), csv.toString());

        NabSeries s = NabCorpus.load(data, windows, results, "det").get(0);

        assertThat(s.rows()).isEqualTo(20);
        assertThat(s.score(10)).isEqualTo(0.9);
        assertThat(s.score(11)).isEqualTo(0.1);
    }

    @Test
    void load_gzippedResults_areRead() throws IOException {
        Path gz = results.resolve("det/cat/det_f.csv.gz");
        Files.createDirectories(gz.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(rows("timestamp,anomaly_score", 20, false, false)
                    .getBytes(StandardCharsets.UTF_8));
        }

        assertThat(NabCorpus.load(data, windows, results, "det").get(0).score(10)).isEqualTo(0.9);
    }

    @Test
    void load_rowCountDiffers_failsNamingBothFiles() throws IOException {
        write(results.resolve("det/cat/det_f.csv"),
                rows("timestamp,anomaly_score", 19, false, false));

        assertThatThrownBy(() -> NabCorpus.load(data, windows, results, "det"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("det_f.csv has 19 rows but data file")
                .hasMessageContaining("f.csv has 20");
    }

    @Test
    void load_unparsableScore_failsNamingFileAndLine() throws IOException {
        write(results.resolve("det/cat/det_f.csv"),
                rows("timestamp,anomaly_score", 20, false, false)
                        .replace("00:05:00,0.1", "00:05:00,abc"));

        assertThatThrownBy(() -> NabCorpus.load(data, windows, results, "det"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "det_f.csv line 7, column anomaly_score: not a number: 'abc'");
    }

    @Test
    void load_unparsableTimestamp_failsNamingFileAndLine() throws IOException {
        write(results.resolve("det/cat/det_f.csv"),
                rows("timestamp,anomaly_score", 20, false, false)
                        .replace("2020-01-01 00:03:00", "2020-01-01 00:61:00"));

        assertThatThrownBy(() -> NabCorpus.load(data, windows, results, "det"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("det_f.csv line 5, column timestamp")
                .hasMessageContaining("2020-01-01 00:61:00");
    }

    @Test
    void load_shiftedTimestamp_warnsNamingTheRow_andScoresByRowAsNabDoes() throws IOException {
        write(results.resolve("det/cat/det_f.csv"),
                rows("timestamp,anomaly_score", 20, false, false)
                        .replace("2020-01-01 00:03:00", "2020-01-01 00:03:01"));

        List<String> warnings = new java.util.ArrayList<>();
        List<NabSeries> series = NabCorpus.load(data, windows, results, "det", warnings::add);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("row 4 (line 5): timestamp 2020-01-01 00:03:01"
                + " differs from 2020-01-01 00:03:00").contains("scored as NAB does, by row");
        NabSeries s = series.get(0);
        assertThat(s.rows()).isEqualTo(20);
        assertThat(s.timestamp(3)).isEqualTo(NabTimestamps.parse("2020-01-01 00:03:00"));
    }

    @Test
    void load_missingScoreColumn_namesTheHeader() throws IOException {
        write(results.resolve("det/cat/det_f.csv"),
                rows("timestamp,score", 20, false, false));

        assertThatThrownBy(() -> NabCorpus.load(data, windows, results, "det"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no column 'anomaly_score' in the header [timestamp, score]");
    }

    @Test
    void load_missingResultsFile_failsNamingIt() {
        assertThatThrownBy(() -> NabCorpus.load(data, windows, results, "det"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing results file for cat/f.csv")
                .hasMessageContaining("det_f.csv");
    }

    @Test
    void load_dataFileWithoutWindows_fails() throws IOException {
        write(data.resolve("cat/g.csv"), "timestamp,value\n2020-01-01 00:00:00,1\n");

        assertThatThrownBy(() -> NabCorpus.load(data, windows, results, "det"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data file cat/g.csv has no entry in the labels");
    }

    @Test
    void load_windowOutsideTheFile_failsNamingFileAndTimestamp() throws IOException {
        write(results.resolve("det/cat/det_f.csv"),
                rows("timestamp,anomaly_score", 20, false, false));
        Path labels = dir.resolve("bad.json");
        write(labels, "{\"cat/f.csv\": [[\"2020-01-01 00:10:00\", \"2020-01-01 01:00:00\"]]}");

        Map<String, List<NabWindow>> bad = NabCorpus.readWindows(labels);

        assertThatThrownBy(() -> NabCorpus.load(data, bad, results, "det"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cat/f.csv: window")
                .hasMessageContaining("ends at 2020-01-01 01:00:00, which is not a timestamp");
    }

    @Test
    void readWindows_nabLabels_has58FilesAnd116Windows() {
        Map<String, List<NabWindow>> w =
                NabCorpus.readWindows(RESOURCES.resolve("combined_windows.json"));

        assertThat(w).hasSize(58);
        assertThat(w.values().stream().mapToInt(List::size).sum()).isEqualTo(116);
        assertThat(w.get("artificialNoAnomaly/art_flatline.csv")).isEmpty();
    }

    @Test
    void readProfiles_nabProfiles_areThePublishedThreeInOrder() {
        assertThat(NabCorpus.readProfiles(RESOURCES.resolve("profiles.json")))
                .isEqualTo(NabProfile.published());
    }

    @Test
    void readThresholds_unknownDetector_listsTheKnownOnes() {
        Path file = RESOURCES.resolve("thresholds.json");

        assertThatThrownBy(() -> NabCorpus.readThresholds(file, "x"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no entry for detector 'x'")
                .hasMessageContaining("numenta");
    }

    @Test
    void timestamps_fractionsAndSeparators_denoteTheSameInstant() {
        long plain = NabTimestamps.parse("2014-04-10 07:15:00");
        assertThat(NabTimestamps.parse("2014-04-10 07:15:00.000000")).isEqualTo(plain);
        assertThat(NabTimestamps.parse("2014-04-10T07:15:00")).isEqualTo(plain);
        assertThat(NabTimestamps.parse("2014-04-10 07:15:00.5") - plain).isEqualTo(500_000_000L);
        assertThat(NabTimestamps.format(NabTimestamps.parse("2014-04-10 07:15:00.250")))
                .isEqualTo("2014-04-10 07:15:00.25");
        assertThatThrownBy(() -> NabTimestamps.parse("2014-02-30 00:00:00"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid timestamp: '2014-02-30 00:00:00'");
        assertThatThrownBy(() -> NabTimestamps.parse("10/04/2014 07:15"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected YYYY-MM-DD HH:MM:SS");
    }
}
