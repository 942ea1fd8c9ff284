package io.ltcflink.jobs.kafka;

import io.ltcflink.jobs.util.ChildProcesses;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (combined broker and controller, replication factor 1) from
 * the Kafka jars on this class path, for the demo and for people who want a broker to point
 * their own clients at. {@link #startChild} runs it as a child JVM; {@link #runHere} runs it in
 * this JVM until the process is stopped.
 */
public final class StandaloneKafka implements AutoCloseable {

    private final Process process;
    private final String bootstrap;
    private final Path dir;

    private final Thread shutdownHook;

    private StandaloneKafka(Process process, String bootstrap, Path dir) {
        this.process = process;
        this.bootstrap = bootstrap;
        this.dir = dir;
        // The child JVM outlives this one unless stopped: stop it on every exit path.
        this.shutdownHook = ChildProcesses.onExit(this::close, "standalone-kafka-stop");
    }

    /** A free TCP port on the loopback interface. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Writes {@code dir/server.properties} for a broker on 127.0.0.1:{@code port}. */
    public static Path writeConfig(Path dir, int port, int controllerPort) throws IOException {
        Files.createDirectories(dir);
        Path props = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(props)) {
            w.write(String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "inter.broker.listener.name=PLAINTEXT",
                    "log.dirs=" + dir.resolve("logs").toAbsolutePath(),
                    "num.partitions=4",
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "auto.create.topics.enable=true",
                    // Replays and benchmarks write readings whose timestamps may lie more than
                    // the default seven days of retention in the past: keep everything.
                    "log.retention.ms=-1",
                    ""));
        }
        return props;
    }

    /** Formats the storage of the broker configured in {@code props} (idempotent). */
    public static void format(Path props, PrintStream out) {
        String cluster = Uuid.randomUuid().toString();
        int rc = kafka.tools.StorageTool.execute(new String[] {
            "format", "-t", cluster, "-c", props.toString(), "--standalone", "--ignore-formatted"
        }, out);
        if (rc != 0) {
            throw new IllegalStateException("formatting Kafka storage failed with exit code " + rc);
        }
    }

    /** Formats and runs a broker in this JVM; returns when the broker shuts down. */
    public static void runHere(Path dir, int port) throws IOException {
        Path props = writeConfig(dir, port, freePort());
        format(props, System.err);
        kafka.Kafka.main(new String[] {props.toString()});
    }

    /**
     * Starts a broker as a child JVM on {@code port} (0: a free one) with its data in {@code dir}
     * and waits until it answers.
     */
    public static StandaloneKafka startChild(Path dir, int port, Duration timeout)
            throws IOException, InterruptedException {
        int p = port == 0 ? freePort() : port;
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx768m", "-XX:+UseSerialGC",
                "-Djava.awt.headless=true", "-cp", classpath, StandaloneKafka.class.getName(),
                dir.toAbsolutePath().toString(), Integer.toString(p)));
        Files.createDirectories(dir);
        Process proc = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.log").toFile())
                .start();
        StandaloneKafka k = new StandaloneKafka(proc, "127.0.0.1:" + p, dir);
        k.awaitReady(timeout);
        return k;
    }

    /** Entry point of the child JVM: {@code StandaloneKafka DIR PORT}. */
    public static void main(String[] args) throws Exception {
        runHere(Path.of(args[0]), Integer.parseInt(args[1]));
    }

    private void awaitReady(Duration timeout) throws InterruptedException, IOException {
        long end = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException("the Kafka broker exited with code " + process.exitValue()
                        + "; see " + dir.resolve("broker.log"));
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap,
                    "request.timeout.ms", "2000", "default.api.timeout.ms", "3000"))) {
                admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(300);
            }
        }
        close();
        throw new IOException("the Kafka broker did not answer within " + timeout + ": " + last);
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** Creates topics (ignoring ones that exist) with replication factor 1. */
    public void createTopics(int partitions, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> nt = new ArrayList<>();
            for (String t : topics) {
                nt.add(new NewTopic(t, partitions, (short) 1));
            }
            try {
                admin.createTopics(nt).all().get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 20 s); idempotent. */
    @Override
    public void close() {
        ChildProcesses.removeHook(shutdownHook);
        ChildProcesses.stop(List.of(process));
    }

    /** A unique suffix for throwaway directories. */
    static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
