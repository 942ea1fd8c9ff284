package io.ltcflink.jobs.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltcflink.flink.ModelLoader;
import io.ltcflink.jobs.cluster.LocalFlinkCluster;
import io.ltcflink.jobs.demo.DemoCommandSupport;
import io.ltcflink.jobs.demo.LiveSummary;
import io.ltcflink.jobs.generate.ReadingPublisher;
import io.ltcflink.jobs.generate.SensorStream;
import io.ltcflink.jobs.kafka.JobConfig;
import io.ltcflink.jobs.kafka.JobOptions;
import io.ltcflink.jobs.kafka.StandaloneKafka;
import io.ltcflink.jobs.kafka.WireFormat;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.Callable;

/**
 * The failure drill: the anomaly job, exactly once, on a multi-process cluster (a Kafka broker, a
 * JobManager and TaskManagers as separate JVMs), while generated readings stream in. One
 * TaskManager that runs the job's tasks is killed with SIGKILL and a replacement started; the
 * job recovers from its last checkpoint. It is then stopped with a savepoint and started from it
 * at parallelism 3, stopped again and started at parallelism 1. The stream ends, the job drains
 * and is stopped with a final savepoint, and every committed output is compared with what an
 * uninterrupted engine makes of the same input ({@link ExactlyOnceCheck}).
 */
public final class FailureDrill implements AutoCloseable {

    /** The job's parallelism in its three runs: two rescales. */
    static final int[] PARALLELISMS = {2, 3, 1};
    /** Partitions of the input topic (and the outputs). */
    static final int PARTITIONS = 4;

    /** What to run. */
    public record Settings(Duration duration, double rate, int sensors, int taskManagers,
            int slotsPerTaskManager, Duration checkpointInterval, Duration drainTimeout,
            Path work, Path jobJar, Path flinkLib, Path model, PrintStream log) {

        public Settings {
            if (taskManagers < 2) {
                throw new IllegalArgumentException("--task-managers: at least 2 (one is killed): "
                        + taskManagers);
            }
            int most = 0;
            for (int p : PARALLELISMS) {
                most = Math.max(most, p);
            }
            if (slotsPerTaskManager < 1 || taskManagers * slotsPerTaskManager < most) {
                throw new IllegalArgumentException(String.format("--slots: %s TaskManagers with %s"
                                + " slots each cannot run parallelism %s", taskManagers,
                        slotsPerTaskManager, most));
            }
            if (!(rate > 0) || sensors < 1) {
                throw new IllegalArgumentException(String.format(
                        "--rate and --sensors must be positive: %s, %s", rate, sensors));
            }
        }
    }

    /**
     * Cluster settings for the drill: a job's slots are spread over the TaskManagers (so the
     * kill takes down part of the job, and the survivors' tasks fail over with it); a killed
     * TaskManager is declared lost after two failed heartbeat calls a second apart rather than
     * after the default 50 s timeout; the REST API's metrics are at most a second old.
     */
    private static final Map<String, String> CLUSTER_SETTINGS = Map.of(
            "taskmanager.load-balance.mode", "SLOTS",
            "heartbeat.interval", "1000",
            "heartbeat.timeout", "10000",
            "metrics.fetcher.update-interval", "1000");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(180);

    private final Settings s;
    private final long started = System.nanoTime();
    private final ObjectMapper json = new ObjectMapper();
    private final List<AutoCloseable> open = new ArrayList<>();
    private LiveSummary summary;
    private ReadingPublisher publisher;

    public FailureDrill(Settings settings) {
        this.s = settings;
    }

