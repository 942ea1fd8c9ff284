package io.ltcflink.jobs.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of {@code ltc-job.jar} for {@code flink run} and REST submission: arguments are
 * {@code --key value} pairs with the keys of {@link JobConfig} (and {@code --config FILE}). The
 * cluster's configuration decides state backend and checkpointing unless the job sets them.
 */
public final class ClusterMain {

    private ClusterMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --key value pairs but found '" + a + "'");
            }
            String key = a.substring(2);
            String value = args[++i];
            if (key.equals("config")) {
                file = Path.of(value);
            } else {
                flags.put(key, value);
            }
        }
        JobConfig cfg = JobConfig.of(file, flags);
        List<String> problems = cfg.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the job configuration has " + problems.size()
                    + " problem(s):\n  - " + String.join("\n  - ", problems));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                KafkaAnomalyJob.flinkConfiguration(cfg));
        KafkaAnomalyJob.build(env, cfg);
        env.execute("ltc anomaly job");
    }
}
