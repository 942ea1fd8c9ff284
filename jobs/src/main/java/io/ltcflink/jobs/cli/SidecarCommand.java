package io.ltcflink.jobs.cli;

import io.ltcflink.jobs.kafka.JobConfig;
import io.ltcflink.jobs.kafka.KafkaAnomalyJob;
import io.ltcflink.jobs.sidecar.KafkaSidecarJob;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
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

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file with the same keys as the flags (flags win).")
    Path config;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT") String bootstrap;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "A windowed model (trained by the benchmark, or any LSTM with --window).")
    String model;

    @Option(names = "--window", defaultValue = "0", paramLabel = "W",
            description = "Readings per forecast (default: the model's own).")
    int window;

    @Option(names = "--input-topic", paramLabel = "T") String inputTopic;
    @Option(names = "--input-format", paramLabel = "avro|json") String inputFormat;
    @Option(names = "--output-format", paramLabel = "avro|json") String outputFormat;
    @Option(names = "--forecast-topic", paramLabel = "F",
            description = "Default: <input>-lstm-forecasts.") String forecastTopic;
    @Option(names = "--dead-letter-topic", paramLabel = "D",
            description = "Default: <input>-lstm-dead-letters.") String deadLetterTopic;
    @Option(names = "--delivery", paramLabel = "at-least-once|exactly-once") String delivery;
    @Option(names = "--group-id", description = "Default: ltc-lstm-sidecar.") String groupId;
    @Option(names = "--starting-offsets", paramLabel = "earliest|latest|committed")
    String startingOffsets;
    @Option(names = "--parallelism") String parallelism;
    @Option(names = "--state-backend", paramLabel = "rocksdb|hashmap") String stateBackend;
    @Option(names = "--checkpoint-interval", paramLabel = "D") String checkpointInterval;
    @Option(names = "--checkpoint-dir", paramLabel = "URI") String checkpointDir;
    @Option(names = "--out-of-orderness", paramLabel = "D") String outOfOrderness;
    @Option(names = "--idleness", paramLabel = "D") String idleness;
    @Option(names = "--time-unit", paramLabel = "ms|s|min") String timeUnit;
    @Option(names = "--state-ttl", paramLabel = "D") String stateTtl;
    @Option(names = "--measure-cpu", description = "Put each forecast's CPU time in cpuNanos.")
    boolean measureCpu;
    @Option(names = "--transactional-id-prefix") String transactionalIdPrefix;

    Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("bootstrap", bootstrap);
        f.put("model", model);
        f.put("input-topic", inputTopic);
        f.put("input-format", inputFormat);
        f.put("output-format", outputFormat);
        f.put("forecast-topic", forecastTopic);
        f.put("dead-letter-topic", deadLetterTopic);
        f.put("delivery", delivery);
        f.put("group-id", groupId);
        f.put("starting-offsets", startingOffsets);
        f.put("parallelism", parallelism);
        f.put("state-backend", stateBackend);
        f.put("checkpoint-interval", checkpointInterval);
        f.put("checkpoint-dir", checkpointDir);
        f.put("out-of-orderness", outOfOrderness);
        f.put("idleness", idleness);
        f.put("time-unit", timeUnit);
        f.put("state-ttl", stateTtl);
        f.put("transactional-id-prefix", transactionalIdPrefix);
        return f;
    }

    @Override
    public Integer call() throws Exception {
        JobConfig cfg = KafkaSidecarJob.config(config, flags());
        List<String> problems = cfg.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the sidecar configuration has " + problems.size()
                    + " problem(s):\n  - " + String.join("\n  - ", problems));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                cfg.parallelism(), KafkaAnomalyJob.flinkConfiguration(cfg));
        KafkaSidecarJob.build(env, cfg,
                List.of(KafkaSidecarJob.sidecarConfig(cfg, window, measureCpu)));
        System.err.printf("LSTM sidecar: %s (group %s) -> %s, %s (%s, %s)%n", cfg.inputTopic(),
                cfg.groupId(), cfg.forecastTopic(), cfg.deadLetterTopic(),
                cfg.exactlyOnce() ? "exactly-once" : "at-least-once", cfg.stateBackend());
        env.execute("ltc LSTM sidecar");
        return 0;
    }
}