    /** Runs the drill; returns its report (see the README). */
    public ObjectNode run() throws Exception {
        Path dir = s.work().toAbsolutePath();
        Path model = (s.model() != null ? s.model() : DemoCommandSupport.bundledModel(dir))
                .toAbsolutePath();
        String topic = "drill-readings";
        StandaloneKafka kafka = opened(StandaloneKafka.startChild(dir.resolve("kafka"), 0,
                Duration.ofSeconds(90)));
        kafka.createTopics(PARTITIONS, topic, topic + "-forecasts", topic + "-alerts",
                topic + "-dead-letters");
        say("Kafka broker at %s", kafka.bootstrap());
        LocalFlinkCluster flink = opened(LocalFlinkCluster.start(dir.resolve("flink"),
                s.flinkLib(), s.taskManagers(), s.slotsPerTaskManager(), START_TIMEOUT,
                CLUSTER_SETTINGS));
        say("Flink session cluster at %s: a JobManager and %d TaskManagers with %d slots each",
                flink.restUrl(), s.taskManagers(), s.slotsPerTaskManager());
        JobConfig cfg = DemoCommandSupport.jobConfig(kafka.bootstrap(), model, topic,
                        JobOptions.Delivery.EXACTLY_ONCE, PARALLELISMS[0], dir).toBuilder()
                .set(JobOptions.CHECKPOINT_INTERVAL, s.checkpointInterval())
                .set(JobOptions.GROUP_ID, "ltc-drill")
                .set(JobOptions.TRANSACTIONAL_ID_PREFIX, "ltc-drill")
                .build()
                .requireValid("drill");
        String savepoints = dir.resolve("savepoints").toUri().toString();
        String jarId = flink.upload(s.jobJar());

        summary = new LiveSummary(kafka.bootstrap(), cfg.forecastTopic(), cfg.alertTopic(),
                cfg.deadLetterTopic(), List.of(), 0);
        daemon(summary, "drill-outputs");
        SensorStream stream = new SensorStream(new SensorStream.Settings("lorenz", s.sensors(),
                0.05, 0.3, 0.2, 0, 5, 0.01, 300, 0.01, 0.005, 3, System.currentTimeMillis(),
                1000.0), i -> { });
        publisher = new ReadingPublisher(kafka.bootstrap(), topic, WireFormat.AVRO, stream,
                s.rate(), 0, 0);
        Thread publishing = daemon(publisher, "drill-publisher");
        long streamStart = System.nanoTime();
        say("streaming %d sensors at %.0f readings/s for at least %s", s.sensors(), s.rate(),
                s.duration());

        // Run 1 at parallelism 2, until it has committed output and a quarter of the stream.
        String job = flink.run(jarId, args(cfg, PARALLELISMS[0]), null);
        await("job " + job + " runs all its tasks", () -> flink.allTasksRunning(job));
        await("a completed checkpoint and committed output", () ->
                flink.completedCheckpoints(job) >= 1 && outputs() > 0);
        awaitStreamed(streamStart, 0.25);
        SortedSet<String> hosts = flink.taskManagersOf(job);
        String victim = hosts.first();
        long failuresBefore = flink.failures(job);
        say("job %s at parallelism %d runs on %s; %d outputs committed; killing %s (pid %d)",
                job, PARALLELISMS[0], hosts, outputs(), victim, flink.pid(victim));
        // The survivors' free slots take the job over if they can; a replacement TaskManager
        // starts at once only if they cannot, else after the recovery, for the rescale to 3.
        boolean replaceFirst = (s.taskManagers() - 1) * s.slotsPerTaskManager() < PARALLELISMS[0];
        long killedAt = System.nanoTime();
        long pid = flink.kill(victim);
        String replacement = replaceFirst ? flink.startTaskManager() : null;
        await("job " + job + " recovers", () ->
                flink.failures(job) > failuresBefore && flink.allTasksRunning(job));
        double recovery = seconds(killedAt);
        if (replacement == null) {
            replacement = flink.startTaskManager();
        }
        // The REST API's metrics lag by up to a second (CLUSTER_SETTINGS).
        long restarts = flink.restarts(job);
        for (long end = System.nanoTime() + 10_000_000_000L;
                restarts < 1 && System.nanoTime() < end; restarts = flink.restarts(job)) {
            Thread.sleep(250);
        }
        say("recovered in %.1f s (a failure, %d restart(s), all tasks running again); replacement"
                + " %s started", recovery, restarts, replacement);

        // Runs 2 and 3: stop with a savepoint, start from it at the next parallelism.
        List<String> paths = new ArrayList<>();
        String running = job;
        for (int i = 1; i < PARALLELISMS.length; i++) {
            awaitStreamed(streamStart, 0.25 + 0.25 * i);
            String savepoint = flink.stopWithSavepoint(running, savepoints, STEP_TIMEOUT);
            paths.add(savepoint);
            // The replacement's slots, which the larger parallelism may need.
            flink.awaitSlots(s.taskManagers() * s.slotsPerTaskManager(), START_TIMEOUT);
            String next = flink.run(jarId, args(cfg, PARALLELISMS[i]), savepoint);
            say("stopped %s with savepoint %s; started %s from it at parallelism %d", running,
                    savepoint, next, PARALLELISMS[i]);
            await("job " + next + " runs all its tasks", () -> flink.allTasksRunning(next));
            await("a checkpoint of job " + next, () -> flink.completedCheckpoints(next) >= 1);
            running = next;
        }

        // The end of the stream, the drain, and a last savepoint that commits everything.
        awaitStreamed(streamStart, 1.0);
        publisher.stop();
        publishing.join(30_000);
        if (publisher.failure() != null) {
            throw new IllegalStateException("publishing readings failed", publisher.failure());
        }
        double streamSeconds = seconds(streamStart);
        long sent = publisher.sent();
        say("sent %d readings in %.1f s; draining", sent, streamSeconds);
        long drainStart = System.nanoTime();
        long drainEnd = drainStart + s.drainTimeout().toNanos();
        while (outputs() < sent && System.nanoTime() < drainEnd) {
            Thread.sleep(200);
        }
        double drainSeconds = seconds(drainStart);
        paths.add(flink.stopWithSavepoint(running, savepoints, STEP_TIMEOUT));
        summary.stop();
        say("drained in %.1f s; stopped %s with a final savepoint; checking every output",
                drainSeconds, running);

        // The check.
        Duration read = Duration.ofSeconds(60);
        ExactlyOnceCheck.Tally t = ExactlyOnceCheck.compare(
                ExactlyOnceCheck.reference(TopicReader.readAll(kafka.bootstrap(), topic, read),
                        cfg.inputFormat(), cfg.operatorConfig(), ModelLoader.load(cfg.model()),
                        System.currentTimeMillis()),
                ExactlyOnceCheck.outputs(
                        TopicReader.readAll(kafka.bootstrap(), cfg.forecastTopic(), read),
                        TopicReader.readAll(kafka.bootstrap(), cfg.deadLetterTopic(), read)));
        boolean killedAlive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);

