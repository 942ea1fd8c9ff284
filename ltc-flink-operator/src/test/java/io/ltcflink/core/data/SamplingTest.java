package io.ltcflink.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for {@link Sampling}. */
final class SamplingTest {

    private static void assertRejected(UnaryOperator<Sampling.Builder> config, String fragment) {
        assertThatThrownBy(() -> config.apply(Sampling.builder()).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(fragment);
    }

    @Test
    void builder_defaults_areARegularFaultFreeClock() {
        Sampling s = Sampling.builder().build();
        assertThat(s.period()).isEqualTo(1.0);
        assertThat(s.jitter()).isZero();
        assertThat(s.dropRate()).isZero();
        assertThat(s.burstRate()).isZero();
        assertThat(s.noise()).isZero();
        assertThat(s.relativeNoise()).isTrue();
        assertThat(s.channels()).isEmpty();
        assertThat(s.observed(3)).containsExactly(0, 1, 2);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN})
    void build_dropRateOutsideUnitInterval_isRejected(double p) {
        assertRejected(b -> b.dropRate(p), "drop rate must be in [0, 1): " + p);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.0, Double.NaN})
    void build_jitterOutsideUnitInterval_isRejected(double j) {
        assertRejected(b -> b.jitter(j), "jitter must be in [0, 1): " + j);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1.0, Double.POSITIVE_INFINITY, Double.NaN})
    void build_nonPositivePeriod_isRejected(double period) {
        assertRejected(b -> b.period(period), "period must be positive and finite: " + period);
    }

    @Test
    void build_badBurstSettings_areRejected() {
        assertRejected(b -> b.burstRate(1.0), "burst rate must be in [0, 1): 1.0");
        assertRejected(b -> b.burstLength(0.5), "mean burst length must be at least 1 tick: 0.5");
    }

    @Test
    void build_negativeNoise_isRejected() {
        assertRejected(b -> b.noise(-0.1), "noise must be finite and non-negative: -0.1");
        assertRejected(b -> b.absoluteNoise(Double.NaN), "noise must be finite and non-negative");
    }

    @Test
    void build_emptyOrRepeatedChannels_areRejected() {
        assertRejected(b -> b.channels(), "the observed channel subset is empty");
        assertRejected(b -> b.channels(0, -1), "observed channel must be non-negative: -1");
        assertRejected(b -> b.channels(2, 0, 2), "observed channel 2 is listed twice");
    }

    @Test
    void observed_channelBeyondSystem_isRejected() {
        Sampling s = Sampling.builder().channels(0, 3).build();
        assertThatThrownBy(() -> s.observed(3))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "observed channel 3 is out of range for a system with 3 channels");
    }

    @Test
    void channels_keepTheGivenOrder_andAreCopied() {
        int[] chosen = {2, 0};
        Sampling s = Sampling.builder().channels(chosen).build();
        chosen[0] = 1;
        assertThat(s.observed(3)).containsExactly(2, 0);
        s.channels()[0] = 1;
        assertThat(s.channels()).containsExactly(2, 0);
    }

    @Test
    void noiseSetters_chooseTheScale() {
        assertThat(Sampling.builder().absoluteNoise(0.3).build().relativeNoise()).isFalse();
        assertThat(Sampling.builder().absoluteNoise(0.3).noise(0.2).build().relativeNoise())
                .isTrue();
    }

    @Test
    void toBuilder_roundTrips_andToStringNamesEverySetting() {
        Sampling s = Sampling.builder().period(0.5).jitter(0.2).dropRate(0.1).burstRate(0.01)
                .burstLength(3).absoluteNoise(0.05).channels(1).build();
        assertThat(s.toBuilder().build().toString()).isEqualTo(s.toString());
        assertThat(s.toString()).isEqualTo("Sampling{period=0.5, jitter=0.2, dropRate=0.1,"
                + " burstRate=0.01, burstLength=3.0, noise=0.05 (absolute), channels=[1]}");
    }
}
