package io.ltcflink.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.flink.SensorReading;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
 * The Kafka anomaly job end to end against a real broker in the test JVM: Avro readings in
 * (irregular, interleaved, with an out-of-order record, a duplicate timestamp, a NaN and an
 * undecodable value), forecasts and dead letters out, read committed.
 */
final class KafkaAnomalyJobITCase {

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

    /** Readings as produced, in order, with the partition each went to. */
    private record Sent(int partition, SensorReading reading, byte[] raw) {}

    private static List<Sent> input(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ReadingCodec codec = new ReadingCodec(WireFormat.AVRO);
        List<Sent> out = new ArrayList<>();
        long[] t = {1_764_300_000_000L, 1_764_300_000_400L, 1_764_300_000_900L};
        for (int i = 0; i < 240; i++) {
            int k = rnd.nextInt(3);
            double[] x = {Math.sin(t[k] / 4000.0 + k), Math.cos(t[k] / 9000.0), 0.1 * rnd.nextGaussian()};
            SensorReading r = new SensorReading("sensor-" + k, t[k], x);
            if (i == 50) {
                r = new SensorReading("sensor-0", t[0] - 5_000, x); // out of order: late
            } else if (i == 90) {
                r = new SensorReading("sensor-2", t[2], new double[] {1, Double.NaN, 0});
            } else {
                t[k] += 200 + rnd.nextInt(3000);
            }
            // Partition by the reading's own key: a key's order holds only within one partition.
            int partition = (r.key.charAt(r.key.length() - 1) - '0') % 2;
            out.add(new Sent(partition, r, codec.encode(r)));
            if (i == 120) {
                // The same timestamp again for sensor-1: a duplicate, no evolution.
                SensorReading dup = new SensorReading("sensor-1", t[1] - 1, x);
                SensorReading prev = new SensorReading("sensor-1", t[1] - 1, new double[] {0, 0, 0});
                out.add(new Sent(1, prev, codec.encode(prev)));
                out.add(new Sent(1, dup, codec.encode(dup)));
            }
        }
        out.add(new Sent(0, null, "not avro at all \u0000\u0001".getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    /**
     * The forecast each valid reading should get from {@code cell} (null for a key's first),
     * keyed by key@time#n.
     */
    private static Map<String, double[]> expectedForecasts(RecurrentCell cell, List<Sent> sent) {
        RecurrentCell.Stepper s = cell.newStepper();
        Map<String, double[]> h = new HashMap<>();
        Map<String, SensorReading> last = new HashMap<>();
        Map<String, double[]> out = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Sent x : sent) {
            SensorReading r = x.reading;
            if (r == null || !Double.isFinite(r.values[1])) {
                continue;
            }
            SensorReading p = last.get(r.key);
            if (p != null && r.timestamp < p.timestamp) {
                continue; // late: a dead letter
            }
            String id = r.key + "@" + r.timestamp + "#" + seen.merge(r.key + "@" + r.timestamp, 1, Integer::sum);
            if (p == null) {
                h.put(r.key, new double[cell.stateSize()]);
                out.put(id, null);
            } else {
                double[] y = new double[cell.outputSize()];
                if (r.timestamp == p.timestamp) {
                    s.readout(h.get(r.key), y);
                } else {
                    s.step(h.get(r.key), p.values, (r.timestamp - p.timestamp) / 1000.0, y);
                }
                out.put(id, y);
            }
            last.put(r.key, r);
        }
        return out;
    }

    private static JobConfig config(String topic, Path model) throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put("bootstrap", broker.bootstrap());
        flags.put("model", model.toString());
        flags.put("input-topic", topic);
        flags.put("delivery", "exactly-once");
        flags.put("checkpoint-interval", "500ms");
        flags.put("starting-offsets", "earliest");
        flags.put("group-id", "it-" + topic);
        flags.put("parallelism", "2");
        flags.put("checkpoint-dir", dir.resolve("cp-" + topic).toUri().toString());
        flags.put("transactional-id-prefix", "it-" + topic);
        JobConfig cfg = JobConfig.of(null, flags);
        assertThat(cfg.validate()).isEmpty();
        return cfg;
    }

    private static Path model() throws Exception {
        Path m = dir.resolve("ltc.model");
        if (!m.toFile().exists()) {
            ModelFiles.write(io.ltcflink.core.model.ReferenceDumpImporter.importFile(
                    Path.of("../ltc-flink-operator/src/test/resources/golden/ltc_fc_small.json")),
                    m, io.ltcflink.core.model.ModelEncoding.BINARY);
        }
        return m;
    }

    /** Failure injection: the first time the 150th envelope passes, the task fails once. */
    static final AtomicBoolean FAILED = new AtomicBoolean();

    private void runAndCheck(String topic, boolean injectFailure) throws Exception {
        Path model = model();
        JobConfig cfg = config(topic, model);
        for (String t : List.of(topic, cfg.forecastTopic(), cfg.alertTopic(), cfg.deadLetterTopic())) {
            broker.createTopic(t, 2);
        }
        List<Sent> sent = input(topic.hashCode());
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (Sent x : sent) {
            byte[] key = x.reading == null ? null : x.reading.key.getBytes(StandardCharsets.UTF_8);
            records.add(new ProducerRecord<>(topic, x.partition, key, x.raw));
        }
        broker.produce(topic, records);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                KafkaAnomalyJob.flinkConfiguration(cfg));
        FAILED.set(!injectFailure);
        KafkaAnomalyJob.build(env, cfg, s -> !injectFailure ? s : s.map(new FailOnce(),
                TypeInformation.of(Envelope.class)).setParallelism(s.getParallelism()));
        JobClient job = env.executeAsync("kafka anomaly job it");
        // The cell the job runs: the model's, in the numeric mode inference uses.
        Map<String, double[]> expected = expectedForecasts(io.ltcflink.flink.LtcKeyedFunction
                .inferenceCell(ModelFiles.read(model), cfg.operatorConfig()), sent);
        int expectedDead = 3;
        try {
            // Keep reading a while after the expected count, so a duplicate would show up too.
            List<ConsumerRecord<byte[], byte[]>> forecasts = broker.consume(cfg.forecastTopic(),
                    expected.size(), Duration.ofSeconds(90), Duration.ofSeconds(3));
            // After a restart the first checkpoint that commits the dead letters can take a while
            // on a loaded machine; the wait ends as soon as they are all there.
            List<ConsumerRecord<byte[], byte[]>> dead = broker.consume(cfg.deadLetterTopic(),
                    expectedDead, Duration.ofSeconds(120), Duration.ofSeconds(2));
            if (dead.size() < expectedDead) {
                // Tell a record that never came from one written in a transaction not (yet)
                // committed.
                List<ConsumerRecord<byte[], byte[]>> written = broker.consumeUncommitted(
                        cfg.deadLetterTopic(), expectedDead + 10, Duration.ofSeconds(5));
                List<String> reasons = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> rec : written) {
                    reasons.add(new SpecificDatumReader<>(io.ltcflink.avro.DeadLetter.class)
                            .read(null, DecoderFactory.get().binaryDecoder(rec.value(), null))
                            .getReason().toString());
                }
                throw new AssertionError("dead letters: " + dead.size() + " committed of "
                        + expectedDead + " expected; " + written.size()
                        + " written including uncommitted and aborted transactions: " + reasons);
            }

            SpecificDatumReader<io.ltcflink.avro.ForecastEvent> fr =
                    new SpecificDatumReader<>(io.ltcflink.avro.ForecastEvent.class);
            Map<String, Integer> seen = new HashMap<>();
            int matched = 0;
            for (ConsumerRecord<byte[], byte[]> rec : forecasts) {
                io.ltcflink.avro.ForecastEvent f = fr.read(null,
                        DecoderFactory.get().binaryDecoder(rec.value(), null));
                long ts = f.getTimestamp().toEpochMilli();
                String id = f.getSensorId() + "@" + ts + "#" + seen.merge(f.getSensorId() + "@" + ts, 1, Integer::sum);
                assertThat(expected).as("unexpected or duplicated forecast %s", id).containsKey(id);
                double[] e = expected.get(id);
                if (e == null) {
                    assertThat(f.getForecast()).isEmpty();
                    assertThat(f.getFlags() & 1).isEqualTo(1);
                } else {
                    assertThat(f.getForecast().get(0)).as(id).isEqualTo(e[0]);
                }
                assertThat(f.getModelId()).isEqualTo(ModelFiles.read(model).id());
                matched++;
            }
            // Every input record is accounted for exactly once: a forecast or a dead letter.
            assertThat(matched).isEqualTo(expected.size());
            SpecificDatumReader<io.ltcflink.avro.DeadLetter> dr =
                    new SpecificDatumReader<>(io.ltcflink.avro.DeadLetter.class);
            List<String> codes = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> rec : dead) {
                io.ltcflink.avro.DeadLetter d = dr.read(null,
                        DecoderFactory.get().binaryDecoder(rec.value(), null));
                codes.add(d.getReason().split(":")[0]);
                if (d.getReason().startsWith("unparsable")) {
                    assertThat(d.getTopic()).isEqualTo(topic);
                    assertThat(d.getOffset()).isNotNull();
                    assertThat(new String(d.getPayload().array(), StandardCharsets.UTF_8)).startsWith("not avro");
                }
            }
            assertThat(codes).containsExactlyInAnyOrder("unparsable", "late", "not-finite");
            assertThat(matched + codes.size()).isEqualTo(sent.size());
            if (injectFailure) {
                assertThat(FAILED.get()).as("the failure was injected after a checkpoint").isTrue();
            }
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void job_exactlyOnce_forecastsEqualCoreComputationAndEveryRecordIsAccountedFor()
            throws Exception {
        runAndCheck("readings-plain", false);
    }

