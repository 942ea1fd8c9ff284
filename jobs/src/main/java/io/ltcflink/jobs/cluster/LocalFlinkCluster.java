package io.ltcflink.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltcflink.jobs.kafka.StandaloneKafka;
import io.ltcflink.jobs.util.ChildProcesses;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Flink session cluster as separate JVMs from the jars on this class path (no Flink
 * distribution needed): one JobManager ({@code StandaloneSessionClusterEntrypoint}) and N
 * TaskManagers ({@code TaskManagerRunner}) on 127.0.0.1, and job submission over the REST API.
 */
public final class LocalFlinkCluster implements AutoCloseable {

    /** One child JVM: its name (a TaskManager's is also its resource id) and process. */
    private record Child(String name, Process process) {}

    private final Path dir;
    private final Path conf;
    private final String classpath;
    private final int restPort;
    private final List<Child> processes = new ArrayList<>();
    /** Processes this cluster killed on purpose: their exit is no failure. */
    private final Set<Process> killed = new HashSet<>();
    private int taskManagersStarted;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private final Thread shutdownHook;

    private LocalFlinkCluster(Path dir, Path conf, String classpath, int restPort) {
        this.dir = dir;
        this.conf = conf;
        this.classpath = classpath;
        this.restPort = restPort;
        // The child JVMs outlive this one unless stopped: stop them on every exit path.
        this.shutdownHook = ChildProcesses.onExit(this::close, "local-flink-cluster-stop");
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManagers from the jars in {@code flinkLib}
     * (Flink and its dependencies, without the job's libraries, which come with the job jar) and
     * waits until all slots register.
     */
    public static LocalFlinkCluster start(Path dir, Path flinkLib, int taskManagers,
            int slotsPerTaskManager, Duration timeout) throws IOException, InterruptedException {
        return start(dir, flinkLib, taskManagers, slotsPerTaskManager, timeout, Map.of());
    }

    /**
     * As {@link #start(Path, Path, int, int, Duration)}, with {@code settings} added to (or
     * replacing entries of) the cluster's configuration, e.g. faster heartbeats.
     */
    public static LocalFlinkCluster start(Path dir, Path flinkLib, int taskManagers,
            int slotsPerTaskManager, Duration timeout, Map<String, String> settings)
            throws IOException, InterruptedException {
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
        Map<String, String> config = new LinkedHashMap<>();
        for (String line : List.of(
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
                "state.backend.rocksdb.use-bloom-filter: true",
                "io.tmp.dirs: " + dir.resolve("tmp").toAbsolutePath(),
                "web.upload.dir: " + dir.resolve("uploads").toAbsolutePath())) {
            int colon = line.indexOf(": ");
            config.put(line.substring(0, colon), line.substring(colon + 2));
        }
        config.putAll(settings);
        StringBuilder yaml = new StringBuilder();
        config.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        Files.writeString(conf.resolve("config.yaml"), yaml);
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
        LocalFlinkCluster c = new LocalFlinkCluster(dir, conf,
                flinkLib.toAbsolutePath() + java.io.File.separator + "*", rest);
        try {
            c.spawn("jobmanager",
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
            c.awaitRest(timeout);
            for (int i = 1; i <= taskManagers; i++) {
                c.startTaskManager();
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

    /**
     * Starts one more TaskManager (named {@code taskmanager-N}, which is also its resource id in
     * the REST API) with the cluster's configuration; returns its name. It registers its slots
     * with the JobManager a few seconds later ({@link #awaitSlots}).
     */
    public synchronized String startTaskManager() throws IOException {
        String name = "taskmanager-" + (++taskManagersStarted);
        spawn(name, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                "-Dtaskmanager.resource-id=" + name);
        return name;
    }

    /** Each JVM has a bounded heap (512 MiB) and writes its temporary files under the cluster's folder. */
    private void spawn(String name, String mainClass, String... dynamicProperties)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-Xms512m",
                "-XX:MaxDirectMemorySize=256m", "-XX:MaxMetaspaceSize=256m",
                "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Djava.io.tmpdir=" + dir.resolve("tmp").toAbsolutePath(),
                "-Dlog.file=" + dir.resolve(name + ".log").toAbsolutePath(),
                "-Dlog4j.configurationFile=" + conf.resolve("log4j2.properties").toAbsolutePath()));
        cmd.addAll(JAVA_17_OPENS);
        cmd.addAll(List.of("-cp", classpath, mainClass,
                "--configDir", conf.toAbsolutePath().toString()));
        cmd.addAll(List.of(dynamicProperties));
        processes.add(new Child(name, new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile()).start()));
    }

    /**
     * Kills the named process with SIGKILL ({@code kill -9}: no shutdown hook, no goodbye to the
     * JobManager) and waits until it is gone; returns its pid.
     */
    public long kill(String name) throws IOException, InterruptedException {
        Process p = process(name);
        long pid = p.pid();
        synchronized (this) {
            killed.add(p);
        }
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IOException(name + " (pid " + pid + ") did not die within 30 s of SIGKILL");
        }
        return pid;
    }

    /** The pid of the named process. */
    public long pid(String name) throws IOException {
        return process(name).pid();
    }

    /** Whether the named process is alive. */
    public boolean isAlive(String name) throws IOException {
        return process(name).isAlive();
    }

    private synchronized Process process(String name) throws IOException {
        for (Child c : processes) {
            if (c.name().equals(name)) {
                return c.process();
            }
        }
        throw new IOException("no cluster process named " + name);
    }

    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    /** The number of separate processes (JobManager + TaskManagers) alive. */
    public synchronized long aliveProcesses() {
        return processes.stream().filter(c -> c.process().isAlive()).count();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send("GET " + path, HttpRequest.newBuilder(URI.create(restUrl() + path))
                .timeout(Duration.ofSeconds(10)).GET().build());
    }

    private JsonNode post(String path, JsonNode body, Duration timeout)
            throws IOException, InterruptedException {
        return send("POST " + path, HttpRequest.newBuilder(URI.create(restUrl() + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private JsonNode send(String what, HttpRequest request)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(what + " -> " + r.statusCode() + ": " + r.body());
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

    /** Waits until at least {@code slots} task slots are registered with the JobManager. */
    public void awaitSlots(int slots, Duration timeout) throws IOException, InterruptedException {
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

    private synchronized void checkAlive() throws IOException {
        for (Child c : processes) {
            if (!c.process().isAlive() && !killed.contains(c.process())) {
                throw new IOException(c.name() + " exited with code " + c.process().exitValue()
                        + "; logs in " + dir);
            }
        }
    }

    /** Uploads {@code jar} and runs it with {@code args}; returns the job id. */
    public String submit(Path jar, List<String> args) throws IOException, InterruptedException {
        return run(upload(jar), args, null);
    }

    /** Uploads {@code jar} to the JobManager; returns its jar id for {@link #run}. */
    public String upload(Path jar) throws IOException, InterruptedException {
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
        return Path.of(filename).getFileName().toString();
    }

    /**
     * Runs an uploaded jar with {@code args}, from {@code savepoint} if not null (state the job
     * no longer has is not allowed); returns the job id.
     */
    public String run(String jarId, List<String> args, String savepoint)
            throws IOException, InterruptedException {
        ObjectNode run = json.createObjectNode();
        ArrayNode a = run.putArray("programArgsList");
        args.forEach(a::add);
        if (savepoint != null) {
            run.put("savepointPath", savepoint);
            run.put("allowNonRestoredState", false);
        }
        return post("/jars/" + jarId + "/run", run, Duration.ofMinutes(2)).path("jobid").asText();
    }

    /**
     * Stops the job with a savepoint in {@code targetDirectory} (a URI), without draining: the
     * sources stop, the savepoint is taken and committed (Kafka transactions included), and the
     * job finishes. Returns the savepoint's path.
     */
    public String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout)
            throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        body.put("targetDirectory", targetDirectory);
        body.put("drain", false);
        body.put("formatType", "CANONICAL");
        String trigger = post("/jobs/" + jobId + "/stop", body, Duration.ofSeconds(30))
                .path("request-id").asText();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            JsonNode s = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if ("COMPLETED".equals(s.path("status").path("id").asText())) {
                JsonNode op = s.path("operation");
                if (op.has("failure-cause")) {
                    throw new IOException("stop with savepoint failed: "
                            + op.path("failure-cause").path("stack-trace").asText(
                                    op.path("failure-cause").toString()));
                }
                return op.path("location").asText();
            }
            Thread.sleep(200);
        }
        throw new IOException("stop with savepoint of " + jobId + " did not finish within " + timeout);
    }

    /** The job's state (RUNNING, FAILED, ...). */
    public String jobState(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /**
     * Whether the job is RUNNING with every task of every vertex running (after a failover the
     * job is RUNNING again before its tasks are deployed).
     */
    public boolean allTasksRunning(String jobId) throws IOException, InterruptedException {
        JsonNode job = get("/jobs/" + jobId);
        if (!"RUNNING".equals(job.path("state").asText())) {
            return false;
        }
        for (JsonNode v : job.path("vertices")) {
            if (v.path("tasks").path("RUNNING").asInt() != v.path("parallelism").asInt()) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many failures the job has had (the entries of its exception history, recorded as the
     * scheduler handles each failure, before the restart).
     */
    public int failures(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries")
                .size();
    }

    /** How often the job has restarted (its {@code numRestarts} metric; 0 before it reports). */
    public long restarts(String jobId) throws IOException, InterruptedException {
        for (JsonNode m : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
            return m.path("value").asLong();
        }
        return 0;
    }

    /** The job's completed checkpoints so far (savepoints included), over all its attempts. */
    public long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /** Number of TaskManagers the job's tasks run on. */
    public int taskManagersUsed(String jobId) throws IOException, InterruptedException {
        return taskManagersOf(jobId).size();
    }

    /** The resource ids of the TaskManagers the job's tasks run on (sorted). */
    public SortedSet<String> taskManagersOf(String jobId) throws IOException, InterruptedException {
        SortedSet<String> hosts = new TreeSet<>();
        for (JsonNode v : get("/jobs/" + jobId).path("vertices")) {
            for (JsonNode tm : get("/jobs/" + jobId + "/vertices/" + v.path("id").asText()
                    + "/taskmanagers").path("taskmanagers")) {
                hosts.add(tm.path("taskmanager-id").asText());
            }
        }
        return hosts;
    }

    public void cancel(String jobId) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "?mode=cancel"))
                .timeout(Duration.ofSeconds(30))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Stops every process of the cluster (SIGTERM, then SIGKILL after 20 s); idempotent. */
    @Override
    public synchronized void close() {
        ChildProcesses.removeHook(shutdownHook);
        ChildProcesses.stop(processes.stream().map(Child::process).toList());
    }
}
