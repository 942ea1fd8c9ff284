package io.ltcflink.jobs.cli;

import static io.ltcflink.jobs.cli.CliRunner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for {@link NabCommand} ({@code ltc nab score}) on a tiny NAB folder: two files of 20
 * rows (3 probationary rows), a window on rows 10 to 14 of {@code cat/a.csv}, and a detector that
 * fires at the window's start and once on row 5 of the window-less {@code cat/b.csv}.
 *
 * <p>Both detections have score 1.0, so the sweep detects both (else all misses, raw -fnWeight).
 * Raw standard: 1 (window at its start) - 0.11 (a false positive with no window before it) =
 * 0.89; null -1, perfect 1, so 100 (0.89 + 1) / 2 = 94.5. reward_low_FP_rate: 1 - 0.22 = 0.78,
 * 89.0. reward_low_FN_rate: 0.89 against null -2: 100 (0.89 + 2) / 3 = 96.333….
 */
final class NabCommandTest {

    @TempDir Path dir;
    private Path nab;
    private Path results;

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String csv(String header, int rows, int... firing) {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (int i = 0; i < rows; i++) {
            double v = 0;
            for (int f : firing) {
                v = f == i ? 1.0 : v;
            }
            sb.append(String.format("2020-01-01 00:%02d:00,%s%n", i, v));
        }
        return sb.toString();
    }

    @BeforeEach
    void writeNabFolder() throws IOException {
        nab = dir.resolve("nab");
        results = dir.resolve("results");
        write(nab.resolve("data/cat/a.csv"), csv("timestamp,value", 20));
        write(nab.resolve("data/cat/b.csv"), csv("timestamp,value", 20));
        write(nab.resolve("labels/combined_windows.json"), "{\"cat/a.csv\": [[\"2020-01-01 "
                + "00:10:00.000000\", \"2020-01-01 00:14:00.000000\"]], \"cat/b.csv\": []}");
        write(nab.resolve("config/profiles.json"), "{"
                + "\"standard\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 1.0, "
                + "\"fpWeight\": 0.11, \"tnWeight\": 1.0}},"
                + "\"reward_low_FP_rate\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 1.0, "
                + "\"fpWeight\": 0.22, \"tnWeight\": 1.0}},"
                + "\"reward_low_FN_rate\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 2.0, "
                + "\"fpWeight\": 0.11, \"tnWeight\": 1.0}}}");
        write(results.resolve("det/cat/det_a.csv"), csv("timestamp,anomaly_score", 20, 10));
        write(results.resolve("det/cat/det_b.csv"), csv("timestamp,anomaly_score", 20, 5));
    }

    @Test
    void score_tinyFolder_printsTheThreeScores() {
        CliRunner.Result r = cli("nab", "score", "--results", results.toString(), "--detector", "det",
                "--nab", nab.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("NAB v1.1 scores of det (2 files, 1 windows)");
        assertThat(r.out()).containsPattern("standard +94\\.50 ");
        assertThat(r.out()).containsPattern("reward_low_FP_rate +89\\.00 ");
        assertThat(r.out()).containsPattern("reward_low_FN_rate +96\\.33 ");
    }

    @Test
    void score_json_printsOneObjectAtFullPrecision() throws Exception {
        CliRunner.Result r = cli("nab", "score", "--results", results.toString(), "--detector", "det",
                "--data", nab.resolve("data").toString(),
                "--labels", nab.resolve("labels/combined_windows.json").toString(),
                "--profiles", nab.resolve("config/profiles.json").toString(), "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertThat(o.get("detector").asText()).isEqualTo("det");
        assertThat(o.get("standard").asDouble()).isCloseTo(94.5, within(1e-9));
        assertThat(o.get("reward_low_FP_rate").asDouble()).isCloseTo(89.0, within(1e-9));
        assertThat(o.get("reward_low_FN_rate").asDouble()).isCloseTo(289.0 / 3, within(1e-9));
        assertThat(o.get("thresholds").get("standard").asDouble()).isEqualTo(1.0);
        assertThat(o.get("files").asInt()).isEqualTo(2);
        JsonNode cat = o.get("categories").get("cat");
        assertThat(cat.get("files").asInt()).isEqualTo(2);
        assertThat(cat.get("standard").get("tp").asInt()).isEqualTo(1);
        assertThat(cat.get("standard").get("fp").asInt()).isEqualTo(1);
        assertThat(cat.get("standard").get("fn").asInt()).isZero();
        assertThat(cat.get("standard").get("raw").asDouble()).isCloseTo(0.89, within(1e-12));
    }

    @Test
    void score_storedThresholds_scoresAtThem() throws IOException {
        Path thresholds = dir.resolve("thresholds.json");
        write(thresholds, "{\"det\": {\"standard\": {\"threshold\": 1.1}, "
                + "\"reward_low_FP_rate\": {\"threshold\": 1.1}, "
                + "\"reward_low_FN_rate\": {\"threshold\": 1.1}}}");

        CliRunner.Result r = cli("nab", "score", "--results", results.toString(), "--detector", "det",
                "--nab", nab.toString(), "--thresholds", thresholds.toString());

        // Nothing reaches 1.1: the null detector's score.
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("standard +0\\.00 ");
    }

    @Test
    void score_resultsRowCountDiffers_failsNamingTheFiles() throws IOException {
        write(results.resolve("det/cat/det_b.csv"), csv("timestamp,anomaly_score", 19));

        CliRunner.Result r = cli("nab", "score", "--results", results.toString(), "--detector", "det",
                "--nab", nab.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("det_b.csv has 19 rows but data file").contains("has 20");
    }

    @Test
    void score_unknownDetector_saysWhichFolderIsMissing() {
        CliRunner.Result r = cli("nab", "score", "--results", results.toString(), "--detector", "other",
                "--nab", nab.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no results folder").contains("detector 'other'");
    }

    @Test
    void score_noNabFolder_saysWhichOptionToPass() {
        assumeThat(NabScoreCommand.DEFAULT_NAB).doesNotExist();

        CliRunner.Result r = cli("nab", "score", "--results", results.toString(), "--detector", "det");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("pass --data DIR or --nab DIR");
    }

    @Test
    void nab_withoutSubcommand_isAUsageError() {
        CliRunner.Result r = cli("nab");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("missing a sub-command: score");
    }

    @Test
    void variant_withResults_carriesTheKeptRowsScores_andScoresThem() throws Exception {
        Path v = dir.resolve("variant");
        CliRunner.Result r = cli("nab", "variant", "--nab", nab.toString(), "--out", v.toString(),
                "--drop", "0", "--jitter", "0", "--results", results.toString(),
                "--detector", "det");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("full-corpus scores of the kept rows");
        // Nothing dropped or moved: the carried results are the detector's own, so they score
        // exactly as the originals do.
        CliRunner.Result score = cli("nab", "score", "--results", v.resolve("results").toString(),
                "--detector", "det", "--data", v.resolve("data").toString(),
                "--labels", v.resolve("labels/combined_windows.json").toString(),
                "--profiles", nab.resolve("config/profiles.json").toString(), "--json");
        assertThat(score.code()).as(score.err()).isZero();
        assertThat(new ObjectMapper().readTree(score.out()).get("standard").asDouble())
                .isCloseTo(94.5, within(1e-9));

        CliRunner.Result half = cli("nab", "variant", "--nab", nab.toString(), "--out",
                dir.resolve("half").toString(), "--results", results.toString());
        assertThat(half.code()).isEqualTo(2);
        assertThat(half.err()).contains("--results and --detector go together");
        assertThat(dir.resolve("half")).doesNotExist();
    }
}
