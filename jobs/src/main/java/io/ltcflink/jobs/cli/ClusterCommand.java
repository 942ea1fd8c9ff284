package io.ltcflink.jobs.cli;

import io.ltcflink.jobs.cluster.LocalFlinkCluster;
import io.ltcflink.jobs.demo.DemoCommandSupport;
import io.ltcflink.jobs.demo.LiveSummary;
import io.ltcflink.jobs.generate.ReadingPublisher;
import io.ltcflink.jobs.generate.SensorStream;
import io.ltcflink.jobs.kafka.StandaloneKafka;
import io.ltcflink.jobs.kafka.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ltc cluster}: proves the job on a real multi-process cluster without Docker: a Kafka
 * broker and a Flink session cluster (one JobManager, two TaskManagers) as separate JVMs, the
 * cluster jar submitted over REST, readings streamed in, forecasts read back, everything stopped.
 */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = "Start Kafka and a Flink session cluster (1 JobManager, 2 TaskManagers) as JVMs, submit ltc-job.jar over REST, stream, check, stop.")
final class ClusterCommand implements Callable<Integer> {

    @Option(names = "--duration", defaultValue = "30s", converter = Durations.class, description = "How long to stream once the job runs (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Mixin ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        Path dir = cluster.workDir("cluster");
        Path jar = cluster.jobJar();
        Path lib = cluster.flinkLib();
        int taskManagers = cluster.taskManagers;
        double rate = cluster.rate;
        Path modelFile = (cluster.model != null ? cluster.model
                : DemoCommandSupport.bundledModel(dir)).toAbsolutePath();
        say("work directory %s", dir);
        try (StandaloneKafka kafka = StandaloneKafka.startChild(dir.resolve("kafka"), 0,
                Duration.ofSeconds(90))) {
            String topic = "cluster-readings";
            kafka.createTopics(2, topic, topic + "-forecasts", topic + "-alerts",
                    topic + "-dead-letters");
            say("Kafka broker at %s", kafka.bootstrap());
            try (LocalFlinkCluster flink = LocalFlinkCluster.start(dir.resolve("flink"), lib,
                    taskManagers, 1, Duration.ofSeconds(120))) {
                say("Flink session cluster at %s: %d processes (JobManager + %d TaskManagers)",
                        flink.restUrl(), flink.aliveProcesses(), taskManagers);
                String jobId = flink.submit(jar, List.of(
                        "--bootstrap", kafka.bootstrap(),
                        "--model", modelFile.toString(),
                        "--input-topic", topic,
                        "--delivery", "exactly-once",
                        "--parallelism", Integer.toString(taskManagers),
                        "--starting-offsets", "earliest",
                        "--checkpoint-interval", "3s",
                        "--checkpoint-dir", dir.resolve("checkpoints").toUri().toString()));
                say("submitted %s over REST as job %s", jar.getFileName(), jobId);
                LiveSummary summary = new LiveSummary(kafka.bootstrap(), topic + "-forecasts",
                        topic + "-alerts", topic + "-dead-letters", List.of(), 1000);
                Thread summaryThread = new Thread(summary, "cluster-summary");
                summaryThread.setDaemon(true);
                summaryThread.start();
                SensorStream stream = new SensorStream(new SensorStream.Settings("lorenz", 20, 0.05,
                        0.3, 0.2, 0, 5, 0.01, 300, 0.01, 0.005, 3, System.currentTimeMillis(), 1000.0),
                        summary::injected);
                ReadingPublisher publisher = new ReadingPublisher(kafka.bootstrap(), topic,
                        WireFormat.AVRO, stream, rate, 0, duration.toMillis());
                publisher.run();
                long end = System.nanoTime() + 30_000_000_000L;
                while (summary.forecasts() + summary.deadLetters() < publisher.sent()
                        && System.nanoTime() < end) {
                    Thread.sleep(1000);
                }
                String state = flink.jobState(jobId);
                int used = flink.taskManagersUsed(jobId);
                say("job %s is %s on %d TaskManager(s); %d readings sent, %d forecasts, %d dead"
                                + " letters, %d alerts", jobId, state, used, publisher.sent(),
                        summary.forecasts(), summary.deadLetters(), summary.alerts().size());
                flink.cancel(jobId);
                summary.stop();
                if (summary.forecasts() == 0 || !"RUNNING".equals(state)) {
                    say("FAILED: the cluster produced no forecasts or the job is not running; logs in %s", dir);
                    return 1;
                }
                say("OK: the job ran on a multi-process cluster and every reading came back"
                        + " (%d of %d)", summary.forecasts() + summary.deadLetters(), publisher.sent());
            }
        }
        return 0;
    }

    private static void say(String template, Object... args) {
        System.out.printf("[cluster] " + template + "%n", args);
        System.out.flush();
    }
}
