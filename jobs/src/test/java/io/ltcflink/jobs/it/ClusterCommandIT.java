package io.ltcflink.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.jobs.cli.LtcCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ltc cluster}: the packaged cluster jar on a real multi-process cluster (a Kafka broker,
 * a JobManager and two TaskManagers as separate JVMs), submitted over REST.
 */
final class ClusterCommandIT {

    @TempDir Path dir;

    @Test
    void cluster_submitsTheJobJarAndEveryReadingComesBack() throws Exception {
        assertThat(Path.of("target/ltc-job.jar")).exists();
        assertThat(Path.of("target/flink-lib")).isDirectory();
        int code = LtcCli.execute("cluster", "--duration", "10s", "--work", dir.toString(),
                "--job-jar", "target/ltc-job.jar", "--flink-lib", "target/flink-lib");
        assertThat(code).isZero();
        // Three separate processes logged: the JobManager and both TaskManagers.
        assertThat(dir.resolve("flink/jobmanager.log")).exists();
        assertThat(Files.readString(dir.resolve("flink/taskmanager-1.log"))).contains("TaskExecutor");
        assertThat(Files.readString(dir.resolve("flink/taskmanager-2.log"))).contains("TaskExecutor");
    }
}
