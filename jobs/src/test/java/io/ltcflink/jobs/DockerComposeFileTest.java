package io.ltcflink.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The compose file in docker/ is valid (checked without an engine by docker-compose config). */
final class DockerComposeFileTest {

    @Test
    void composeFile_validates() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("docker-compose", "-f", "../docker/docker-compose.yml",
                    "config", "-q").redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("docker-compose is needed to validate docker/docker-compose.yml:"
                    + " apt-get install --no-install-recommends docker-compose", e);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
    }
}
