package io.ltcflink.jobs.sidecar;

import io.ltcflink.flink.ModelLoader;
import io.ltcflink.jobs.kafka.JobConfig;
import io.ltcflink.jobs.kafka.KafkaAnomalyJob;
import io.ltcflink.jobs.kafka.OutputSerializers;
import io.ltcflink.jobs.kafka.WireFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The LSTM sidecar as a Kafka job: it reads the anomaly job's input topic with its own consumer
 * group, runs {@link SidecarJob}'s topology and writes forecasts (the same ForecastEvent form,
 * Avro or JSON, with each model's id) and dead letters to its own topics. Configured with the
 * anomaly job's {@link JobConfig} keys; {@link #config} gives the sidecar its own defaults.
 */
public final class KafkaSidecarJob {

    /** Default consumer group, distinct from the anomaly job's so both read every record. */
    public static final String GROUP_ID = "ltc-lstm-sidecar";

    private KafkaSidecarJob() {}

    /**
     * The job configuration from {@code file} and {@code flags} as {@link JobConfig#of} reads it,
     * with the sidecar's own defaults where neither sets a value: topics {@code
     * <input>-lstm-forecasts} and {@code <input>-lstm-dead-letters}, group {@value #GROUP_ID},
     * transactional ids {@code ltc-lstm-sidecar}. The anomaly job's default group and prefix count
     * as unset: sharing them would split the topic between the two jobs.
     */
    public static JobConfig config(Path file, Map<String, String> flags) throws IOException {
        JobConfig first = JobConfig.of(file, flags);
        Map<String, String> f = new LinkedHashMap<>(flags);
        String input = first.get("input-topic");
        if (input != null) {
            putIfUnset(first, f, "forecast-topic", input + "-lstm-forecasts");
            putIfUnset(first, f, "dead-letter-topic", input + "-lstm-dead-letters");
            putIfUnset(first, f, "alert-topic", input + "-lstm-alerts");
        }
        if (JobConfig.DEFAULTS.get("group-id").equals(first.get("group-id"))) {
            f.put("group-id", GROUP_ID);
        }
        if (JobConfig.DEFAULTS.get("transactional-id-prefix")
                .equals(first.get("transactional-id-prefix"))) {
            f.put("transactional-id-prefix", GROUP_ID);
        }
        return JobConfig.of(file, f);
    }

    private static void putIfUnset(JobConfig cfg, Map<String, String> flags, String key,
            String value) {
        if (cfg.get(key) == null || cfg.get(key).isBlank()) {
            flags.put(key, value);
        }
    }

    /** The operator configuration of the job's model, with the given window (0: the model's). */
    public static SidecarConfig sidecarConfig(JobConfig cfg, int window, boolean measureCpuTime) {
        SidecarConfig.Builder b = SidecarConfig.builder(cfg.model())
                .window(window)
                .dataTimeUnit(cfg.modelTimeUnit())
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
