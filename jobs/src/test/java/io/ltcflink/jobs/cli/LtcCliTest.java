package io.ltcflink.jobs.cli;

import static io.ltcflink.jobs.cli.CliRunner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests for the {@link LtcCli} commands as a user types them. */
final class LtcCliTest {

    private static final Path GOLDEN = Path.of("../ltc-flink-operator/src/test/resources/golden");

    /** Writes the golden inputs and timespans as the run command's CSV. */
    private static Path goldenCsv(JsonNode g, Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("dt");
        int s = g.get("inputs").get(0).size();
        for (int k = 0; k < s; k++) {
            sb.append(",x").append(k);
        }
        sb.append('\n');
        for (int t = 0; t < g.get("inputs").size(); t++) {
            sb.append(g.has("timespans") ? g.get("timespans").get(t).asText() : "1.0");
            for (int k = 0; k < s; k++) {
                sb.append(',').append(g.get("inputs").get(t).get(k).asText());
            }
            sb.append('\n');
        }
        Path p = dir.resolve("in.csv");
        Files.writeString(p, sb.toString());
        return p;
    }

    @ParameterizedTest
    @CsvSource({
        "ltc_fc_small.json,,",
        "ltc_autoncp.json,mixed_memory,variant_mixed_memory",
        "cfc_small.json,pure,extra_modes.pure",
        "lstm_small.json,,"
    })
    void importThenRun_goldenDump_reproducesOutputsAndStates(
            String file, String variant, String block, @TempDir Path dir) throws Exception {
        JsonNode g = new ObjectMapper().readTree(GOLDEN.resolve(file).toFile());
        JsonNode expected = g;
        if (block != null) {
            for (String part : block.split("\\.")) {
                expected = expected.get(part);
            }
        }
        Path model = dir.resolve("model.cbor");
        CliRunner.Result imp = variant == null
                ? cli("import", GOLDEN.resolve(file).toString(), "--out", model.toString())
                : cli("import", GOLDEN.resolve(file).toString(), "--out", model.toString(),
                        "--variant", variant);
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(imp.out()).contains("imported");

        Path out = dir.resolve("out.csv");
        CliRunner.Result run = cli("run", "--model", model.toString(), "--input", goldenCsv(g, dir).toString(),
                "--output", out.toString());
        assertThat(run.code()).as(run.err()).isZero();

        List<String> lines = Files.readAllLines(out);
        int m = expected.get("outputs").get(0).size();
        int h = expected.get("hidden_states").get(0).size();
        boolean hasC = expected.has("cell_states");
        String[] header = lines.get(0).split(",");
        assertThat(header[0]).isEqualTo("y0");
        assertThat(header[m]).isEqualTo("h0");
        assertThat(header).hasSize(m + (hasC ? 2 * h : h));
        assertThat(lines).hasSize(1 + g.get("inputs").size());
        for (int t = 0; t < g.get("inputs").size(); t++) {
            String[] row = lines.get(t + 1).split(",");
            for (int j = 0; j < m; j++) {
                assertThat(Double.parseDouble(row[j]))
                        .isCloseTo(expected.get("outputs").get(t).get(j).doubleValue(),
                                org.assertj.core.data.Offset.offset(1e-12));
            }
            for (int i = 0; i < h; i++) {
                assertThat(Double.parseDouble(row[m + i]))
                        .isCloseTo(expected.get("hidden_states").get(t).get(i).doubleValue(),
                                org.assertj.core.data.Offset.offset(1e-12));
                if (hasC) {
                    assertThat(Double.parseDouble(row[m + h + i]))
                            .isCloseTo(expected.get("cell_states").get(t).get(i).doubleValue(),
                                    org.assertj.core.data.Offset.offset(1e-12));
                }
            }
        }
    }

    @Test
    void import_jsonOut_isReadableJson(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.json");
        assertThat(cli("import", GOLDEN.resolve("lstm_small.json").toString(), "--out",
                model.toString()).code()).isZero();
        JsonNode tree = new ObjectMapper().readTree(model.toFile());
        assertThat(tree.get("kind").asText()).isEqualTo("lstm");
        assertThat(tree.get("formatVersion").asInt()).isEqualTo(1);
    }

    private static Path importedLtc(Path dir) {
        Path model = dir.resolve("m.json");
        assertThat(cli("import", GOLDEN.resolve("ltc_fc_small.json").toString(), "--out",
                model.toString()).code()).isZero();
        return model;
    }

    @Test
    void run_negativeDt_failsNamingTheLineAndValue(@TempDir Path dir) throws Exception {
        Path model = importedLtc(dir);
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "dt,x0,x1,x2\n0.5,1,2,3\n-0.25,1,2,3\n");
        Path out = dir.resolve("out.csv");
        CliRunner.Result r = cli("run", "--model", model.toString(), "--input", in.toString(),
                "--output", out.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("line 3").contains("-0.25");
        assertThat(out).doesNotExist();
    }

