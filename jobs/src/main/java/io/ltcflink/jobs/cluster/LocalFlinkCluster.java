package io.ltcflink.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltcflink.jobs.kafka.StandaloneKafka;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Flink session cluster as separate JVMs from the jars on this class path (no Flink
 * distribution needed): one JobManager ({@code StandaloneSessionClusterEntrypoint}) and N
 * TaskManagers ({@code TaskManagerRunner}) on 127.0.0.1, and job submission over the REST API.
 */
public final class LocalFlinkCluster implements AutoCloseable {

    private final Path dir;
    private final String classpath;
    private final int restPort;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private LocalFlinkCluster(Path dir, String classpath, int restPort) {
        this.dir = dir;
        this.classpath = classpath;
        this.restPort = restPort;
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManagers from the jars in {@code flinkLib}
     * (Flink and its dependencies, without the job's libraries, which come with the job jar) and
     * waits until all slots register.
     */
    public static LocalFlinkCluster start(Path dir, Path flinkLib, int taskManagers,
            int slotsPerTaskManager, Duration timeout) throws IOException, InterruptedException {
        if (!Files.isDirectory(flinkLib) || !Files.exists(flinkLib.resolve(
                "flink-runtime-" + org.apache.flink.runtime.util.EnvironmentInformation.getVersion() + ".jar"))) {
            throw new IOException("not a Flink library folder (no flink-runtime jar): " + flinkLib
                    + "; mvn package writes one to jobs/target/flink-lib");
        }
        Files.createDirectories(dir);
        int rest = StandaloneKafka.freePort();
        int rpc = StandaloneKafka.freePort();
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.bind-host: 127.0.0.1",
                "jobmanager.rpc.port: " + rpc,
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + rest,
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.numberOfTaskSlots: " + slotsPerTaskManager,
                "jobmanager.memory.process.size: 768m",
                // Started without Flink's scripts, a TaskManager needs every resource spelled out
                // (the scripts would compute these and pass them as dynamic properties).
                "taskmanager.cpu.cores: 1",
                "taskmanager.memory.framework.heap.size: 128m",
                "taskmanager.memory.task.heap.size: 384m",
                "taskmanager.memory.managed.size: 256m",
                "taskmanager.memory.network.min: 64m",
                "taskmanager.memory.network.max: 64m",
                "taskmanager.memory.framework.off-heap.size: 128m",
                "taskmanager.memory.task.off-heap.size: 0m",
                "taskmanager.memory.jvm-metaspace.size: 256m",
                "taskmanager.memory.jvm-overhead.min: 192m",
                "taskmanager.memory.jvm-overhead.max: 192m",
                "parallelism.default: 2",
                "state.backend.type: rocksdb",
                "execution.checkpointing.storage: filesystem",
                "execution.checkpointing.dir: " + dir.resolve("checkpoints").toUri(),
                "state.backend.rocksdb.localdir: " + dir.resolve("rocksdb").toAbsolutePath(),
                "io.tmp.dirs: " + dir.resolve("tmp").toAbsolutePath(),
                "web.upload.dir: " + dir.resolve("uploads").toAbsolutePath(),
                ""));
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("uploads"));
        Files.writeString(conf.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = File",
                "appender.file.name = File",
                "appender.file.type = File",
                "appender.file.fileName = ${sys:log.file}",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                ""));
        LocalFlinkCluster c = new LocalFlinkCluster(dir,
                flinkLib.toAbsolutePath() + java.io.File.separator + "*", rest);
        try {
            c.spawn("jobmanager", "-Xmx512m",
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", conf);
            c.awaitRest(timeout);
            for (int i = 1; i <= taskManagers; i++) {
                c.spawn("taskmanager-" + i, "-Xmx512m",
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", conf);
            }
            c.awaitSlots(taskManagers * slotsPerTaskManager, timeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The module openings Flink's start scripts pass on Java 17 (its env.java.default-opts). */
    private static final List<String> JAVA_17_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private void spawn(String name, String heap, String mainClass, Path conf) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, heap, "-Xms" + heap.substring(4),
                "-XX:MaxDirectMemorySize=256m", "-XX:MaxMetaspaceSize=256m",
                "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Dlog.file=" + dir.resolve(name + ".log").toAbsolutePath(),
                "-Dlog4j.configurationFile=" + conf.resolve("log4j2.properties").toAbsolutePath()));
        cmd.addAll(JAVA_17_OPENS);
        cmd.addAll(List.of("-cp", classpath, mainClass,
                "--configDir", conf.toAbsolutePath().toString()));
        processes.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile()).start());
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    /** The number of separate processes (JobManager + TaskManagers) alive. */
    public long aliveProcesses() {
        return processes.stream().filter(Process::isAlive).count();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(restUrl() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("GET " + path + " -> " + r.statusCode() + ": " + r.body());
        }
        return json.readTree(r.body());
    }

    private void awaitRest(Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            checkAlive();
            try {
                get("/overview");
                return;
            } catch (IOException e) {
                Thread.sleep(500);
            }
        }
        throw new IOException("the JobManager's REST API did not answer within " + timeout
                + "; see " + dir.resolve("jobmanager.out"));
    }

    private void awaitSlots(int slots, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            checkAlive();
            if (get("/overview").path("slots-total").asInt() >= slots) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IOException(slots + " task slots did not register within " + timeout
                + "; see " + dir + "/taskmanager-*.out");
    }

    private void checkAlive() throws IOException {
        for (Process p : processes) {
            if (!p.isAlive()) {
                throw new IOException("a cluster process exited with code " + p.exitValue()
                        + "; logs in " + dir);
            }
        }
    }

    /** Uploads {@code jar} and runs it with {@code args}; returns the job id. */
    public String submit(Path jar, List<String> args) throws IOException, InterruptedException {
        String boundary = "ltc-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\";"
                + " filename=\"" + jar.getFileName() + "\"\r\nContent-Type:"
                + " application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(restUrl() + "/jars/upload"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (up.statusCode() / 100 != 2) {
            throw new IOException("jar upload failed: " + up.statusCode() + " " + up.body());
        }
        String filename = json.readTree(up.body()).path("filename").asText();
        String jarId = Path.of(filename).getFileName().toString();
        ObjectNode run = json.createObjectNode();
        ArrayNode a = run.putArray("programArgsList");
        args.forEach(a::add);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create(restUrl() + "/jars/" + jarId + "/run"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(run.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("running the jar failed: " + r.statusCode() + " " + r.body());
        }
        return json.readTree(r.body()).path("jobid").asText();
    }

    /** The job's state (RUNNING, FAILED, ...). */
    public String jobState(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** Number of TaskManagers the job's tasks run on. */
    public int taskManagersUsed(String jobId) throws IOException, InterruptedException {
        java.util.Set<String> hosts = new java.util.HashSet<>();
        for (JsonNode v : get("/jobs/" + jobId).path("vertices")) {
            for (JsonNode tm : get("/jobs/" + jobId + "/vertices/" + v.path("id").asText()
                    + "/taskmanagers").path("taskmanagers")) {
                hosts.add(tm.path("taskmanager-id").asText());
            }
        }
        return hosts.size();
    }

    public void cancel(String jobId) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "?mode=cancel"))
                .timeout(Duration.ofSeconds(30))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
