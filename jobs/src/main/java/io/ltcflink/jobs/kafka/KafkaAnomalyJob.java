package io.ltcflink.jobs.kafka;

import io.ltcflink.core.model.Model;
import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.flink.ModelLoader;
import io.ltcflink.flink.ModelUpdate;
import io.ltcflink.flink.ReadingValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The Kafka anomaly job: Kafka source with per-partition event-time watermarks (bounded
 * out-of-orderness, idleness), {@link AnomalyJob}'s topology, and Kafka sinks for forecasts,
 * alerts and dead letters, at-least-once or exactly-once (Kafka transactions; consumers of the
 * outputs should read committed).
 */
public final class KafkaAnomalyJob {

    private KafkaAnomalyJob() {}

    /**
     * The Flink configuration the job wants: state backend, checkpointing (incremental, retained
     * on cancellation), no Kryo fallback, and a restart strategy.
     */
    public static Configuration flinkConfiguration(JobConfig cfg) throws IOException {
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", cfg.stateBackend().toString());
        conf.setString("execution.checkpointing.interval", cfg.checkpointInterval().toMillis() + " ms");
        conf.setString("execution.checkpointing.storage", "filesystem");
        String dir = cfg.checkpointDir();
        if (dir == null) {
            dir = Files.createTempDirectory("ltc-checkpoints").toUri().toString();
        }
        conf.setString("execution.checkpointing.dir", dir);
        conf.setString("execution.checkpointing.incremental", "true");
        conf.setString("execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "10");
        conf.setString("restart-strategy.fixed-delay.delay", "2 s");
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        if (cfg.stateBackend() == JobOptions.StateBackend.ROCKSDB) {
            Path local = Files.createTempDirectory("ltc-rocksdb");
            conf.setString("state.backend.rocksdb.localdir", local.toString());
            tuneRocksDb(conf);
        }
        return conf;
    }

    /**
     * The RocksDB settings the project's jobs run with on top of Flink's defaults: bloom filters
     * on the SST files. Every record reads its key's state; once there are more keys than the
     * memtables hold, most reads miss them, and without a filter RocksDB searches every level's
     * file that could hold the key. {@code bench operator --keys 1000000 --compare-keys 10000}
     * measured the LTC pipeline at 0.37-0.41 of its 10,000-key rate without and 0.54-0.57 with.
     */
    public static void tuneRocksDb(Configuration conf) {
        conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
    }

    /** Adds the job to {@code env}; call {@code env.execute} or {@code executeAsync} after. */
    public static void build(StreamExecutionEnvironment env, JobConfig cfg) throws IOException {
        build(env, cfg, s -> s);
    }

    /**
     * As {@link #build(StreamExecutionEnvironment, JobConfig)}, with {@code tap} applied to the
     * decoded stream before the operator (tests inject failures there).
     */
    public static void build(StreamExecutionEnvironment env, JobConfig cfg,
            UnaryOperator<DataStream<Envelope>> tap) throws IOException {
        Model model = ModelLoader.load(cfg.model());
        env.setParallelism(cfg.parallelism());
        // Key groups are fixed for the life of the state: set, never derived from the parallelism.
        env.setMaxParallelism(cfg.maxParallelism());
        // Set on the job, not the cluster, so that it holds wherever the job is submitted.
        env.setBufferTimeout(cfg.bufferTimeout().toMillis());
        DataStream<Envelope> envelopes = envelopes(env, cfg, "ltc-kafka-source");
        LtcOperatorConfig operator = cfg.operatorConfig();
        DataStream<ModelUpdate> updates = modelUpdates(env, cfg);
        AnomalyJob.Outputs out = AnomalyJob.buildPipeline(tap.apply(envelopes), operator,
                cfg.inputFormat(), updates);
        WireFormat f = cfg.outputFormat();
        out.forecasts().sinkTo(sink(cfg, "forecasts",
                        OutputSerializers.forecasts(cfg.forecastTopic(), f, model.id(),
                                operator.interval() == null
                                        ? 0.0 : operator.interval().coverage())))
                .name("kafka: " + cfg.forecastTopic()).uid("ltc-forecast-sink");
        out.alerts().sinkTo(sink(cfg, "alerts",
                        OutputSerializers.alerts(cfg.alertTopic(), f, model.id())))
                .name("kafka: " + cfg.alertTopic()).uid("ltc-alert-sink");
        out.deadLetters().sinkTo(sink(cfg, "dead-letters",
                        OutputSerializers.deadLetters(cfg.deadLetterTopic(), f)))
                .name("kafka: " + cfg.deadLetterTopic()).uid("ltc-dead-letter-sink");
    }

    /**
     * The model updates of the job: those of its model topic and of its watched folder, either or
     * both; null when it has neither.
     */
    static DataStream<ModelUpdate> modelUpdates(StreamExecutionEnvironment env, JobConfig cfg) {
        DataStream<ModelUpdate> topic = cfg.modelTopic() == null ? null : modelTopic(env, cfg);
        DataStream<ModelUpdate> files = cfg.modelUpdatesDir() == null ? null
                : modelUpdateFiles(env, cfg.modelUpdatesDir(), cfg.modelUpdatesInterval());
        if (topic == null || files == null) {
            return topic == null ? files : topic;
        }
        return topic.union(files);
    }

    /**
     * The model updates in the files of {@code dir}, one JSON object per line, blank lines
     * skipped: the files there at the start, then each new one within {@code interval}. The file
     * source keeps the files it has read in its checkpoints, so a restored job reads only new ones;
     * it skips names beginning with '.' or '_' (files still being written, by convention). A line
     * that is no update becomes one with the reason, which the operator rejects.
     */
    public static DataStream<ModelUpdate> modelUpdateFiles(StreamExecutionEnvironment env,
            String dir, Duration interval) {
        FileSource<String> source = FileSource
                .forRecordStreamFormat(new TextLineInputFormat(),
                        new org.apache.flink.core.fs.Path(dir))
                .monitorContinuously(interval)
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "files: " + dir)
                .uid("ltc-model-update-files")
                .setParallelism(1)
                .filter(line -> !line.isBlank())
                .name("non-blank lines").uid("ltc-model-update-lines")
                .setParallelism(1)
                .map(line -> ModelUpdate.fromJson(line.getBytes(StandardCharsets.UTF_8)))
                .returns(ModelUpdate.class)
                .name("model updates").uid("ltc-model-update-decode")
                .setParallelism(1)
                .assignTimestampsAndWatermarks(ModelUpdate.watermarks())
                .name("model update watermarks").uid("ltc-model-update-file-watermarks")
                .setParallelism(1);
    }

