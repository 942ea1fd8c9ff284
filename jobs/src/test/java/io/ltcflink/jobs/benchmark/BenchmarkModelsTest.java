package io.ltcflink.jobs.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.core.data.SystemKind;
import org.junit.jupiter.api.Test;

/** Tests for {@link BenchmarkModels}' fingerprints of trained models. */
final class BenchmarkModelsTest {

    private static final BenchmarkSettings SETTINGS = BenchmarkSettings.quick();

    private static final ModelSpec WITH_LOG_DELTA =
            new ModelSpec("lstm8-w8-gap", ModelSpec.Family.LSTM, 8, 8, true);

    @Test
    void fingerprint_namesTheLogDeltaInput() {
        assertThat(BenchmarkModels.fingerprint(SystemKind.LORENZ, WITH_LOG_DELTA, SETTINGS))
                .contains("logDelta=true")
                .doesNotContain("gapFeature");
    }

    @Test
    void sameFingerprint_acceptsTheCurrentAndTheEarlierSpelling() {
        String current = BenchmarkModels.fingerprint(SystemKind.LORENZ, WITH_LOG_DELTA, SETTINGS);
        String earlier = current.replace("logDelta=true", "gapFeature=true");

        assertThat(BenchmarkModels.sameFingerprint(current, current)).isTrue();
        assertThat(BenchmarkModels.sameFingerprint(current, earlier)).isTrue();
    }

    @Test
    void sameFingerprint_rejectsAnotherSpecOrNone() {
        String current = BenchmarkModels.fingerprint(SystemKind.LORENZ, WITH_LOG_DELTA, SETTINGS);
        ModelSpec without = new ModelSpec("lstm8-w8-gap", ModelSpec.Family.LSTM, 8, 8, false);
        String other = BenchmarkModels.fingerprint(SystemKind.LORENZ, without, SETTINGS);

        assertThat(BenchmarkModels.sameFingerprint(current, other)).isFalse();
        assertThat(BenchmarkModels.sameFingerprint(current,
                other.replace("logDelta=false", "gapFeature=false"))).isFalse();
        assertThat(BenchmarkModels.sameFingerprint(current, null)).isFalse();
    }
}
