package io.ltcflink.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.core.engine.CellKeyedForecaster;
import io.ltcflink.core.engine.KeyState;
import io.ltcflink.core.engine.Outcome;
import io.ltcflink.core.model.ModelEncoding;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.core.model.ReferenceDumpImporter;
import io.ltcflink.flink.LtcKeyedFunction;
import io.ltcflink.flink.sql.LtcForecastFunction;
import io.ltcflink.flink.sql.LtcSqlOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state of an {@code LTC_FORECAST} SQL job survives a stop with a savepoint and a start from
 * it: the job reads JSON readings from Kafka in event time and writes JSON forecasts back, exactly
 * once; it is stopped with a canonical savepoint halfway through the stream, once every forecast
 * of the first half is committed, and the same statement is started again from the savepoint. No
 * key starts over after the restart, and every forecast of the whole stream is, bit for bit, the
 * one an uninterrupted engine makes of the same readings (JSON doubles round-trip exactly).
 */
final class SqlSavepointRestoreITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(1)
                    .build());

    private static final Path GOLDEN =
            Path.of("../ltc-flink-operator/src/test/resources/golden/ltc_fc_small.json");

    private static final String READINGS = "restore-readings";
    private static final String FORECASTS = "restore-forecasts";
    private static final int KEYS = 4;
    private static final int PER_PART = 100;

    @TempDir Path dir;

    /** One reading as produced. */
    private record Reading(String key, long ts, double[] x) {

        String json() {
            return String.format("{\"sensor\":\"%s\",\"ts\":%s,\"x\":[%s,%s,%s]}",
                    key, ts, x[0], x[1], x[2]);
        }

        String id() {
            return key + "@" + ts;
        }
    }

    /** What the uninterrupted engine made of one reading (its outcome's values, copied). */
    private record Expected(boolean first, double dt, double[] forecast, double[] actual,
            double score, boolean alert, int flags) {

        static Expected of(Outcome o) {
            return new Expected(o.kind() == Outcome.Kind.FIRST, o.dt(), o.forecast().clone(),
                    o.actual().clone(), o.score(), o.alert(), o.flags());
        }
    }

    @Test
    void stopWithSavepointAndRestart_continuesEveryKeyAsAnUninterruptedRun() throws Exception {
        Path model = dir.resolve("ltc_fc_small.model");
        ModelFiles.write(ReferenceDumpImporter.importFile(GOLDEN), model, ModelEncoding.BINARY);
        List<Reading> first = new ArrayList<>();
        List<Reading> second = new ArrayList<>();
        readings(first, second);
        Map<String, Expected> expected = uninterrupted(model, first, second);

        try (EmbeddedBroker broker = new EmbeddedBroker()) {
            broker.createTopic(READINGS, 1);
            broker.createTopic(FORECASTS, 1);

            // Part one, until the forecast of its every reading is committed.
            broker.produce(READINGS, records(first));
            JobClient job = start(broker.bootstrap(), model, null);
            List<String> before =
                    values(broker.consume(FORECASTS, first.size(), Duration.ofSeconds(60)));
            assertThat(before).hasSize(first.size());
            String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toUri()
                    .toString(), SavepointFormatType.CANONICAL).get();
            assertThat(savepoint).isNotBlank();

            // Part two, read by the same statement started from the savepoint.
            broker.produce(READINGS, records(second));
            JobClient restarted = start(broker.bootstrap(), model, savepoint);
            int total = first.size() + second.size();
            List<String> all = values(broker.consume(FORECASTS, total, Duration.ofSeconds(60),
                    Duration.ofSeconds(2)));
            restarted.cancel().get();
            assertThat(all).hasSize(total);

            ObjectMapper json = new ObjectMapper();
            Map<String, Integer> firstRows = new HashMap<>();
            for (int i = 0; i < all.size(); i++) {
                JsonNode row = json.readTree(all.get(i));
                String id = row.get("sensor").asText() + "@" + row.get("ts_ms").asLong();
                String kind = row.get("kind").asText();
                if (i >= before.size()) {
                    assertThat(kind).as("row %s of the restarted job, %s", i, id)
                            .isEqualTo(LtcForecastFunction.FORECAST);
                }
                if (kind.equals(LtcForecastFunction.FIRST)) {
                    firstRows.merge(row.get("sensor").asText(), 1, Integer::sum);
                }
                assertSame(row, expected.remove(id), id);
            }
            assertThat(firstRows).hasSize(KEYS).allSatisfy((k, n) -> assertThat(n).isOne());
            assertThat(expected).isEmpty();
        }
    }

    /** The row against the uninterrupted engine's outcome, every double bit for bit. */
    private static void assertSame(JsonNode row, Expected o, String id) {
        assertThat(o).as("an expected outcome for %s (once)", id).isNotNull();
        boolean isFirst = o.first();
        assertThat(row.get("kind").asText()).as(id)
                .isEqualTo(isFirst ? LtcForecastFunction.FIRST : LtcForecastFunction.FORECAST);
        assertThat(row.get("flags").asInt()).as(id).isEqualTo(o.flags());
        assertThat(bits(row.get("actual"))).as(id).isEqualTo(bits(o.actual()));
        if (isFirst) {
            assertThat(row.get("forecast").isNull()).as(id).isTrue();
            return;
        }
        assertThat(bits(row.get("forecast"))).as(id).isEqualTo(bits(o.forecast()));
        assertThat(Double.doubleToLongBits(row.get("dt").asDouble())).as(id)
                .isEqualTo(Double.doubleToLongBits(o.dt()));
        assertThat(Double.doubleToLongBits(row.get("score").asDouble())).as(id)
                .isEqualTo(Double.doubleToLongBits(o.score()));
        assertThat(row.get("alert").asBoolean()).as(id).isEqualTo(o.alert());
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static long[] bits(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.doubleToLongBits(array.get(i).asDouble());
        }
        return out;
    }

    private static long[] bits(double[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.doubleToLongBits(v[i]);
        }
        return out;
    }

    /**
     * Submits the README's tables and INSERT (forecasts only, exactly once), from {@code
     * savepoint} if given, with checkpoints every 500 ms.
     */
    private JobClient start(String bootstrap, Path model, String savepoint) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(500));
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        tEnv.createTemporarySystemFunction(LtcForecastFunction.NAME, LtcForecastFunction.class);
        tEnv.executeSql(String.format("CREATE TABLE readings (sensor STRING, ts BIGINT,"
                + " x ARRAY<DOUBLE>, rt AS TO_TIMESTAMP_LTZ(ts, 3),"
                + " WATERMARK FOR rt AS rt - INTERVAL '5' SECOND) WITH ('connector' = 'kafka',"
                + " 'topic' = '%s', 'properties.bootstrap.servers' = '%s',"
                + " 'properties.group.id' = 'ltc-sql-restore',"
                + " 'scan.startup.mode' = 'earliest-offset', 'format' = 'json')",
                READINGS, bootstrap));
        tEnv.executeSql(String.format("CREATE TABLE forecasts (sensor STRING, kind STRING,"
                + " ts_ms BIGINT, dt DOUBLE, forecast ARRAY<DOUBLE>, actual ARRAY<DOUBLE>,"
                + " score DOUBLE, alert BOOLEAN, flags INT, reason STRING) WITH ("
                + " 'connector' = 'kafka', 'topic' = '%s',"
                + " 'properties.bootstrap.servers' = '%s',"
                + " 'sink.delivery-guarantee' = 'exactly-once',"
                + " 'sink.transactional-id-prefix' = 'ltc-sql-restore',"
                + " 'properties.transaction.timeout.ms' = '600000', 'format' = 'json')",
                FORECASTS, bootstrap));
        return tEnv.executeSql("INSERT INTO forecasts SELECT sensor, kind, ts_ms, dt, forecast,"
                + " actual, score, alert, flags, reason FROM LTC_FORECAST("
                + " input => TABLE readings PARTITION BY sensor, on_time => DESCRIPTOR(rt),"
                + " model => '" + model + "', time_unit => '1 s', max_gap => '1 h',"
                + " state_ttl => '7 d')").getJobClient().orElseThrow();
    }

    /** The engine of the statement's options over the whole stream, by key@ts. */
    private static Map<String, Expected> uninterrupted(Path model, List<Reading> first,
            List<Reading> second) {
        LtcSqlOptions o = new LtcSqlOptions();
        o.model = model.toString();
        o.timeUnit = "1 s";
        o.maxGap = "1 h";
        o.stateTtl = "7 d";
        CellKeyedForecaster f = LtcKeyedFunction.engine(ModelFiles.read(model), o.config());
        Map<String, KeyState> state = new HashMap<>();
        Map<String, Expected> out = new HashMap<>();
        List<Reading> all = new ArrayList<>(first);
        all.addAll(second);
        for (Reading r : all) {
            state.put(r.key, f.onRecord(state.get(r.key), r.ts, r.x.clone()));
            assertThat(f.outcome().kind()).isNotEqualTo(Outcome.Kind.LATE);
            out.put(r.id(), Expected.of(f.outcome()));
        }
        return out;
    }

    /**
     * An irregular stream of {@link #KEYS} sensors, three channels, on one clock (so in event-time
     * order), now and then a gap of a minute; every key starts in part one.
     */
    private static void readings(List<Reading> first, List<Reading> second) {
        SplittableRandom rnd = new SplittableRandom(20_251_128L);
        long clock = 1_764_300_000_000L;
        for (List<Reading> part : List.of(first, second)) {
            for (int i = 0; i < PER_PART; i++) {
                String key = "k" + (part == first && i < KEYS ? i : rnd.nextInt(KEYS));
                clock += rnd.nextInt(40) == 0 ? 60_000 : 1 + rnd.nextInt(1_500);
                part.add(new Reading(key, clock, values(clock, rnd)));
            }
        }
    }

    private static double[] values(long ts, SplittableRandom rnd) {
        return new double[] {Math.sin(ts / 4000.0) + 0.1 * rnd.nextGaussian(),
            Math.cos(ts / 9000.0), 0.2 * rnd.nextGaussian()};
    }

    private static List<ProducerRecord<byte[], byte[]>> records(List<Reading> readings) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (Reading r : readings) {
            out.add(new ProducerRecord<>(READINGS, r.key.getBytes(StandardCharsets.UTF_8),
                    r.json().getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }
}
