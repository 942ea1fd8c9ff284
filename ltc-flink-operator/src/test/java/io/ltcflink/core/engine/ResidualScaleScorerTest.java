package io.ltcflink.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests for {@link ResidualScaleScorer}. */
final class ResidualScaleScorerTest {

    /** A record with only its residual filled in, one model unit after the previous one. */
    private static Observation residual(double[] r) {
        return new Observation().set(0, 1.0, r, r, r, r, new double[0]);
    }

    @Test
    void score_duringWarmUp_isZero() {
        ResidualScaleScorer s = new ResidualScaleScorer(10, 50, 1e-12);
        double[] st = new double[s.stateSize(2, 0)];
        for (int i = 0; i < 10; i++) {
            assertThat(s.score(st, residual(new double[] {100, -100}))).isZero();
        }
        assertThat(st[0]).isEqualTo(10);
    }

    @Test
    void score_gaussianResiduals_areMostlyLowAndOutliersHigh() {
        ResidualScaleScorer s = ResidualScaleScorer.defaults();
        double[] st = new double[s.stateSize(1, 0)];
        SplittableRandom rnd = new SplittableRandom(1);
        int high = 0;
        for (int i = 0; i < 5000; i++) {
            double sc = s.score(st, residual(new double[] {0.3 * rnd.nextGaussian()}));
            assertThat(sc).isBetween(0.0, 1.0);
            if (sc > 0.99) {
                high++;
            }
        }
        // P(Rayleigh score > 0.99) = P(|z| > 3.03) ≈ 0.0024 for Gaussian residuals.
        assertThat(high).isLessThan(40);
        assertThat(s.score(st, residual(new double[] {0.3 * 8}))).isGreaterThan(0.9999);
    }

    @Test
    void score_flatSignal_staysFiniteThanksToTheFloor() {
        ResidualScaleScorer s = new ResidualScaleScorer(1, 10, 1e-6);
        double[] st = new double[s.stateSize(1, 0)];
        for (int i = 0; i < 100; i++) {
            s.score(st, residual(new double[] {0.0}));
        }
        double sc = s.score(st, residual(new double[] {1e-4}));
        assertThat(sc).isBetween(0.0, 1.0).isLessThan(0.01);
    }

    @Test
    void constructor_badArguments_areRejected() {
        assertThatThrownBy(() -> new ResidualScaleScorer(0, 10, 1e-6))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warmUp must be >= 1");
    }
}