    @Test
    void run_wrongHeaderWidth_saysWhatItExpected(@TempDir Path dir) throws Exception {
        Path model = importedLtc(dir);
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "dt,x0,x1\n0.5,1,2\n");
        CliRunner.Result r = cli("run", "--model", model.toString(), "--input", in.toString(),
                "--output", dir.resolve("o.csv").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("expected a header of 4 columns, dt,x0,...,x2");
    }

    @Test
    void run_nonNumber_namesLineAndColumn(@TempDir Path dir) throws Exception {
        Path model = importedLtc(dir);
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "dt,x0,x1,x2\n0.5,1,abc,3\n");
        CliRunner.Result r = cli("run", "--model", model.toString(), "--input", in.toString(),
                "--output", dir.resolve("o.csv").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("line 2, column x1: not a number: 'abc'");
    }

    @Test
    void run_quotedFieldsAndCrLf_readAsThePlainRows(@TempDir Path dir) throws Exception {
        Path model = importedLtc(dir);
        Path plain = dir.resolve("plain.csv");
        Files.writeString(plain, "dt,x0,x1,x2\n0.5,1,2,3\n0.25,-1,0,1\n");
        Path quoted = dir.resolve("quoted.csv");
        Files.writeString(quoted,
                "\"dt\",x0,x1,x2\r\n\"0.5\", 1 ,\"2\",3\r\n\r\n0.25,-1,0,\"1\"\r\n");
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        assertThat(cli("run", "--model", model.toString(), "--input", plain.toString(),
                "--out", a.toString()).code()).isZero();
        CliRunner.Result r = cli("run", "--model", model.toString(), "--input", quoted.toString(),
                "--out", b.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(b)).hasSize(3).isEqualTo(Files.readAllLines(a));
    }

    @Test
    void run_nonNumberAfterALineBreakInQuotes_namesTheFileLine(@TempDir Path dir)
            throws Exception {
        Path model = importedLtc(dir);
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "dt,x0,x1,\"x\n2\"\n0.5,1,2,3\n0.5,1,abc,3\n");
        CliRunner.Result r = cli("run", "--model", model.toString(), "--input", in.toString(),
                "--out", dir.resolve("o.csv").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("line 4, column x1: not a number: 'abc'");
    }

    @Test
    void run_nanInput_isRejectedWithTheLine(@TempDir Path dir) throws Exception {
        Path model = importedLtc(dir);
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "dt,x0,x1,x2\n0.5,1,NaN,3\n");
        CliRunner.Result r = cli("run", "--model", model.toString(), "--input", in.toString(),
                "--output", dir.resolve("o.csv").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("line 2").contains("input[1] must be finite: NaN");
    }

    @Test
    void run_zeroDt_keepsTheStateOfThePreviousRow(@TempDir Path dir) throws Exception {
        Path model = importedLtc(dir);
        Path in = dir.resolve("in.csv");
        Files.writeString(in, "dt,x0,x1,x2\n0.5,1,2,3\n0,9,9,9\n");
        Path out = dir.resolve("o.csv");
        assertThat(cli("run", "--model", model.toString(), "--input", in.toString(),
                "--output", out.toString()).code()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(2)).isEqualTo(lines.get(1));
    }

    @Test
    void run_notAModelFile_failsWithTheReason(@TempDir Path dir) throws Exception {
        Path bogus = dir.resolve("model.json");
        Files.writeString(bogus, "{\"format\": \"ltc-flink-model\", \"formatVersion\": 3}");
        CliRunner.Result r = cli("run", "--model", bogus.toString(), "--input", "x.csv", "--output", "y.csv");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("'formatVersion': expected 1 but found 3");
    }

