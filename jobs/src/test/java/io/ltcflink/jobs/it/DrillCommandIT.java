package io.ltcflink.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.jobs.cli.LtcCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ltc drill}, short: on a multi-process cluster (a Kafka broker, a JobManager and two
 * TaskManagers as separate JVMs) the exactly-once job loses a TaskManager to SIGKILL mid-stream,
 * recovers, is rescaled 2 → 3 → 1 through savepoints, and every committed output equals, bit for
 * bit, what an uninterrupted engine makes of the same readings.
 */
final class DrillCommandIT {

    @TempDir Path dir;

    @Test
    void drill_killedTaskManagerAndTwoRescales_loseDuplicateAndChangeNothing() throws Exception {
        assertThat(Path.of("target/ltc-job.jar")).exists();
        Path work = dir.resolve("work");
        Path report = dir.resolve("drill.json");
        int code = LtcCli.execute("drill", "--duration", "8s", "--rate", "100", "--sensors", "8",
                "--json", "--work", work.toString(), "--out", report.toString(),
                "--job-jar", "target/ltc-job.jar", "--flink-lib", "target/flink-lib");
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(code).as("%s", r.toPrettyString()).isZero();

        assertThat(r.path("lost").asLong()).isZero();
        assertThat(r.path("duplicated").asLong()).isZero();
        assertThat(r.path("mismatched").asLong()).isZero();
        long sent = r.path("sent").asLong();
        assertThat(sent).isPositive().isEqualTo(r.path("inputRecords").asLong());
        assertThat(r.path("forecasts").asLong()).isPositive();
        assertThat(r.path("forecasts").asLong() + r.path("firstRecords").asLong()
                + r.path("late").asLong() + r.path("deadLetters").asLong()).isEqualTo(sent);
        // The generator's out-of-order readings come back as late records, as the reference says.
        assertThat(r.path("late").asLong()).isEqualTo(r.path("expected").path("late").asLong());

        // The kill happened and the job recovered from it.
        assertThat(r.path("recoverySeconds").asDouble()).isPositive();
        assertThat(r.path("restarts").asLong()).isPositive();
        long pid = r.path("killedPid").asLong();
        assertThat(pid).isPositive();
        assertThat(r.path("killedPidAlive").asBoolean()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        String victim = r.path("killedTaskManager").asText();
        assertThat(Files.readString(work.resolve("flink/jobmanager.log")))
                .contains("Disconnect TaskExecutor " + victim + " because");
        assertThat(Files.readString(work.resolve("flink/"
                + r.path("replacementTaskManager").asText() + ".log"))).contains("TaskExecutor");

        // Two rescales through savepoints, and a final savepoint.
        assertThat(r.path("rescales").asInt()).isEqualTo(2);
        assertThat(new ObjectMapper().convertValue(r.path("parallelisms"), List.class))
                .containsExactly(2, 3, 1);
        assertThat(r.path("savepoints")).hasSize(3);

        // No child JVM outlives the command.
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a)
                        .contains(work.toString())).orElse(false))
                .toList()).isEmpty();
    }
}