    /**
     * The model updates on {@code cfg}'s model topic, read from its start on a fresh job (the
     * topic is the log of the job's models; a restored job goes on from its savepoint's offsets),
     * read committed, by one reader. A record that is no update becomes one with the reason, which
     * the operator rejects; the stream never holds back event time.
     */
    static DataStream<ModelUpdate> modelTopic(StreamExecutionEnvironment env, JobConfig cfg) {
        KafkaSource<ModelUpdate> source = KafkaSource.<ModelUpdate>builder()
                .setBootstrapServers(cfg.bootstrap())
                .setTopics(cfg.modelTopic())
                .setGroupId(cfg.groupId() + "-models")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new ModelUpdateDeserializer())
                .setProperty("isolation.level", "read_committed")
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
        return env.fromSource(source, ModelUpdate.watermarks(), "kafka: " + cfg.modelTopic())
                .uid("ltc-model-update-source")
                .setParallelism(1);
    }

    /** A model-update record's value as an update; never fails (see {@link ModelUpdate#fromJson}). */
    static final class ModelUpdateDeserializer
            implements KafkaRecordDeserializationSchema<ModelUpdate> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record,
                Collector<ModelUpdate> out) {
            out.collect(ModelUpdate.fromJson(record.value()));
        }

        @Override
        public TypeInformation<ModelUpdate> getProducedType() {
            return TypeInformation.of(ModelUpdate.class);
        }
    }

    /**
     * The job's input: a Kafka source of {@code cfg}'s input topic and consumer group, decoding
     * into envelopes that never fail the job, with per-partition event-time watermarks (bounded
     * out-of-orderness, idleness). Other jobs on the same topic (the LSTM sidecar) read it the
     * same way with their own group.
     */
    public static DataStream<Envelope> envelopes(StreamExecutionEnvironment env, JobConfig cfg,
            String uid) {
        KafkaSource<Envelope> source = KafkaSource.<Envelope>builder()
                .setBootstrapServers(cfg.bootstrap())
                .setTopics(cfg.inputTopic())
                .setGroupId(cfg.groupId())
                .setStartingOffsets(offsets(cfg.startingOffsets()))
                .setDeserializer(new ReadingDeserializer(cfg.inputFormat()))
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "10000")
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
        long maxAhead = cfg.maxAheadOfClock().toMillis();
        WatermarkStrategy<Envelope> watermarks = WatermarkStrategy
                .<Envelope>forBoundedOutOfOrderness(cfg.outOfOrderness())
                .withTimestampAssigner((e, ts) -> eventTime(e, System.currentTimeMillis(), maxAhead))
                .withIdleness(cfg.idleness());
        return env.fromSource(source, watermarks, "kafka: " + cfg.inputTopic()).uid(uid);
    }

    /**
     * The event time of an envelope: its reading's timestamp, or none ({@link Long#MIN_VALUE})
     * when it has no reading or the timestamp is before the epoch or more than {@code
     * maxAheadMillis} ahead of {@code nowMillis}. Such a timestamp must not reach the watermark
     * (one far-future record would make every later record late) nor a Kafka producer (which
     * refuses it); the operator turns the reading into a dead letter with the reason.
     */
    static long eventTime(Envelope e, long nowMillis, long maxAheadMillis) {
        if (e.reading == null
                || !ReadingValidator.withinClockBound(e.reading.timestamp, nowMillis, maxAheadMillis)) {
            return Long.MIN_VALUE;
        }
        return e.reading.timestamp;
    }

    private static OffsetsInitializer offsets(JobOptions.StartingOffsets start) {
        switch (start) {
            case EARLIEST:
                return OffsetsInitializer.earliest();
            case LATEST:
                return OffsetsInitializer.latest();
            default:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
    }

    /**
     * A Kafka sink with {@code cfg}'s bootstrap servers and delivery guarantee; {@code name} makes
     * its transactional ids unique within the job.
     */
    public static <T> KafkaSink<T> sink(JobConfig cfg, String name,
            KafkaRecordSerializationSchema<T> serializer) {
        Properties p = new Properties();
        // Below the broker's transaction.max.timeout.ms default of 15 minutes.
        p.setProperty("transaction.timeout.ms", "600000");
        p.setProperty("linger.ms", "5");
        return KafkaSink.<T>builder()
                .setBootstrapServers(cfg.bootstrap())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(cfg.exactlyOnce()
                        ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(cfg.transactionalIdPrefix() + "-" + name)
                .setKafkaProducerConfig(p)
                .build();
    }
}
