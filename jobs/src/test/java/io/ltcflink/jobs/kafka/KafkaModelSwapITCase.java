package io.ltcflink.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.flink.SensorReading;
import io.ltcflink.jobs.cli.LtcCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka anomaly job's model changes while it runs, against a real broker in the test JVM,
 * exactly-once, read committed: forecasts name model A until an update on the model topic names
 * model B, and B after it (each key reset at the switch). A missing file, a model of another
 * width and an undecodable update are then rejected (an ERROR line each, the rejected-update
 * metric, read through a metric reporter) and the job goes on with B. Stopped with a savepoint
 * and started from it, the job still runs B, and every key goes on from its state.
 */
final class KafkaModelSwapITCase {

    private static final int PARALLELISM = 2;

    private static final Configuration CLUSTER = new Configuration();

    static {
        CLUSTER.setString("metrics.reporter.collect.factory.class",
                CollectingReporter.Factory.class.getName());
    }

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(CLUSTER)
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(PARALLELISM)
                    .build());

    private static EmbeddedBroker broker;
    private static final List<String> ERRORS = new CopyOnWriteArrayList<>();
    private static AbstractAppender capture;

    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        broker = new EmbeddedBroker();
        capture = new AbstractAppender("model-swap-errors", null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                ERRORS.add(event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().addAppender(capture, Level.ERROR, null);
        ctx.updateLoggers();
    }

    @AfterAll
    static void stop() throws Exception {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender(capture.getName());
        ctx.updateLoggers();
        broker.close();
    }

    @BeforeEach
    void noJobOfAnEarlierTestReports() throws Exception {
        await("the operator metrics of an earlier test's job removed",
                () -> CollectingReporter.gauges(".ltc.activeModel").isEmpty());
    }

    private static Path train(String name, String data, String seed) {
        Path out = dir.resolve(name + ".model");
        int code = LtcCli.execute("train", "--data", data, "--samples", "300", "--epochs", "1",
                "--cell", "ltc", "--units", "6", "--seed", seed, "--quiet", "--threads", "1",
                "--out", out.toString());
        assertThat(code).isZero();
        return out;
    }

    /** Three sensors, {@code perKey} readings each, from {@code start} on, one second apart. */
    private static void produce(String topic, long start, int perKey) throws Exception {
        ReadingCodec codec = new ReadingCodec(WireFormat.AVRO);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < perKey; i++) {
            for (int k = 0; k < 3; k++) {
                long t = start + i * 1000L + k * 100L;
                double[] x = {Math.sin(t / 4000.0 + k), Math.cos(t / 9000.0), 0.3 * k};
                SensorReading r = new SensorReading("sensor-" + k, t, x);
                records.add(new ProducerRecord<>(topic, k % 2,
                        r.key.getBytes(StandardCharsets.UTF_8), codec.encode(r)));
            }
        }
        broker.produce(topic, records);
    }

    private static void update(String topic, String json) throws Exception {
        broker.produce(topic, List.of(new ProducerRecord<>(topic, 0, null,
                json.getBytes(StandardCharsets.UTF_8))));
    }

    /** The forecasts committed so far, at least {@code expected}, parsed. */
    private static List<JsonNode> forecasts(String topic, int expected) throws Exception {
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : broker.consume(topic, expected,
                Duration.ofSeconds(90), Duration.ofSeconds(1))) {
            out.add(m.readTree(r.value()));
        }
        assertThat(out).hasSize(expected);
        return out;
    }

    /** The forecasts with timestamps in [from, to). */
    private static List<JsonNode> between(List<JsonNode> all, long from, long to) {
        return all.stream().filter(n -> n.get("timestamp").asLong() >= from
                && n.get("timestamp").asLong() < to).toList();
    }

    private static void await(String what, BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(end);
            Thread.sleep(100);
        }
    }

    /**
     * The job on {@code topic} with JSON output, starting from model {@code model}, checkpointing
     * every 500 ms into its own folder, with {@code extra} settings; its topics created.
     */
    private static JobConfig config(Path model, String topic, String group,
            Map<String, String> extra) throws Exception {
        Map<String, String> flags = new HashMap<>(extra);
        flags.put("bootstrap", broker.bootstrap());
        flags.put("model", model.toString());
        flags.put("input-topic", topic);
        flags.put("output-format", "json");
        flags.put("checkpoint-interval", "500ms");
        flags.put("starting-offsets", "earliest");
        flags.put("group-id", group);
        flags.put("parallelism", Integer.toString(PARALLELISM));
        flags.put("checkpoint-dir", dir.resolve("cp-" + group).toUri().toString());
        JobConfig cfg = JobConfig.of(null, flags);
        assertThat(cfg.validate()).isEmpty();
        for (String t : List.of(topic, cfg.forecastTopic(), cfg.alertTopic(),
                cfg.deadLetterTopic())) {
            broker.createTopic(t, 2);
        }
        return cfg;
    }

    private static JobClient start(JobConfig cfg, String savepoint) throws Exception {
        Configuration conf = KafkaAnomalyJob.flinkConfiguration(cfg);
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        KafkaAnomalyJob.build(env, cfg);
        return env.executeAsync("model swap it");
    }

    @Test
    void updateOnTheModelTopic_switchesTheRunningJob_badOnesAreRejected_savepointKeepsB()
            throws Exception {
        Path a = train("a", "lorenz", "1");
        Path b = train("b", "lorenz", "2");
        Path narrow = train("narrow", "oscillator", "3");
        assertThat(ModelFiles.read(narrow).cell().inputSize())
                .isNotEqualTo(ModelFiles.read(a).cell().inputSize());
        String idA = ModelFiles.read(a).id();

        String topic = "swap-readings";
        String models = "swap-models";
        JobConfig cfg = config(a, topic, "it-swap", Map.of("model-topic", models,
                "delivery", "exactly-once", "transactional-id-prefix", "it-swap"));
        broker.createTopic(models, 1);

        // An hour before now: within the broker's retention (it deletes records whose timestamps
        // are more than 7 days old, forecasts carry their reading's) and behind the clock.
        long t1 = System.currentTimeMillis() / 1000 * 1000 - 3_600_000;
        long t2 = t1 + 100_000;
        long t3 = t2 + 100_000;
        long t4 = t3 + 100_000;
        int perKey = 20;
        int batch = 3 * perKey;
        JobClient job = start(cfg, null);
        String savepoint;
        try {
            produce(topic, t1, perKey);
            List<JsonNode> out = forecasts(cfg.forecastTopic(), batch);
            assertThat(out).allSatisfy(n -> assertThat(n.get("modelId").asText()).isEqualTo(idA));
            await("model A active", () -> CollectingReporter.gauges(".ltc.activeModel").size()
                    == PARALLELISM);

            update(models, "{\"model\":\"pump-v2\",\"path\":\"" + b + "\",\"policy\":\"reset\"}");
            await("model B active on every subtask", () -> {
                List<Object> active = CollectingReporter.gauges(".ltc.activeModel");
                return active.size() == PARALLELISM
                        && active.stream().allMatch("pump-v2"::equals);
            });
            produce(topic, t2, perKey);
            out = forecasts(cfg.forecastTopic(), 2 * batch);
            assertThat(between(out, t1, t2)).hasSize(batch).allSatisfy(
                    n -> assertThat(n.get("modelId").asText()).isEqualTo(idA));
            List<JsonNode> second = between(out, t2, t3);
            assertThat(second).hasSize(batch).allSatisfy(
                    n -> assertThat(n.get("modelId").asText()).isEqualTo("pump-v2"));
            // Reset: each key's first record under B is a first record.
            Set<String> firstUnderB = new HashSet<>();
            for (JsonNode n : second) {
                if ((n.get("flags").asInt() & 1) != 0) {
                    firstUnderB.add(n.get("sensorId").asText());
                }
            }
            assertThat(firstUnderB).containsExactlyInAnyOrder("sensor-0", "sensor-1", "sensor-2");
            assertThat(CollectingReporter.counterSum(".ltc.keysResetAtSwitch")).isEqualTo(3);
            assertThat(CollectingReporter.counterSum(".ltc.modelSwitches")).isEqualTo(PARALLELISM);

            update(models, "{\"model\":\"gone\",\"path\":\"" + dir.resolve("missing.model")
                    + "\"}");
            update(models, "{\"model\":\"narrow\",\"path\":\"" + narrow + "\"}");
            update(models, "this is not an update");
            await("three rejected updates on every subtask",
                    () -> CollectingReporter.counterSum(".ltc.rejectedModelUpdates")
                            == 3L * PARALLELISM);
            assertThat(ERRORS).anySatisfy(e -> assertThat(e).contains("rejected")
                    .contains("\"model\":\"gone\"").contains("missing.model")
                    .contains("keeps model pump-v2"));
            assertThat(ERRORS).anySatisfy(e -> assertThat(e).contains("rejected")
                    .contains("\"model\":\"narrow\"").contains("readings of 2 values"));
            assertThat(ERRORS).anySatisfy(e -> assertThat(e).contains("rejected")
                    .contains("this is not an update").contains("not JSON"));
            assertThat(CollectingReporter.gauges(".ltc.activeModel"))
                    .containsOnly("pump-v2");

            produce(topic, t3, perKey);
            out = forecasts(cfg.forecastTopic(), 3 * batch);
            assertThat(between(out, t3, t4)).hasSize(batch).allSatisfy(n -> {
                assertThat(n.get("modelId").asText()).isEqualTo("pump-v2");
                assertThat(n.get("flags").asInt() & 1).isZero();
            });
            savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get();
        } finally {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get();
            }
        }

        JobClient restored = start(cfg, savepoint);
        try {
            await("model B active after the restore", () -> {
                List<Object> active = CollectingReporter.gauges(".ltc.activeModel");
                return active.size() == PARALLELISM
                        && active.stream().allMatch("pump-v2"::equals);
            });
            produce(topic, t4, perKey);
            List<JsonNode> out = forecasts(cfg.forecastTopic(), 4 * batch);
            assertThat(between(out, t4, Long.MAX_VALUE)).hasSize(batch).allSatisfy(n -> {
                assertThat(n.get("modelId").asText()).isEqualTo("pump-v2");
                // Every key goes on from its saved state: no first record.
                assertThat(n.get("flags").asInt() & 1).isZero();
            });
        } finally {
            restored.cancel().get();
        }
    }

    @Test
    void updateFilesInAWatchedFolder_switchTheRunningJob_badLinesAreRejected() throws Exception {
        Path a = train("fa", "lorenz", "4");
        Path b = train("fb", "lorenz", "5");
        String idA = ModelFiles.read(a).id();
        Path folder = Files.createDirectories(dir.resolve("model-updates"));

        String topic = "folder-readings";
        JobConfig cfg = config(a, topic, "it-folder", Map.of(
                "model-updates-dir", folder.toString(), "model-updates-interval", "200ms"));

        long t1 = System.currentTimeMillis() / 1000 * 1000 - 3_600_000;
        long t2 = t1 + 100_000;
        int perKey = 20;
        int batch = 3 * perKey;
        long rejectedBefore = CollectingReporter.counterSum(".ltc.rejectedModelUpdates");
        JobClient job = start(cfg, null);
        try {
            produce(topic, t1, perKey);
            List<JsonNode> out = forecasts(cfg.forecastTopic(), batch);
            assertThat(out).allSatisfy(n -> assertThat(n.get("modelId").asText()).isEqualTo(idA));

            // Written under a name the source skips, then renamed: never read half-written.
            Path partial = folder.resolve(".v3.json");
            Files.writeString(partial, "{\"model\":\"pump-v3\",\"path\":\"" + b
                    + "\",\"policy\":\"reset\"}\n\nnot an update either\n");
            Files.move(partial, folder.resolve("v3.json"));
            await("model v3 active on every subtask", () -> {
                List<Object> active = CollectingReporter.gauges(".ltc.activeModel");
                return active.size() == PARALLELISM
                        && active.stream().allMatch("pump-v3"::equals);
            });
            await("the bad line rejected on every subtask",
                    () -> CollectingReporter.counterSum(".ltc.rejectedModelUpdates")
                            - rejectedBefore == PARALLELISM);
            assertThat(ERRORS).anySatisfy(e -> assertThat(e).contains("rejected")
                    .contains("not an update either").contains("keeps model pump-v3"));

            produce(topic, t2, perKey);
            out = forecasts(cfg.forecastTopic(), 2 * batch);
            assertThat(between(out, t1, t2)).hasSize(batch).allSatisfy(
                    n -> assertThat(n.get("modelId").asText()).isEqualTo(idA));
            assertThat(between(out, t2, Long.MAX_VALUE)).hasSize(batch).allSatisfy(
                    n -> assertThat(n.get("modelId").asText()).isEqualTo("pump-v3"));
        } finally {
            job.cancel().get();
        }
    }
}
