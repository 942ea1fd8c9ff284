package io.ltcflink.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of the commands that start a local multi-process cluster ({@code cluster}, {@code
 * drill}): the cluster jar, Flink's jars, the model, the TaskManagers, the stream's rate and the
 * work folder.
 */
final class ClusterOptions {

    @Option(names = "--job-jar", paramLabel = "JAR", description = "The cluster jar (default: ltc-job.jar next to this jar).")
    Path jobJar;

    @Option(names = "--flink-lib", paramLabel = "DIR", description = "Flink's jars for the cluster JVMs (default: flink-lib next to this jar).")
    Path flinkLib;

    @Option(names = "--model", paramLabel = "MODEL", description = "Model file (default: the bundled demo model).")
    Path model;

    @Option(names = "--task-managers", paramLabel = "N", defaultValue = "2", description = "TaskManager JVMs to start (default ${DEFAULT-VALUE}).")
    int taskManagers;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "200", description = "Readings per second streamed in (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--work", paramLabel = "DIR", description = "Logs and data (default: a new temporary directory).")
    Path work;

    /** The cluster jar, checked to be readable. */
    Path jobJar() throws Exception {
        Path jar = jobJar != null ? jobJar : besideThisJar("ltc-job.jar");
        if (!Files.isReadable(jar)) {
            throw new IllegalArgumentException("cannot read the cluster jar " + jar
                    + " (build it with mvn package, or pass --job-jar)");
        }
        return jar;
    }

    /** The folder of Flink's jars. */
    Path flinkLib() throws Exception {
        return flinkLib != null ? flinkLib : besideThisJar("flink-lib");
    }

    /**
     * The work folder: {@code --work} (created if missing), or a new temporary one named after
     * {@code command}.
     */
    Path workDir(String command) throws Exception {
        return work != null ? Files.createDirectories(work)
                : Files.createTempDirectory("ltc-" + command);
    }

    /** {@code name} in the folder of this jar (jobs/target), or of the classes folder's parent. */
    private static Path besideThisJar(String name) throws Exception {
        Path self = Path.of(ClusterOptions.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        return self.getParent().resolve(name);
    }
}
