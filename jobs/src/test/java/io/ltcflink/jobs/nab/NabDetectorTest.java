package io.ltcflink.jobs.nab;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelFiles;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Tests for {@link NabDetector}. */
final class NabDetectorTest {

    @Test
    void modelResource_isTheModelTheCodeBuilds() throws Exception {
        // The jar's model file is generated from NabDetector.model(); a change to either must be
        // made to both (ModelFiles.write(NabDetector.model(), path, ModelEncoding.JSON)).
        try (InputStream in = NabDetector.class.getResourceAsStream(NabDetector.MODEL_RESOURCE)) {
            Model stored = ModelFiles.read(in.readAllBytes());
            assertThat(stored.id()).isEqualTo(NabDetector.model().id());
            assertThat(stored.metadata()).isEqualTo(NabDetector.model().metadata());
        }
    }

    @Test
    void config_isTheSameForEveryCall() {
        assertThat(NabDetector.config().toString()).isEqualTo(NabDetector.config().toString());
    }
}