        ObjectNode r = json.createObjectNode();
        r.put("sent", sent);
        r.put("inputRecords", t.inputs());
        r.put("forecasts", t.count(ExactlyOnceCheck.Kind.FORECAST));
        r.put("firstRecords", t.count(ExactlyOnceCheck.Kind.FIRST));
        r.put("late", t.count(ExactlyOnceCheck.Kind.LATE));
        r.put("deadLetters", t.count(ExactlyOnceCheck.Kind.DEAD_LETTER));
        r.put("lost", t.lost());
        r.put("duplicated", t.duplicated());
        r.put("mismatched", t.mismatched());
        r.put("comparison", "bit-exact");
        ObjectNode expected = r.putObject("expected");
        expected.put("forecasts", t.expected().getOrDefault(ExactlyOnceCheck.Kind.FORECAST, 0L));
        expected.put("firstRecords", t.expected().getOrDefault(ExactlyOnceCheck.Kind.FIRST, 0L));
        expected.put("late", t.expected().getOrDefault(ExactlyOnceCheck.Kind.LATE, 0L));
        expected.put("deadLetters",
                t.expected().getOrDefault(ExactlyOnceCheck.Kind.DEAD_LETTER, 0L));
        r.put("alerts", summary.alerts().size());
        r.put("recoverySeconds", round(recovery));
        r.put("restarts", restarts);
        r.put("killedTaskManager", victim);
        r.put("killedPid", pid);
        r.put("killedPidAlive", killedAlive);
        r.put("replacementTaskManager", replacement);
        r.put("rescales", PARALLELISMS.length - 1);
        ArrayNode ps = r.putArray("parallelisms");
        for (int p : PARALLELISMS) {
            ps.add(p);
        }
        ArrayNode sp = r.putArray("savepoints");
        paths.forEach(sp::add);
        r.put("checkpointIntervalSeconds", s.checkpointInterval().toMillis() / 1000.0);
        r.put("rate", s.rate());
        r.put("sensors", s.sensors());
        r.put("partitions", PARTITIONS);
        r.put("streamSeconds", round(streamSeconds));
        r.put("drainSeconds", round(drainSeconds));
        r.put("drillSeconds", round(seconds(started)));
        ArrayNode ex = r.putArray("examples");
        t.examples().forEach(ex::add);
        r.put("ok", passed(r));
        return r;
    }

    /**
     * Whether a report passes: nothing lost, duplicated or different, every sent reading read
     * back from the input topic, and the kill really took a TaskManager down and restarted the
     * job.
     */
    public static boolean passed(ObjectNode r) {
        return r.path("lost").asLong(-1) == 0 && r.path("duplicated").asLong(-1) == 0
                && r.path("mismatched").asLong(-1) == 0
                && r.path("inputRecords").asLong() == r.path("sent").asLong()
                && r.path("sent").asLong() > 0
                && r.path("restarts").asLong() >= 1 && !r.path("killedPidAlive").asBoolean(true);
    }

    /** The job's arguments for REST submission: its configuration at {@code parallelism}. */
    private static List<String> args(JobConfig cfg, int parallelism) {
        List<String> out = new ArrayList<>();
        cfg.toBuilder().set(JobOptions.PARALLELISM, parallelism).build().toMap()
                .forEach((k, v) -> {
                    out.add("--" + k);
                    out.add(v);
                });
        return out;
    }

    /** Committed outputs so far: forecasts (first records included) and dead letters. */
    private long outputs() {
        return summary.forecasts() + summary.deadLetters();
    }

    private void awaitStreamed(long streamStart, double share) throws InterruptedException {
        long due = streamStart + (long) (share * s.duration().toNanos());
        while (System.nanoTime() < due) {
            Thread.sleep(Math.max(1, Math.min(200, (due - System.nanoTime()) / 1_000_000)));
        }
    }

    private void await(String what, Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after " + STEP_TIMEOUT
                        + " waiting for " + what + "; logs in " + s.work());
            }
            Thread.sleep(100);
        }
    }

    private <T extends AutoCloseable> T opened(T resource) {
        synchronized (open) {
            open.add(resource);
        }
        return resource;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static Object[] concat(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }

    private void say(String template, Object... args) {
        s.log().printf("[drill %6.1fs] " + template + "%n",
                concat(seconds(started), args));
        s.log().flush();
    }

    /**
     * Stops the stream and the output reader and stops every child JVM (the cluster, then the
     * broker); safe to call more than once and from a shutdown hook.
     */
    @Override
    public void close() {
        if (publisher != null) {
            publisher.stop();
        }
        if (summary != null) {
            summary.stop();
        }
        List<AutoCloseable> all;
        synchronized (open) {
            all = new ArrayList<>(open);
            open.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).close();
            } catch (Exception e) {
                s.log().println("[drill] closing " + all.get(i) + " failed: " + e);
            }
        }
    }
}
