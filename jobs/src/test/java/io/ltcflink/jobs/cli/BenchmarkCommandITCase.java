package io.ltcflink.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.jobs.kafka.EmbeddedBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ltc benchmark --quick} end to end in a test-sized configuration: a real broker in this
 * JVM, tiny models, both systems, two drop rates; the LTC job and the LSTM sidecar on their own
 * MiniClusters, the comparator, and the report.
 */
final class BenchmarkCommandITCase {

    @TempDir Path dir;

    @Test
    void benchmark_quickTestSized_runsBothJobsAndWritesTheReport() throws Exception {
        int code;
        String text;
        try (EmbeddedBroker broker = new EmbeddedBroker()) {
            PrintStream old = System.out;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                code = LtcCli.execute("benchmark", "--quick", "--bootstrap", broker.bootstrap(),
                        "--out", dir.toString(), "--drop-rates", "0,0.3", "--sensors", "1",
                        "--readings", "60", "--train-samples", "300", "--epochs", "1",
                        "--lstm-units", "4", "--windows", "4,8", "--threads", "1");
            } finally {
                System.setOut(old);
            }
            text = out.toString(StandardCharsets.UTF_8);
        }
        System.out.println(text);
        assertThat(code).as(text).isZero();

        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        // Three stateful models, the fully connected LTC again in fast mode, and 4 LSTMs
        // (2 windows × with/without the gap), per system
        // (2) and drop rate (2).
        assertThat(report.isArray()).isTrue();
        assertThat(report).hasSize(8 * 2 * 2);
        Set<String> seen = new HashSet<>();
        for (JsonNode r : report) {
            for (String key : new String[] {"model", "params", "system", "dropRate", "mse",
                "smape", "cpuNsP50", "cpuNsP99", "stateBytesPerKey"}) {
                assertThat(r.hasNonNull(key)).as("%s in %s", key, r).isTrue();
            }
            assertThat(r.get("params").asLong()).isPositive();
            assertThat(r.get("cpuNsP50").asLong()).isPositive();
            assertThat(r.get("stateBytesPerKey").asInt()).isPositive();
            seen.add(r.get("model").asText() + "@" + r.get("system").asText() + "@"
                    + r.get("dropRate").asDouble());
        }
        assertThat(seen).hasSize(32)
                .contains("ltc-fc16@lorenz@0.3", "lstm4-w8-gap@mackey-glass@0.0");

        // Same weights, exact and fast sigmoids: the same accuracy to rounding.
        for (JsonNode r : report) {
            if (r.get("model").asText().equals("ltc-fc16")) {
                for (JsonNode f : report) {
                    if (f.get("model").asText().equals("ltc-fc16-fast")
                            && f.get("system").equals(r.get("system"))
                            && f.get("dropRate").equals(r.get("dropRate"))) {
                        assertThat(f.get("mse").asDouble()).isCloseTo(r.get("mse").asDouble(),
                                org.assertj.core.api.Assertions.withinPercentage(1e-6));
                        assertThat(f.get("params")).isEqualTo(r.get("params"));
                    }
                }
            }
        }

        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        for (JsonNode s : summary.get("systems")) {
            assertThat(s.get("complete").asBoolean()).as("%s", s).isTrue();
            // The same bad records become the same dead letters in both jobs.
            assertThat(s.get("deadLetters").get("ltc")).isEqualTo(s.get("deadLetters").get("lstm"));
            assertThat(s.get("deadLetters").get("lstm").get("unparsable").asInt()).isEqualTo(3);
            assertThat(s.get("deadLetters").get("lstm").get("not-finite").asInt()).isEqualTo(3);
            assertThat(s.get("deadLetters").get("lstm").get("late").asInt()).isEqualTo(3);
        }
        assertThat(summary.get("targets").size()).isPositive();
        assertThat(Files.readString(dir.resolve("report.md"))).contains("## Targets")
                .contains("## lorenz").contains("## mackey-glass");
        for (String png : new String[] {"error-over-time-lorenz.png",
            "error-vs-drop-rate-mackey-glass.png", "cpu-per-event-lorenz.png"}) {
            assertThat(dir.resolve(png)).isNotEmptyFile();
        }
    }
}
