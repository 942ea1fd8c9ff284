package io.ltcflink.jobs.cli;

import io.ltcflink.jobs.kafka.JobConfig;
import io.ltcflink.jobs.kafka.KafkaAnomalyJob;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltc job}: the Kafka anomaly job on a local MiniCluster (RocksDB, incremental
 * checkpoints). The same job runs on a cluster from {@code ltc-job.jar}.
 */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description = "Run the Kafka anomaly job (readings in; forecasts, alerts, dead letters out) on a local MiniCluster.")
final class JobCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file with the same keys as the flags (flags win).")
    Path config;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT") String bootstrap;
    @Option(names = "--model", paramLabel = "MODEL") String model;
    @Option(names = "--input-topic", paramLabel = "T") String inputTopic;
    @Option(names = "--input-format", paramLabel = "avro|json") String inputFormat;
    @Option(names = "--output-format", paramLabel = "avro|json") String outputFormat;
    @Option(names = "--forecast-topic", paramLabel = "F", description = "Default: <input>-forecasts.") String forecastTopic;
    @Option(names = "--alert-topic", paramLabel = "A", description = "Default: <input>-alerts.") String alertTopic;
    @Option(names = "--dead-letter-topic", paramLabel = "D", description = "Default: <input>-dead-letters.") String deadLetterTopic;
    @Option(names = "--delivery", paramLabel = "at-least-once|exactly-once") String delivery;
    @Option(names = "--group-id") String groupId;
    @Option(names = "--starting-offsets", paramLabel = "earliest|latest|committed") String startingOffsets;
    @Option(names = "--parallelism") String parallelism;
    @Option(names = "--state-backend", paramLabel = "rocksdb|hashmap") String stateBackend;
    @Option(names = "--checkpoint-interval", paramLabel = "D") String checkpointInterval;
    @Option(names = "--checkpoint-dir", paramLabel = "URI") String checkpointDir;
    @Option(names = "--out-of-orderness", paramLabel = "D", description = "Watermarks' bounded out-of-orderness.") String outOfOrderness;
    @Option(names = "--idleness", paramLabel = "D", description = "A partition silent this long does not hold back event time.") String idleness;
    @Option(names = "--time-unit", paramLabel = "ms|s|min") String timeUnit;
    @Option(names = "--out-of-order", paramLabel = "arrival|event-time") String outOfOrder;
    @Option(names = "--max-gap", paramLabel = "D") String maxGap;
    @Option(names = "--long-gap", paramLabel = "reset|keep") String longGap;
    @Option(names = "--state-ttl", paramLabel = "D") String stateTtl;
    @Option(names = "--numeric-mode", paramLabel = "exact|fast",
            description = "The LTC's sigmoid evaluation (default: the model file's).")
    String numericMode;
    @Option(names = "--measure-cpu",
            description = "Put each forecast's thread CPU time in cpuNanos (for ltc compare).")
    boolean measureCpu;
    @Option(names = "--alert-threshold") String alertThreshold;
    @Option(names = "--clear-threshold") String clearThreshold;
    @Option(names = "--alert-cool-down", paramLabel = "D") String alertCoolDown;
    @Option(names = "--transactional-id-prefix") String transactionalIdPrefix;

    /** The flags that were given, by their config key. */
    Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("bootstrap", bootstrap);
        f.put("model", model);
        f.put("input-topic", inputTopic);
        f.put("input-format", inputFormat);
        f.put("output-format", outputFormat);
        f.put("forecast-topic", forecastTopic);
        f.put("alert-topic", alertTopic);
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
        f.put("out-of-order", outOfOrder);
        f.put("max-gap", maxGap);
        f.put("long-gap", longGap);
        f.put("state-ttl", stateTtl);
        f.put("numeric-mode", numericMode);
        f.put("measure-cpu", measureCpu ? "true" : null);
        f.put("alert-threshold", alertThreshold);
        f.put("clear-threshold", clearThreshold);
        f.put("alert-cool-down", alertCoolDown);
        f.put("transactional-id-prefix", transactionalIdPrefix);
        return f;
    }

    @Override
    public Integer call() throws Exception {
        JobConfig cfg = JobConfig.of(config, flags());
        List<String> problems = cfg.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the job configuration has " + problems.size()
                    + " problem(s):\n  - " + String.join("\n  - ", problems));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                cfg.parallelism(), KafkaAnomalyJob.flinkConfiguration(cfg));
        KafkaAnomalyJob.build(env, cfg);
        System.err.printf("anomaly job: %s -> %s, %s, %s (%s, %s)%n", cfg.inputTopic(),
                cfg.forecastTopic(), cfg.alertTopic(), cfg.deadLetterTopic(),
                cfg.exactlyOnce() ? "exactly-once" : "at-least-once", cfg.stateBackend());
        env.execute("ltc anomaly job");
        return 0;
    }
}
