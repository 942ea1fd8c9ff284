package io.ltcflink.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.jobs.cli.LtcCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ltc sql} runs the README's SQL example against a real broker: readings produced as
 * JSON come back from the forecast topic as the forecasts the DataStream replay makes of the
 * same readings, value for value.
 */
final class SqlCommandITCase {

    private static final Path GOLDEN = Path.of("../ltc-flink-operator/src/test/resources/golden");

    @TempDir Path dir;

    @Test
    void readmeExample_forecastsReadingsFromKafkaAsTheReplayDoes() throws Exception {
        Path model = dir.resolve("model.cbor");
        assertThat(LtcCli.execute("import", GOLDEN.resolve("ltc_autoncp.json").toString(),
                "--out", model.toString())).isZero();
        String readme = Files.readString(Path.of("../README.md"));
        int start = readme.indexOf("```sql\n") + "```sql\n".length();
        String sql = readme.substring(start, readme.indexOf("```", start))
                .replace("/models/pump.model", model.toString());
        Path file = Files.writeString(dir.resolve("example.sql"), sql);

        StringBuilder csv = new StringBuilder("key,timestamp,x0,x1,x2,x3\n");
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        long t = 1_764_300_000_000L;
        int n = 60;
        for (int i = 0; i < n; i++) {
            String key = "s" + (i % 3);
            t += 200 + (i * 37) % 900;
            double[] x = {Math.sin(i / 5.0), Math.cos(i / 7.0), 0.1 * (i % 4), 0.5};
            String json = String.format("{\"sensor\":\"%s\",\"ts\":%s,\"x\":[%s,%s,%s,%s]}",
                    key, t, x[0], x[1], x[2], x[3]);
            records.add(new ProducerRecord<>("sensor-readings", key.getBytes(StandardCharsets.UTF_8),
                    json.getBytes(StandardCharsets.UTF_8)));
            csv.append(key).append(',').append(t).append(',').append(x[0]).append(',')
                    .append(x[1]).append(',').append(x[2]).append(',').append(x[3]).append('\n');
        }
        records.add(new ProducerRecord<>("sensor-readings", null,
                "{\"sensor\":\"s1\",\"ts\":1764300099000,\"x\":[1.0]}"
                        .getBytes(StandardCharsets.UTF_8)));

        try (EmbeddedBroker broker = new EmbeddedBroker()) {
            for (String topic : List.of("sensor-readings", "ltc-forecasts", "ltc-alerts")) {
                broker.createTopic(topic, 1);
            }
            broker.produce("sensor-readings", records);
            assertThat(LtcCli.execute("sql", "--file", file.toString(), "--bootstrap",
                    broker.bootstrap(), "--duration", "25s")).isZero();
            List<ConsumerRecord<byte[], byte[]>> out =
                    broker.consumeUncommitted("ltc-forecasts", n + 1, Duration.ofSeconds(30));
            assertThat(out).hasSize(n + 1);

            Path in = Files.writeString(dir.resolve("in.csv"), csv.toString());
            Path replayed = dir.resolve("out.csv");
            assertThat(LtcCli.execute("replay", "--model", model.toString(), "--input",
                    in.toString(), "--out", replayed.toString())).isZero();
            Map<String, String> expected = new HashMap<>();
            for (String line : Files.readAllLines(replayed).subList(1, n + 1)) {
                String[] c = line.split(",");
                expected.put(c[0] + "@" + c[1], c[4] + "," + c[5]);
            }
            ObjectMapper json = new ObjectMapper();
            int forecasts = 0;
            int deadLetters = 0;
            int intervals = 0;
            for (ConsumerRecord<byte[], byte[]> r : out) {
                JsonNode row = json.readTree(r.value());
                String at = row.get("sensor").asText() + "@" + row.get("ts_ms").asLong();
                switch (row.get("kind").asText()) {
                    case "forecast":
                        forecasts++;
                        JsonNode y = row.get("forecast");
                        assertThat(y.get(0).asDouble() + "," + y.get(1).asDouble())
                                .isEqualTo(expected.get(at));
                        JsonNode lo = row.get("interval_lower");
                        JsonNode hi = row.get("interval_upper");
                        if (lo != null && !lo.isNull()) {
                            intervals++;
                            for (int i = 0; i < y.size(); i++) {
                                assertThat(y.get(i).asDouble())
                                        .isBetween(lo.get(i).asDouble(), hi.get(i).asDouble());
                            }
                        }
                        break;
                    case "first":
                        assertThat(expected.get(at)).isEqualTo("NaN,NaN");
                        break;
                    default:
                        deadLetters++;
                        assertThat(row.get("reason").asText())
                                .startsWith("wrong-width: expected 4 values but found 1");
                }
            }
            assertThat(forecasts).isEqualTo(n - 3);
            assertThat(deadLetters).isEqualTo(1);
            // Every forecast after a key's first residual carries its prediction interval.
            assertThat(intervals).isEqualTo(forecasts - 3);
        }
    }
}
