package io.ltcflink.jobs.sidecar;

import io.ltcflink.flink.ModelLoader;
import io.ltcflink.jobs.kafka.JobConfig;
import io.ltcflink.jobs.kafka.JobOptions;
import io.ltcflink.jobs.kafka.KafkaAnomalyJob;
import io.ltcflink.jobs.kafka.OutputSerializers;
import io.ltcflink.jobs.kafka.WireFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The LSTM sidecar as a Kafka job: it reads the anomaly job's input topic with its own consumer
 * group, runs {@link SidecarJob}'s topology and writes forecasts (the same ForecastEvent form,
 * Avro or JSON, with each model's id) and dead letters to its own topics. Configured with the
 * anomaly job's {@link JobOptions}; {@link #withSidecarDefaults} gives the sidecar its own
 * defaults.
 */
public final class KafkaSidecarJob {

    /** Default consumer group, distinct from the anomaly job's so both read every record. */
    public static final String GROUP_ID = "ltc-lstm-sidecar";

    private KafkaSidecarJob() {}

    /**
     * The job configuration from {@code file} and {@code flags} as {@link JobConfig#of} reads it,
     * with {@link #withSidecarDefaults the sidecar's own defaults}.
     */
    public static JobConfig config(Path file, Map<String, String> flags) throws IOException {
        return withSidecarDefaults(JobConfig.of(file, flags));
    }

    /**
     * {@code cfg} with the sidecar's own defaults where it sets no value: topics {@code
     * <input>-lstm-forecasts}, {@code <input>-lstm-alerts} and {@code <input>-lstm-dead-letters},
     * group {@value #GROUP_ID}, transactional ids {@code ltc-lstm-sidecar}. The anomaly job's
     * default group and prefix count as unset: sharing them would split the topic between the two
     * jobs.
     */
    public static JobConfig withSidecarDefaults(JobConfig cfg) {
        JobConfig.Builder b = cfg.toBuilder();
        String input = cfg.inputTopic();
        if (input != null) {
            setIfUnset(cfg, b, JobOptions.FORECAST_TOPIC, input + "-lstm-forecasts");
            setIfUnset(cfg, b, JobOptions.DEAD_LETTER_TOPIC, input + "-lstm-dead-letters");
            setIfUnset(cfg, b, JobOptions.ALERT_TOPIC, input + "-lstm-alerts");
        }
        if (JobOptions.GROUP_ID.defaultValue().equals(cfg.groupId())) {
            b.set(JobOptions.GROUP_ID, GROUP_ID);
        }
        if (JobOptions.TRANSACTIONAL_ID_PREFIX.defaultValue().equals(
                cfg.transactionalIdPrefix())) {
            b.set(JobOptions.TRANSACTIONAL_ID_PREFIX, GROUP_ID);
        }
        return b.build();
    }

    private static void setIfUnset(JobConfig cfg, JobConfig.Builder b,
            ConfigOption<String> topic, String value) {
        String v = cfg.get(topic);
        if (v == null || v.isBlank()) {
            b.set(topic, value);
        }
    }

    /** The operator configuration of the job's model, with the given window (0: the model's). */
    public static SidecarConfig sidecarConfig(JobConfig cfg, int window, boolean measureCpuTime) {
        SidecarConfig.Builder b = SidecarConfig.builder(cfg.model())
                .window(window)
                .dataTimeUnit(cfg.dataTimeUnit())
                .maxAheadOfClock(cfg.maxAheadOfClock())
                .measureCpuTime(measureCpuTime)
                .uidPrefix("lstm");
        if (cfg.stateTtl() != null) {
            b.stateTtl(cfg.stateTtl());
        }
        return b.build();
    }

    /**
     * Adds the job to {@code env} with the given models (each with its own uid prefix); call
     * {@code env.execute} or {@code executeAsync} after.
     */
    public static void build(StreamExecutionEnvironment env, JobConfig cfg,
            List<SidecarConfig> models) throws IOException {
        env.setParallelism(cfg.parallelism());
        // Key groups are fixed for the life of the state: set, never derived from the parallelism.
        env.setMaxParallelism(cfg.maxParallelism());
        SidecarJob.Outputs out = SidecarJob.buildPipeline(
                KafkaAnomalyJob.envelopes(env, cfg, "lstm-kafka-source"), models,
                cfg.inputFormat());
        WireFormat f = cfg.outputFormat();
        for (int i = 0; i < models.size(); i++) {
            SidecarConfig m = models.get(i);
            String modelId = ModelLoader.load(m.modelLocation()).id();
            out.forecasts().get(i)
                    .sinkTo(KafkaAnomalyJob.sink(cfg, "forecasts-" + m.uidPrefix(),
                            OutputSerializers.forecasts(cfg.forecastTopic(), f, modelId)))
                    .name("kafka: " + cfg.forecastTopic() + " (" + m.uidPrefix() + ")")
                    .uid(m.uidPrefix() + "-forecast-sink");
        }
        out.deadLetters()
                .sinkTo(KafkaAnomalyJob.sink(cfg, "dead-letters",
                        OutputSerializers.deadLetters(cfg.deadLetterTopic(), f)))
                .name("kafka: " + cfg.deadLetterTopic())
                .uid("lstm-dead-letter-sink");
    }
}
