package io.ltcflink.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.core.data.Series;
import java.util.Arrays;

/**
 * A training run's outcome as recorded from an earlier build, for checking that the training
 * arithmetic still reproduces it to the bit: the weights through the model id (a digest of every
 * parameter's bits and of the normalisation), every epoch's losses, the best epoch and whether
 * training stopped early.
 */
final class RecordedRun {

    /** The series every recorded run trains on: 160 samples, so 127 or 128 training steps. */
    static final Series SERIES = Series4Tests.oscillator(9, 160, 0.1, 0.6, 0.02);

    private RecordedRun() {}

    /**
     * Asserts that {@code r} is the recorded run.
     *
     * @param validationLosses the recorded validation losses, or null for a run without validation
     */
    static void assertReproduces(TrainingResult r, String modelId, int bestEpoch,
            boolean stoppedEarly, double[] trainLosses, double[] validationLosses) {
        assertThat(r.model().id()).isEqualTo(modelId);
        assertThat(r.bestEpoch()).isEqualTo(bestEpoch);
        assertThat(r.stoppedEarly()).isEqualTo(stoppedEarly);
        assertThat(r.history().stream().mapToDouble(EpochStats::trainLoss).toArray())
                .containsExactly(trainLosses);
        double[] validation = r.history().stream().mapToDouble(EpochStats::validationLoss)
                .toArray();
        if (validationLosses == null) {
            assertThat(Arrays.stream(validation).allMatch(Double::isNaN)).isTrue();
        } else {
            assertThat(validation).containsExactly(validationLosses);
        }
    }
}
