package io.ltcflink.jobs.cli;

import static io.ltcflink.jobs.kafka.JobOptions.DEAD_LETTER_TOPIC;
import static io.ltcflink.jobs.kafka.JobOptions.FORECAST_TOPIC;
import static io.ltcflink.jobs.kafka.JobOptions.GROUP_ID;
import static io.ltcflink.jobs.kafka.JobOptions.MODEL;

import io.ltcflink.jobs.kafka.JobConfig;
import io.ltcflink.jobs.kafka.KafkaAnomalyJob;
import io.ltcflink.jobs.sidecar.KafkaSidecarJob;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ltc sidecar}: the LSTM sidecar job on a local MiniCluster, beside the anomaly job on the
 * same input topic: its own consumer group, its own forecast and dead-letter topics.
 */
@Command(
        name = "sidecar",
        mixinStandardHelpOptions = true,
        description = "Run the windowed-LSTM sidecar job on the anomaly job's input topic (its own"
                + " group; forecasts and dead letters to its own topics) on a local MiniCluster.")
final class SidecarCommand implements Callable<Integer> {

    @Mixin KafkaJobOptions kafka;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "A windowed model (trained by the benchmark, or any LSTM with --window).")
    String model;

    @Option(names = "--window", defaultValue = "0", paramLabel = "W",
            description = "Readings per forecast (default: the model's own).")
    int window;

    @Option(names = "--forecast-topic", paramLabel = "F",
            description = "Default: <input>-lstm-forecasts.") String forecastTopic;
    @Option(names = "--dead-letter-topic", paramLabel = "D",
            description = "Default: <input>-lstm-dead-letters.") String deadLetterTopic;
    @Option(names = "--group-id", description = "Default: ltc-lstm-sidecar.") String groupId;

    Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        kafka.putInto(f);
        f.put(MODEL.key(), model);
        f.put(FORECAST_TOPIC.key(), forecastTopic);
        f.put(DEAD_LETTER_TOPIC.key(), deadLetterTopic);
        f.put(GROUP_ID.key(), groupId);
        return f;
    }

    @Override
    public Integer call() throws Exception {
        JobConfig cfg = KafkaSidecarJob.config(kafka.config, flags()).requireValid("sidecar");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                cfg.parallelism(), KafkaAnomalyJob.flinkConfiguration(cfg));
        KafkaSidecarJob.build(env, cfg,
                List.of(KafkaSidecarJob.sidecarConfig(cfg, window, cfg.measureCpu())));
        System.err.printf("LSTM sidecar: %s (group %s) -> %s, %s (%s, %s)%n", cfg.inputTopic(),
                cfg.groupId(), cfg.forecastTopic(), cfg.deadLetterTopic(),
                cfg.exactlyOnce() ? "exactly-once" : "at-least-once", cfg.stateBackend());
        env.execute("ltc LSTM sidecar");
        return 0;
    }
}
