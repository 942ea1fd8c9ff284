package io.ltcflink.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Tests for {@link AnomalyLikelihood}. */
final class AnomalyLikelihoodTest {

    @Test
    void update_duringWarmUp_reportsOneHalf() {
        AnomalyLikelihood l = new AnomalyLikelihood(3, 100, 5, 1e-6);
        double[] s = new double[l.stateSize()];
        for (int i = 0; i < 5; i++) {
            assertThat(l.update(s, 0, i * 10.0)).isEqualTo(0.5);
        }
    }

    @Test
    void update_afterAlternatingWarmUp_isTheNormalTailOfTheRecentAverage() {
        // Warm-up 0, 2, 0, 2: plain moments, mean 1 and (population) variance 1. A raw score of
        // 3 with a one-record window is z = (3 - 1) / 1 = 2 above the mean: Q(2) = 0.0227501319.
        AnomalyLikelihood l = new AnomalyLikelihood(1, 1e9, 4, 1e-6);
        double[] s = new double[l.stateSize()];
        for (double raw : new double[] {0, 2, 0, 2}) {
            l.update(s, 0, raw);
        }
        assertThat(l.update(s, 0, 3)).isCloseTo(0.0227501319481792, within(1e-12));
    }

    @Test
    void update_shortWindow_averagesTheRecentRawScores() {
        // Same history (mean 1, variance 1); a window of 2 averages the last two raw scores.
        AnomalyLikelihood l = new AnomalyLikelihood(2, 1e9, 4, 1e-6);
        double[] s = new double[l.stateSize()];
        for (double raw : new double[] {0, 2, 0, 2}) {
            l.update(s, 0, raw);
        }
        // The window holds 0 and 2 after the warm-up; a 3 makes it {2, 3}: mean 2.5, z = 1.5.
        assertThat(l.update(s, 0, 3)).isCloseTo(GaussianTail.upper(1.5), within(1e-12));
    }

    @Test
    void update_constantStream_staysAtOneHalf() {
        // A flat raw score has zero variance; the floor keeps z = 0 / minStd = 0, Q = 1/2.
        AnomalyLikelihood l = new AnomalyLikelihood(10, 100, 20, 1e-3);
        double[] s = new double[l.stateSize()];
        double q = 0;
        for (int i = 0; i < 500; i++) {
            q = l.update(s, 0, 0.7);
        }
        assertThat(q).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void update_sustainedRise_becomesUnlikelyFasterThanOneSpike() {
        AnomalyLikelihood l = new AnomalyLikelihood(5, 1000, 50, 1e-6);
        double[] a = new double[l.stateSize()];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            l.update(a, 0, Math.abs(rnd.nextGaussian()));
        }
        double[] b = a.clone();
        double spike = l.update(a, 0, 4);
        for (int i = 0; i < 4; i++) {
            l.update(b, 0, 4);
        }
        double sustained = l.update(b, 0, 4);
        assertThat(sustained).isLessThan(spike);
    }

    @Test
    void constructor_badSettings_failWithTheValue() {
        assertThatThrownBy(() -> new AnomalyLikelihood(0, 10, 5, 1e-6))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shortWindow must be at least 1: 0");
        assertThatThrownBy(() -> new AnomalyLikelihood(3, 10, 5, 1e-6).update(new double[8], 0, -1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-negative: -1.0");
    }
}