    @Test
    void import_missingOut_isAUsageError() {
        CliRunner.Result r = cli("import", GOLDEN.resolve("lstm_small.json").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--out=MODEL'");
    }

    @Test
    void benchStep_smallRun_printsOneJsonObject() throws Exception {
        CliRunner.Result r = cli("bench", "step", "--cell", "ltc", "--units", "8", "--inputs", "2",
                "--wiring", "autoncp", "--outputs", "2", "--json", "--runs", "3",
                "--millis-per-run", "20", "--warmup-millis", "50");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertThat(o.get("usPerStep").asDouble()).isPositive();
        assertThat(o.get("cell").asText()).isEqualTo("ltc");
        assertThat(o.get("wiring").asText()).isEqualTo("autoncp");
        assertThat(o.get("params").asLong()).isPositive();
    }

    @Test
    void benchStep_withEviction_reportsItAndStillAllocatesNothing() throws Exception {
        CliRunner.Result r = cli("bench", "step", "--cell", "ltc", "--units", "8", "--inputs", "2",
                "--mode", "fast", "--evict-kib", "64", "--json", "--runs", "3",
                "--millis-per-run", "20", "--warmup-millis", "50");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertThat(o.get("evictKiB").asInt()).isEqualTo(64);
        assertThat(o.get("usPerStep").asDouble()).isPositive();
        assertThat(o.get("usPerStepMin").asDouble()).isLessThanOrEqualTo(o.get("usPerStep").asDouble());
        assertThat(o.get("allocatedBytesPerStep").asDouble()).isLessThan(1.0);
    }

    @Test
    void benchStep_negativeEviction_failsClearly() {
        CliRunner.Result r = cli("bench", "step", "--cell", "ltc", "--units", "8", "--inputs", "2",
                "--evict-kib", "-1", "--json");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("evictKiB >= 0").contains("-1");
    }

    @Test
    void benchOperator_smallRun_printsBothPipelinesOnBothBackends() throws Exception {
        CliRunner.Result r = cli("bench", "operator", "--keys", "50", "--records", "3000",
                "--repeats", "1", "--warm-up", "200", "--units", "4", "--mode", "fast", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertThat(o.get("mode").asText()).isEqualTo("fast");
        assertThat(o.get("records").asLong()).isEqualTo(3000);
        for (String backend : new String[] {"Heap", "Rocksdb"}) {
            double ltc = o.get("ltcRecordsPerSec" + backend).asDouble();
            double trivial = o.get("trivialRecordsPerSec" + backend).asDouble();
            assertThat(ltc).isPositive();
            assertThat(trivial).isPositive();
            assertThat(o.get("ratio" + backend).asDouble()).isCloseTo(ltc / trivial, within(1e-9));
            assertThat(o.get("ltcRuns" + backend)).hasSize(1);
            assertThat(o.get("trivialRuns" + backend)).hasSize(1);
        }
    }

    @Test
    void benchOperator_fewerRecordsThanKeys_failsClearly() {
        CliRunner.Result r = cli("bench", "operator", "--keys", "100", "--records", "10", "--json");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("records > keys × warm-rounds + 1").contains("keys 100")
                .contains("records 10");
    }

    @Test
    void benchOperator_badManagedMemory_failsClearly() {
        CliRunner.Result r = cli("bench", "operator", "--keys", "10", "--records", "100",
                "--managed-memory", "lots", "--json");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--managed-memory must be a size such as 128m or 1g: lots");
        CliRunner.Result tiny = cli("bench", "operator", "--keys", "10", "--records", "100",
                "--managed-memory", "1m", "--json");
        assertThat(tiny.code()).isEqualTo(1);
        assertThat(tiny.err()).contains("--managed-memory must be at least 16m: 1m");
    }

    @Test
    void benchOperator_compareKeysWithCheckpoints_reportsTheScaleRatioAndTheCheckpoints()
            throws Exception {
        CliRunner.Result r = cli("bench", "operator", "--keys", "200", "--compare-keys", "50",
                "--records", "2000", "--repeats", "1", "--warm-up", "0", "--units", "4",
                "--backend", "rocksdb", "--checkpoint-interval", "200ms", "--managed-memory", "64m",
                "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertThat(o.get("managedMemoryBytes").asLong()).isEqualTo(64L << 20);
        assertThat(o.has("ltcRecordsPerSecHeap")).as("hashmap was not asked for").isFalse();
        JsonNode results = o.get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("keys").asInt()).isEqualTo(200);
        assertThat(results.get(1).get("keys").asInt()).isEqualTo(50);
        // The first round over the keys is not timed.
        assertThat(results.get(0).get("timedRecordsPerRun").asLong()).isEqualTo(2000 - 200);
        assertThat(results.get(1).get("timedRecordsPerRun").asLong()).isEqualTo(2000 - 50);
        assertThat(o.get("ltcKeyScaleRatioRocksdb").asDouble()).isCloseTo(
                results.get(0).get("ltcRecordsPerSec").asDouble()
                        / results.get(1).get("ltcRecordsPerSec").asDouble(), within(1e-9));
        for (JsonNode run : results) {
            JsonNode c = run.get("ltcCheckpoints");
            // A bounded job with checkpointing takes a last checkpoint once its records are in.
            assertThat(c.get("completed").asInt()).isPositive();
            assertThat(c.get("bytesPerKey").asDouble()).isPositive();
            assertThat(c.get("medianCheckpointedBytes").asDouble()).isPositive();
        }
    }

    @Test
    void benchStep_unknownCell_failsClearly() {
        CliRunner.Result r = cli("bench", "step", "--cell", "gru", "--units", "8", "--inputs", "2", "--json");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown cell kind 'gru'");
    }

    @Test
    void sidecar_missingSettings_listsEveryProblemBeforeStartingAnything() {
        CliRunner.Result r = cli("sidecar", "--input-topic", "readings");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("missing --bootstrap").contains("missing --model");
    }

    @Test
    void job_maxAheadOfClockFlag_isValidatedWithTheOtherSettings() {
        CliRunner.Result r = cli("job", "--input-topic", "readings", "--max-ahead-of-clock", "2h");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("missing --bootstrap").contains("missing --model")
                .contains("--max-ahead-of-clock: must be at most 1 h");
    }

    @Test
    void demo_unknownDelivery_isAUsageErrorBeforeStartingAnything() {
        CliRunner.Result r = cli("demo", "--delivery", "twice");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("must be at-least-once or exactly-once: twice");
    }

    @Test
    void benchmark_dropRateOutOfRange_failsBeforeStartingAnything() {
        CliRunner.Result r = cli("benchmark", "--quick", "--drop-rates", "0,1.5", "--out", "unused");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("drop rates must be in [0, 1): [0.0, 1.5]");
    }
}
