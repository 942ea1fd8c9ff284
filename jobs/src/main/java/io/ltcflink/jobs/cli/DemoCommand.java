package io.ltcflink.jobs.cli;

import io.ltcflink.jobs.demo.DemoCommandSupport;
import io.ltcflink.jobs.demo.DemoReport;
import io.ltcflink.jobs.demo.LiveSummary;
import io.ltcflink.jobs.generate.ReadingPublisher;
import io.ltcflink.jobs.generate.SensorStream;
import io.ltcflink.jobs.kafka.JobConfig;
import io.ltcflink.jobs.kafka.JobOptions;
import io.ltcflink.jobs.kafka.JobOptions.Delivery;
import io.ltcflink.jobs.kafka.KafkaAnomalyJob;
import io.ltcflink.jobs.kafka.StandaloneKafka;
import io.ltcflink.jobs.kafka.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltc demo}: the whole pipeline on one machine with nothing installed: a real KRaft broker
 * (child JVM), topics, the generator, the anomaly job on a local MiniCluster with RocksDB and
 * checkpoints, a live summary, and a report with plots at the end.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the embedded demo: Kafka broker, sensor generator, LTC anomaly job, live summary, report.")
final class DemoCommand implements Callable<Integer> {

    /**
     * Sampling periods at each sensor's start without injected anomalies: a key raises no alert
     * while its scorer warms up (30 records, about 38 periods at 20 % drops), so an anomaly there
     * could not be caught.
     */
    static final double ANOMALY_LEAD_IN = 50;

    @Option(names = "--duration", defaultValue = "60s", converter = Durations.class, description = "How long to stream (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--sensors", defaultValue = "50")
    int sensors;

    @Option(names = "--rate", defaultValue = "200", description = "Readings per second over all sensors (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--system", defaultValue = "lorenz")
    String system;

    @Option(names = "--period", defaultValue = "0.05", description = "Sampling period in model seconds (the bundled model's; default ${DEFAULT-VALUE}).")
    double period;

    @Option(names = "--jitter", defaultValue = "0.3")
    double jitter;

    @Option(names = "--drop-rate", defaultValue = "0.2")
    double dropRate;

    @Option(names = "--anomalies", defaultValue = "300", paramLabel = "PERIODS", description = "One injected anomaly per sensor every PERIODS periods (default ${DEFAULT-VALUE}).")
    double anomalyEvery;

    @Option(names = "--model", paramLabel = "MODEL", description = "Model file (default: the bundled Lorenz LTC).")
    Path model;

    @Option(names = "--delivery", defaultValue = "at-least-once",
            paramLabel = "at-least-once|exactly-once", converter = DeliveryName.class)
    Delivery delivery;

    @Option(names = "--parallelism", defaultValue = "2")
    int parallelism;

    @Option(names = "--out", defaultValue = "ltc-demo-report", paramLabel = "DIR",
            description = "Where the report goes (default ${DEFAULT-VALUE}).")
    Path reportDir;

    /** The older spelling of {@code --out}. */
    @Option(names = "--report", hidden = true, preprocessor = OldSpelling.class)
    String oldReport;

