package io.ltcflink.jobs.kafka;

import io.ltcflink.jobs.sidecar.KafkaSidecarJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of {@code ltc-job.jar} for {@code flink run} and REST submission: arguments are
 * {@code --key value} pairs with the keys of {@link JobOptions} (and {@code --config FILE}), plus
 * {@code --job anomaly|sidecar} (default anomaly) and, for the LSTM sidecar, {@code --window W}
 * (default: the model's own). The cluster's configuration decides state backend and
 * checkpointing unless the job sets them.
 */
public final class ClusterMain {

    private ClusterMain() {}

    public static void main(String[] args) throws Exception {
        Plan plan = Plan.parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                KafkaAnomalyJob.flinkConfiguration(plan.config()));
        env.execute(plan.build(env));
    }

    /**
     * The job that the arguments describe: the anomaly job or the LSTM sidecar, its validated
     * configuration and (sidecar) window.
     */
    public record Plan(JobConfig config, boolean sidecar, int window) {

        /** @throws IllegalArgumentException listing every problem with {@code args} */
        public static Plan parse(String[] args) throws IOException {
            Map<String, String> flags = new LinkedHashMap<>();
            Path file = null;
            String job = "anomaly";
            int window = 0;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException(
                            "expected --key value pairs but found '" + a + "'");
                }
                String key = a.substring(2);
                String value = args[++i];
                switch (key) {
                    case "config":
                        file = Path.of(value);
                        break;
                    case "job":
                        job = value;
                        break;
                    case "window":
                        window = parseWindow(value);
                        break;
                    default:
                        flags.put(key, value);
                }
            }
            if (!job.equals("anomaly") && !job.equals("sidecar")) {
                throw new IllegalArgumentException("--job must be anomaly or sidecar: " + job);
            }
            boolean sidecar = job.equals("sidecar");
            JobConfig cfg = sidecar ? KafkaSidecarJob.config(file, flags)
                    : JobConfig.of(file, flags);
            return new Plan(cfg.requireValid(sidecar ? "sidecar" : "job"), sidecar, window);
        }

        /** Adds the job to {@code env}; returns its name. */
        public String build(StreamExecutionEnvironment env) throws IOException {
            if (sidecar) {
                KafkaSidecarJob.build(env, config,
                        List.of(KafkaSidecarJob.sidecarConfig(config, window,
                                config.measureCpu())));
                return "ltc LSTM sidecar";
            }
            KafkaAnomalyJob.build(env, config);
            return "ltc anomaly job";
        }
    }

    private static int parseWindow(String value) {
        try {
            int w = Integer.parseInt(value);
            if (w >= 1) {
                return w;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--window must be a positive integer: " + value);
    }
}
