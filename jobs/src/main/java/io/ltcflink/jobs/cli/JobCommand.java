package io.ltcflink.jobs.cli;

import static io.ltcflink.jobs.kafka.JobOptions.ALERT_COOL_DOWN;
import static io.ltcflink.jobs.kafka.JobOptions.ALERT_THRESHOLD;
import static io.ltcflink.jobs.kafka.JobOptions.ALERT_TOPIC;
import static io.ltcflink.jobs.kafka.JobOptions.CLEAR_THRESHOLD;
import static io.ltcflink.jobs.kafka.JobOptions.DEAD_LETTER_TOPIC;
import static io.ltcflink.jobs.kafka.JobOptions.FORECAST_TOPIC;
import static io.ltcflink.jobs.kafka.JobOptions.GROUP_ID;
import static io.ltcflink.jobs.kafka.JobOptions.LONG_GAP;
import static io.ltcflink.jobs.kafka.JobOptions.MAX_GAP;
import static io.ltcflink.jobs.kafka.JobOptions.MODEL;
import static io.ltcflink.jobs.kafka.JobOptions.MODEL_TOPIC;
import static io.ltcflink.jobs.kafka.JobOptions.MODEL_UPDATES_DIR;
import static io.ltcflink.jobs.kafka.JobOptions.MODEL_UPDATES_INTERVAL;
import static io.ltcflink.jobs.kafka.JobOptions.NUMERIC_MODE;
import static io.ltcflink.jobs.kafka.JobOptions.OUT_OF_ORDER;
import static io.ltcflink.jobs.kafka.JobOptions.SWAP_POLICY;

import io.ltcflink.jobs.kafka.JobConfig;
import io.ltcflink.jobs.kafka.KafkaAnomalyJob;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin KafkaJobOptions kafka;

    @Option(names = "--model", paramLabel = "MODEL") String model;
    @Option(names = "--model-topic", paramLabel = "T",
            description = "Model updates while the job runs, one JSON object per record:"
                    + " {\"model\":\"id\",\"path\":\"...\",\"effective\":epochMs,\"policy\":\"reset|carry|carry-warm\"}"
                    + " (only path required).")
    String modelTopic;
    @Option(names = "--model-updates-dir", paramLabel = "DIR",
            description = "A folder watched for files of model updates, one JSON object per line"
                    + " as on --model-topic; files named .* or _* are skipped (write, then rename).")
    String modelUpdatesDir;
    @Option(names = "--model-updates-interval", paramLabel = "D",
            description = "How often --model-updates-dir is listed (default 5s).")
    String modelUpdatesInterval;
    @Option(names = "--swap-policy", paramLabel = "reset|carry|carry-warm",
            description = "At a model switch whose update names no policy: reset the key, carry"
                    + " its state over when the models' state layouts match, or carry-warm (carry,"
                    + " with its anomaly statistics started afresh) (default reset).")
    String swapPolicy;
    @Option(names = "--forecast-topic", paramLabel = "F", description = "Default: <input>-forecasts.") String forecastTopic;
    @Option(names = "--alert-topic", paramLabel = "A", description = "Default: <input>-alerts.") String alertTopic;
    @Option(names = "--dead-letter-topic", paramLabel = "D", description = "Default: <input>-dead-letters.") String deadLetterTopic;
    @Option(names = "--group-id") String groupId;
    @Option(names = "--out-of-order", paramLabel = "arrival|event-time") String outOfOrder;
    @Option(names = "--max-gap", paramLabel = "D") String maxGap;
    @Option(names = "--long-gap", paramLabel = "reset|keep") String longGap;
    @Option(names = "--numeric-mode", paramLabel = "exact|fast",
            description = "The LTC's sigmoid evaluation (default: the model file's).")
    String numericMode;
    @Option(names = "--alert-threshold") String alertThreshold;
    @Option(names = "--clear-threshold") String clearThreshold;
    @Option(names = "--alert-cool-down", paramLabel = "D") String alertCoolDown;

    /** The flags that were given, by their config key. */
    Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        kafka.putInto(f);
        f.put(MODEL.key(), model);
        f.put(MODEL_TOPIC.key(), modelTopic);
        f.put(MODEL_UPDATES_DIR.key(), modelUpdatesDir);
        f.put(MODEL_UPDATES_INTERVAL.key(), modelUpdatesInterval);
        f.put(SWAP_POLICY.key(), swapPolicy);
        f.put(FORECAST_TOPIC.key(), forecastTopic);
        f.put(ALERT_TOPIC.key(), alertTopic);
        f.put(DEAD_LETTER_TOPIC.key(), deadLetterTopic);
        f.put(GROUP_ID.key(), groupId);
        f.put(OUT_OF_ORDER.key(), outOfOrder);
        f.put(MAX_GAP.key(), maxGap);
        f.put(LONG_GAP.key(), longGap);
        f.put(NUMERIC_MODE.key(), numericMode);
        f.put(ALERT_THRESHOLD.key(), alertThreshold);
        f.put(CLEAR_THRESHOLD.key(), clearThreshold);
        f.put(ALERT_COOL_DOWN.key(), alertCoolDown);
        return f;
    }

    @Override
    public Integer call() throws Exception {
        JobConfig cfg = JobConfig.of(kafka.config, flags()).requireValid("job");
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