    @Option(names = "--summary-every", defaultValue = "5s", converter = Durations.class)
    Duration summaryEvery;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("ltc-demo");
        Path modelFile = model != null ? model : DemoCommandSupport.bundledModel(work);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            run(work, modelFile, stop);
        } finally {
            done.countDown();
        }
        return 0;
    }

    private void run(Path work, Path modelFile, CountDownLatch stop) throws Exception {
        say("starting a Kafka broker (KRaft, child JVM) ...");
        try (StandaloneKafka kafka = StandaloneKafka.startChild(work.resolve("kafka"), 0,
                Duration.ofSeconds(90))) {
            String topic = "sensor-readings";
            JobConfig cfg = DemoCommandSupport.jobConfig(kafka.bootstrap(), modelFile, topic,
                    delivery, parallelism, work);
            kafka.createTopics(4, topic);
            kafka.createTopics(2, cfg.forecastTopic(), cfg.alertTopic(), cfg.deadLetterTopic());
            say("broker %s; topics %s -> %s, %s, %s", kafka.bootstrap(), topic,
                    cfg.forecastTopic(), cfg.alertTopic(), cfg.deadLetterTopic());

            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                    parallelism, KafkaAnomalyJob.flinkConfiguration(cfg));
            KafkaAnomalyJob.build(env, cfg);
            JobClient job = env.executeAsync("ltc demo anomaly job");
            say("anomaly job %s running on a local MiniCluster (RocksDB, checkpoints every %d s)",
                    job.getJobID(), DemoCommandSupport.CHECKPOINT_INTERVAL.toSeconds());

            SensorStream.Settings s = new SensorStream.Settings(system, sensors, period, jitter,
                    dropRate, 0.0, 5, 0.01, anomalyEvery, 0.01, 0.005, seed,
                    Instant.now().toEpochMilli(), 1000.0, ANOMALY_LEAD_IN);
            List<String> plotted = List.of(SensorStream.sensorId(0), SensorStream.sensorId(1),
                    SensorStream.sensorId(2));
            LiveSummary summary = new LiveSummary(kafka.bootstrap(), cfg.forecastTopic(),
                    cfg.alertTopic(), cfg.deadLetterTopic(), plotted, Math.round(20 * period * 1000));
            SensorStream stream = new SensorStream(s, summary::injected);
            ReadingPublisher publisher = new ReadingPublisher(kafka.bootstrap(), topic,
                    WireFormat.AVRO, stream, rate, 0, duration.toMillis());
            Thread summaryThread = new Thread(summary, "demo-summary");
            Thread publisherThread = new Thread(publisher, "demo-generator");
            summaryThread.setDaemon(true);
            summaryThread.start();
            publisherThread.start();
            say("streaming %d %s sensors at %.0f readings/s, jitter %.0f %%, drops %.0f %%, %s",
                    sensors, system, rate, jitter * 100, dropRate * 100,
                    anomalyEvery > 0 ? "anomalies injected" : "no anomalies");

            long start = System.nanoTime();
            long lastForecasts = 0;
            long lastTick = start;
            while (publisherThread.isAlive()
                    && !stop.await(summaryEvery.toMillis(), TimeUnit.MILLISECONDS)) {
                long now = System.nanoTime();
                long f = summary.forecasts();
                double secs = (now - lastTick) / 1e9;
                say("t=%3.0fs  sent %7d  forecasts %7d (%5.0f/s)  dead letters %4d  alerts %4d"
                                + "  injected %3d, caught %3d",
                        (now - start) / 1e9, publisher.sent(), f, (f - lastForecasts) / secs,
                        summary.deadLetters(), summary.alerts().size(), summary.incidents().size(),
                        summary.caught().size());
                for (LiveSummary.AlertSeen a : summary.drainNewAlerts()) {
                    say("    ALERT %s at %s  score %.4f", a.sensorId(),
                            Instant.ofEpochMilli(a.timestamp()), a.score());
                }
                lastForecasts = f;
                lastTick = now;
            }
            publisher.stop();
            publisherThread.join(10_000);
            if (!publisherThread.isAlive()) {
                summary.underWayAtStop(stream.openIncidents());
            }
            say("stopping: letting the job drain ...");
            long drainEnd = System.nanoTime() + 15_000_000_000L;
            long seen = -1;
            while (System.nanoTime() < drainEnd && summary.forecasts() != seen) {
                seen = summary.forecasts();
                Thread.sleep(2000);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            job.cancel().get(30, TimeUnit.SECONDS);
            summary.stop();
            summaryThread.join(5000);
            if (publisher.failure() != null) {
                say("the generator failed: %s", publisher.failure());
            }
            Path report = DemoReport.write(reportDir, summary, publisher.sent(), seconds,
                    String.format("%d %s sensors, %.0f readings/s, jitter %.2f, drops %.2f,"
                                    + " model %s", sensors, system, rate, jitter, dropRate,
                            modelFile.getFileName()));
            say("done: %d readings, %d forecasts, %d dead letters %s, %d alerts; %d of %d injected"
                            + " anomalies caught. Report: %s", publisher.sent(),
                    summary.forecasts(), summary.deadLetters(), summary.deadLetterCodes(),
                    summary.alerts().size(), summary.caught().size(), summary.incidents().size(),
                    report.toAbsolutePath());
        }
        say("broker stopped");
    }

    /** Reads {@code --delivery} as the job's {@code delivery} setting reads it. */
    static final class DeliveryName implements CommandLine.ITypeConverter<Delivery> {

        @Override
        public Delivery convert(String value) {
            try {
                return JobOptions.named(Delivery.class, value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    private static void say(String template, Object... args) {
        System.out.printf("[demo] " + template + "%n", args);
        System.out.flush();
    }
}