    @Test
    void job_failureMidStream_restoresFromCheckpointWithoutLossOrDuplicates() throws Exception {
        runAndCheck("readings-failing", true);
    }

    /** Runs kcat with {@code args}; returns its standard output. */
    private static String kcat(List<String> args, Path stdin) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("kcat");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (java.io.IOException e) {
            throw new AssertionError("kcat is needed for this test: apt-get install kcat", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kcat %s", args).isZero();
        return out;
    }

    @Test
    void job_jsonFormat_readingsProducedWithKcatComeOutAsForecastsReadableWithKcat()
            throws Exception {
        String topic = "readings-json";
        Map<String, String> flags = new HashMap<>();
        flags.put("bootstrap", broker.bootstrap());
        flags.put("model", model().toString());
        flags.put("input-topic", topic);
        flags.put("input-format", "json");
        flags.put("output-format", "json");
        flags.put("starting-offsets", "earliest");
        flags.put("group-id", "it-json");
        flags.put("checkpoint-interval", "1s");
        flags.put("checkpoint-dir", dir.resolve("cp-json").toUri().toString());
        JobConfig cfg = JobConfig.of(null, flags);
        assertThat(cfg.validate()).isEmpty();
        for (String t : List.of(topic, cfg.forecastTopic(), cfg.alertTopic(), cfg.deadLetterTopic())) {
            broker.createTopic(t, 1);
        }
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            for (String s : List.of("pump-1", "pump-2")) {
                lines.append(s).append(":{\"sensorId\": \"").append(s).append("\", \"timestamp\": ")
                        .append(1_764_300_000_000L + 1000L * i).append(", \"values\": [")
                        .append(Math.sin(i)).append(", 2.5, ").append(0.1 * i).append("]}\n");
            }
        }
        lines.append("pump-3:{\"sensorId\": \"pump-3\", \"timestamp\": \"yesterday\"}\n");
        Path file = dir.resolve("readings.jsonl");
        java.nio.file.Files.writeString(file, lines.toString());
        kcat(List.of("-b", broker.bootstrap(), "-t", topic, "-P", "-K:"), file);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                KafkaAnomalyJob.flinkConfiguration(cfg));
        KafkaAnomalyJob.build(env, cfg);
        JobClient job = env.executeAsync("kcat json it");
        try {
            List<String> out = List.of();
            long end = System.nanoTime() + 90_000_000_000L;
            while (out.size() < 40 && System.nanoTime() < end) {
                Thread.sleep(1000);
                out = kcat(List.of("-b", broker.bootstrap(), "-t", cfg.forecastTopic(), "-C", "-e",
                        "-q", "-o", "beginning", "-f", "%s\\n"), null).lines()
                        .filter(l -> !l.isBlank()).collect(java.util.stream.Collectors.toList());
            }
            assertThat(out).hasSize(40);
            com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
            int withForecast = 0;
            for (String l : out) {
                com.fasterxml.jackson.databind.JsonNode n = m.readTree(l);
                assertThat(n.get("sensorId").asText()).startsWith("pump-");
                assertThat(n.get("actual")).hasSize(1);
                withForecast += n.get("forecast").size();
            }
            assertThat(withForecast).isEqualTo(38);
            String dead = kcat(List.of("-b", broker.bootstrap(), "-t", cfg.deadLetterTopic(), "-C",
                    "-e", "-q", "-o", "beginning", "-f", "%s\\n"), null);
            com.fasterxml.jackson.databind.JsonNode d = m.readTree(dead.lines().findFirst().orElseThrow());
            assertThat(d.get("reason").asText()).startsWith("unparsable").contains("timestamp");
            assertThat(d.get("payload").asText()).contains("yesterday");
            assertThat(d.get("payloadEncoding").asText()).isEqualTo("utf-8");
        } finally {
            job.cancel().get();
        }
    }

    /**
     * Slows the stream until a checkpoint has completed and 30 envelopes have passed, then throws
     * once, so that the job really restores from a checkpoint mid-stream.
     */
    static final class FailOnce implements org.apache.flink.api.common.functions.MapFunction<Envelope, Envelope>,
            org.apache.flink.api.common.state.CheckpointListener {
        private static final long serialVersionUID = 1L;
        private int seen;
        private boolean checkpointDone;

        @Override
        public Envelope map(Envelope e) throws Exception {
            if (!FAILED.get()) {
                if (++seen >= 30 && checkpointDone) {
                    FAILED.set(true);
                    throw new IllegalStateException("injected failure");
                }
                Thread.sleep(50);
            }
            return e;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointDone = true;
        }
    }
}
