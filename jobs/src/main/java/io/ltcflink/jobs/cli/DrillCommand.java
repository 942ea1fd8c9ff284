package io.ltcflink.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltcflink.jobs.drill.FailureDrill;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ltc drill}: the failure drill on a multi-process cluster ({@link FailureDrill}): a
 * TaskManager killed mid-stream, two rescales through savepoints, and every committed output
 * compared with an uninterrupted run. Exits 1 unless nothing was lost, duplicated or different.
 */
@Command(
        name = "drill",
        mixinStandardHelpOptions = true,
        description = "Exactly-once failure drill on a multi-process cluster: kill -9 a TaskManager mid-stream, rescale 2 -> 3 -> 1 through savepoints, compare every output with an uninterrupted run.")
final class DrillCommand implements Callable<Integer> {

    @Option(names = "--duration", paramLabel = "D", defaultValue = "60s", converter = Durations.class, description = "How long readings stream at least; the kill and the rescales fall at a quarter, half and three quarters of it (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--sensors", paramLabel = "N", defaultValue = "20", description = "Generated sensors (default ${DEFAULT-VALUE}).")
    int sensors;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "2", description = "Task slots per TaskManager (default ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--checkpoint-interval", paramLabel = "D", defaultValue = "2s", converter = Durations.class, description = "The job's checkpoint interval, which is also how often its outputs commit (default ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(names = "--drain-timeout", paramLabel = "D", defaultValue = "90s", converter = Durations.class, description = "How long to wait, once the stream ends, for an output of every reading (default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON report here.")
    Path out;

    @Option(names = "--json", description = "Print only the JSON report on standard output (progress goes to standard error).")
    boolean json;

    @Mixin ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        Path dir = cluster.workDir("drill");
        PrintStream log = json ? System.err : System.out;
        log.println("[drill] work directory " + dir);
        FailureDrill.Settings settings = new FailureDrill.Settings(duration, cluster.rate, sensors,
                cluster.taskManagers, slots, checkpointInterval, drainTimeout, dir,
                cluster.jobJar(), cluster.flinkLib(), cluster.model, log);
        ObjectNode report;
        try (FailureDrill drill = new FailureDrill(settings)) {
            report = drill.run();
        }
        String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(report);
        if (out != null) {
            Files.writeString(out, text + System.lineSeparator());
        }
        boolean ok = FailureDrill.passed(report);
        if (json) {
            System.out.println(text);
        } else {
            log.println(text);
            log.printf("[drill] %s: %d sent, %d lost, %d duplicated, %d mismatched; recovery %.2f s;"
                            + " %d rescales%n", ok ? "OK" : "FAILED", report.path("sent").asLong(),
                    report.path("lost").asLong(), report.path("duplicated").asLong(),
                    report.path("mismatched").asLong(), report.path("recoverySeconds").asDouble(),
                    report.path("rescales").asInt());
        }
        if (ok && cluster.work == null) {
            deleteTree(dir);
        } else if (!ok) {
            log.println("[drill] logs and data kept in " + dir);
        }
        return ok ? 0 : 1;
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
