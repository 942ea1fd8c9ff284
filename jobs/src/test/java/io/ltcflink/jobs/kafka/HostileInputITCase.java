package io.ltcflink.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.core.model.ModelEncoding;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.core.model.ReferenceDumpImporter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running Kafka job (JSON in and out, at-least-once, as a user first tries it) fed every class of
 * hostile input between valid readings, with restarts turned off: any record that failed a task
 * would fail the job. Every input must leave exactly once, as a forecast or as a dead letter with
 * the expected reason, and the job must still be running at the end.
 */
final class HostileInputITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    private static EmbeddedBroker broker;

    @TempDir static Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new EmbeddedBroker();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    /** One input value and what must come of it: "forecast" or a dead-letter reason code. */
    private record Input(String what, byte[] value, String expected) {}

    private static final String FORECAST = "forecast";

    private static Input json(String what, String text, String expected) {
        return new Input(what, text.getBytes(StandardCharsets.UTF_8), expected);
    }

    private static String reading(String key, long t, String values) {
        return "{\"sensorId\": " + key + ", \"timestamp\": " + t + ", \"values\": " + values + "}";
    }

    private static List<Input> inputs(long now) {
        List<Input> hostile = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < 8; i++) {
            byte[] b = new byte[1 + rnd.nextInt(300)];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) rnd.nextInt(256);
            }
            // Random bytes that happen to start with '{' could in principle parse; these do not.
            hostile.add(new Input("random bytes " + i, b, "unparsable"));
        }
        hostile.add(new Input("empty value", new byte[0], "unparsable"));
        hostile.add(json("a JSON array", "[1, 2, 3]", "unparsable"));
        hostile.add(json("a JSON string", "\"reading\"", "unparsable"));
        hostile.add(json("a JSON number", "42", "unparsable"));
        hostile.add(json("JSON null", "null", "unparsable"));
        hostile.add(json("an empty object", "{}", "unparsable"));
        hostile.add(json("truncated JSON", "{\"sensorId\": \"x\", \"timest", "unparsable"));
        hostile.add(json("trailing garbage",
                reading("\"ok-0\"", now, "[1, 2, 3]") + " and then some", "unparsable"));
        hostile.add(json("sensorId a number", reading("7", now, "[1, 2, 3]"), "unparsable"));
        hostile.add(json("sensorId null", reading("null", now, "[1, 2, 3]"), "unparsable"));
        hostile.add(json("sensorId an object", reading("{\"id\": 1}", now, "[1, 2, 3]"),
                "unparsable"));
        hostile.add(json("timestamp a string",
                "{\"sensorId\": \"t\", \"timestamp\": \"now\", \"values\": [1, 2, 3]}", "unparsable"));
        hostile.add(json("timestamp a fraction",
                "{\"sensorId\": \"t\", \"timestamp\": 1.5, \"values\": [1, 2, 3]}", "unparsable"));
        hostile.add(json("timestamp beyond a long",
                "{\"sensorId\": \"t\", \"timestamp\": 100000000000000000000000000, \"values\": [1]}",
                "unparsable"));
        hostile.add(json("values a string", reading("\"v\"", now, "\"1,2,3\""), "unparsable"));
        hostile.add(json("values with a string", reading("\"v\"", now, "[1, \"2\", 3]"),
                "unparsable"));
        hostile.add(json("values with null", reading("\"v\"", now, "[1, null, 3]"), "unparsable"));
        hostile.add(json("values NaN token", reading("\"v\"", now, "[1, NaN, 3]"), "unparsable"));
        hostile.add(json("deep nesting", "{\"sensorId\": \"deep\", \"x\": " + "[".repeat(5000)
                + "]".repeat(5000) + "}", "unparsable"));
        hostile.add(json("a long number literal", reading("\"v\"", now, "[1" + "0".repeat(2000)
                + ", 2, 3]"), "unparsable"));
        hostile.add(json("a huge array", reading("\"huge\"", now,
                "[" + "1.0,".repeat(180_000) + "1.0]"), "wrong-width"));
        hostile.add(json("too few values", reading("\"narrow\"", now, "[1, 2]"), "wrong-width"));
        hostile.add(json("no values", reading("\"none\"", now, "[]"), "wrong-width"));
        hostile.add(json("infinite value", reading("\"inf\"", now, "[1e400, 2, 3]"), "not-finite"));
        hostile.add(json("negative infinite value", reading("\"inf\"", now, "[1, -1e999, 3]"),
                "not-finite"));
        hostile.add(json("largest timestamp", reading("\"max-ts\"", Long.MAX_VALUE, "[1, 2, 3]"),
                "far-future"));
        hostile.add(json("two hours ahead", reading("\"ahead\"", now + 7_200_000L, "[1, 2, 3]"),
                "far-future"));
        hostile.add(json("smallest timestamp", reading("\"min-ts\"", Long.MIN_VALUE, "[1, 2, 3]"),
                "before-epoch"));
        hostile.add(json("negative timestamp", reading("\"neg-ts\"", -1, "[1, 2, 3]"),
                "before-epoch"));
        hostile.add(json("empty key", reading("\"\"", now, "[1, 2, 3]"), "null-key"));
        hostile.add(json("very long key", reading("\"" + "k".repeat(200_000) + "\"", now,
                "[1, 2, 3]"), "key-too-long"));
        hostile.add(json("lone surrogate key", reading("\"bad\\ud800key\"", now, "[1, 2, 3]"),
                "bad-key"));
        // Unusual but valid: each is a key's first record, so a forecast without values.
        hostile.add(json("non-ASCII key", reading("\"capteur-é-温度-\\ud83d\\ude80\"", now,
                "[1, 2, 3]"), FORECAST));
        hostile.add(json("huge but finite values", reading("\"big\"", now,
                "[123456789012345678901234567890, -1e300, 1e-320]"), FORECAST));
        hostile.add(json("the epoch", reading("\"epoch\"", 0, "[1, 2, 3]"), FORECAST));
        hostile.add(json("extra fields", "{\"sensorId\": \"extra\", \"timestamp\": " + now
                + ", \"values\": [1, 2, 3], \"unit\": \"bar\", \"tags\": {\"a\": [1]}}", FORECAST));

        // Valid readings of three sensors around the hostile ones, ending with an old one (late).
        List<Input> out = new ArrayList<>();
        int h = 0;
        for (int i = 0; i < 30; i++) {
            for (int k = 0; k < 3; k++) {
                long t = now - 60_000 + 1000L * i + 100L * k;
                out.add(json("valid", reading("\"ok-" + k + "\"", t,
                        "[" + Math.sin(i + k) + ", " + Math.cos(i) + ", " + 0.1 * k + "]"), FORECAST));
            }
            for (int j = 0; j < 2 && h < hostile.size(); j++) {
                out.add(hostile.get(h++));
            }
        }
        while (h < hostile.size()) {
            out.add(hostile.get(h++));
        }
        out.add(json("older than its key's last", reading("\"ok-1\"", now - 600_000, "[1, 2, 3]"),
                "late"));
        for (int k = 0; k < 3; k++) {
            out.add(json("valid after all", reading("\"ok-" + k + "\"", now + 1000L * k,
                    "[0.5, 0.5, 0.5]"), FORECAST));
        }
        return out;
    }

    @Test
    void hostileInputs_eachLeavesExactlyOnceAsForecastOrDeadLetter_withoutRestart()
            throws Exception {
        String topic = "hostile";
        Path model = dir.resolve("ltc.model");
        ModelFiles.write(ReferenceDumpImporter.importFile(
                Path.of("../ltc-flink-operator/src/test/resources/golden/ltc_fc_small.json")),
                model, ModelEncoding.BINARY);
        Map<String, String> flags = new HashMap<>();
        flags.put("bootstrap", broker.bootstrap());
        flags.put("model", model.toString());
        flags.put("input-topic", topic);
        flags.put("input-format", "json");
        flags.put("output-format", "json");
        flags.put("starting-offsets", "earliest");
        flags.put("group-id", "it-hostile");
        flags.put("checkpoint-interval", "1s");
        flags.put("checkpoint-dir", dir.resolve("cp").toUri().toString());
        flags.put("state-backend", "rocksdb");
        JobConfig cfg = JobConfig.of(null, flags);
        assertThat(cfg.validate()).isEmpty();
        for (String t : List.of(topic, cfg.forecastTopic(), cfg.alertTopic(), cfg.deadLetterTopic())) {
            broker.createTopic(t, 1);
        }
        long now = System.currentTimeMillis();
        List<Input> inputs = inputs(now);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (Input in : inputs) {
            records.add(new ProducerRecord<>(topic, 0, null, in.value()));
        }
        broker.produce(topic, records);

        Configuration conf = KafkaAnomalyJob.flinkConfiguration(cfg);
        // Any failure is final: a record that failed a task would fail the job, not restart it.
        conf.setString("restart-strategy.type", "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        KafkaAnomalyJob.build(env, cfg);
        JobClient job = env.executeAsync("hostile input it");
        Map<String, Integer> expectedDead = new TreeMap<>();
        int expectedForecasts = 0;
        for (Input in : inputs) {
            if (in.expected().equals(FORECAST)) {
                expectedForecasts++;
            } else {
                expectedDead.merge(in.expected(), 1, Integer::sum);
            }
        }
        int deadCount = inputs.size() - expectedForecasts;
        try {
            List<ConsumerRecord<byte[], byte[]>> forecasts = broker.consume(cfg.forecastTopic(),
                    expectedForecasts, Duration.ofSeconds(120), Duration.ofSeconds(3));
            List<ConsumerRecord<byte[], byte[]>> dead = broker.consume(cfg.deadLetterTopic(),
                    deadCount, Duration.ofSeconds(60), Duration.ofSeconds(2));
            assertThat(job.getJobStatus().get()).as("the job survived every input")
                    .isEqualTo(JobStatus.RUNNING);

            ObjectMapper m = new ObjectMapper();
            Map<String, Integer> forecastsByKey = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : forecasts) {
                JsonNode n = m.readTree(r.value());
                forecastsByKey.merge(n.get("sensorId").asText(), 1, Integer::sum);
                assertThat(r.timestamp()).as("the Kafka timestamp is the reading's")
                        .isEqualTo(n.get("timestamp").asLong());
            }
            assertThat(forecastsByKey).containsEntry("ok-0", 31).containsEntry("ok-1", 31)
                    .containsEntry("ok-2", 31).containsEntry("capteur-é-温度-\ud83d\ude80", 1)
                    .containsEntry("big", 1).containsEntry("epoch", 1).containsEntry("extra", 1)
                    .hasSize(7);
            assertThat(forecasts).hasSize(expectedForecasts);

            Map<String, Integer> deadByCode = new TreeMap<>();
            List<Long> undecodableOffsets = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : dead) {
                assertThat(r.serializedValueSize()).isLessThan(1_000_000);
                JsonNode n = m.readTree(r.value());
                String reason = n.get("reason").asText();
                String code = reason.split(":")[0];
                deadByCode.merge(code, 1, Integer::sum);
                if (code.equals("unparsable")) {
                    undecodableOffsets.add(n.get("offset").asLong());
                    assertThat(n.get("topic").asText()).isEqualTo(topic);
                }
                if (code.equals("wrong-width") && n.get("sensorId").asText().equals("huge")) {
                    assertThat(reason).contains("found 180001")
                            .contains("payload cut to its first 393216 of");
                }
                if (code.equals("key-too-long")) {
                    assertThat(reason).contains("200000 characters")
                            .contains("[sensor id cut to 1024 of 200000 characters]");
                }
            }
            assertThat(deadByCode).isEqualTo(expectedDead);
            // Each undecodable input once, at its own offset.
            List<Long> expectedOffsets = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                if (inputs.get(i).expected().equals("unparsable")) {
                    expectedOffsets.add((long) i);
                }
            }
            assertThat(undecodableOffsets).containsExactlyInAnyOrderElementsOf(expectedOffsets);
            assertThat(forecasts.size() + dead.size()).isEqualTo(inputs.size());
        } finally {
            if (!job.getJobStatus().get().isTerminalState()) {
                job.cancel().get();
            }
        }
    }
}
