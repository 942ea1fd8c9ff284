package io.ltcflink.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
    void score_gaussianTail_gaussianResiduals_areMostlyLowAndOutliersHigh() {
        ResidualScaleScorer s = new ResidualScaleScorer(30, 200, 1e-12);
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
    void tailProbability_isStudentsTailAndTendsToTheGaussianOne() {
        ResidualScaleScorer t3 = ResidualScaleScorer.defaults();
        // 1 − (1 + z²/3)^(−3/2) at z² = 3: 1 − 2^(−1.5).
        assertThat(t3.tailProbability(3)).isCloseTo(1 - Math.pow(2, -1.5), within(1e-15));
        // An alert at 0.99 needs z² = 3 (100^(2/3) − 1) ≈ 61.6 with three degrees of freedom.
        double z2 = 3 * (Math.pow(100, 2.0 / 3) - 1);
        assertThat(t3.tailProbability(z2)).isCloseTo(0.99, within(1e-12));
        ResidualScaleScorer gauss = new ResidualScaleScorer(30, 200, 1e-12);
        ResidualScaleScorer t1e6 = new ResidualScaleScorer(30, 200, 1e-12, 1e6);
        for (double q : new double[] {0.5, 4, 9.2, 20}) {
            assertThat(t1e6.tailProbability(q)).isCloseTo(gauss.tailProbability(q), within(1e-4));
            assertThat(t3.tailProbability(q)).isLessThan(gauss.tailProbability(q));
        }
    }

    @Test
    void score_defaultTail_heavyTailedResiduals_rarelyAlertWhereTheGaussianScoreWould() {
        SplittableRandom rnd = new SplittableRandom(3);
        ResidualScaleScorer t3 = ResidualScaleScorer.defaults();
        ResidualScaleScorer gauss = new ResidualScaleScorer(30, 200, 1e-12);
        double[] a = new double[t3.stateSize(1, 0)];
        double[] b = new double[gauss.stateSize(1, 0)];
        int highT = 0;
        int highGauss = 0;
        for (int i = 0; i < 20_000; i++) {
            // Student's t with 3 degrees of freedom: a normal over the root of a χ²(3) / 3.
            double chi2 = 0;
            for (int k = 0; k < 3; k++) {
                double g = rnd.nextGaussian();
                chi2 += g * g;
            }
            double r = rnd.nextGaussian() / Math.sqrt(chi2 / 3);
            highT += t3.score(a, residual(new double[] {r})) >= 0.99 ? 1 : 0;
            highGauss += gauss.score(b, residual(new double[] {r})) >= 0.99 ? 1 : 0;
        }
        assertThat(highGauss).isGreaterThan(5 * Math.max(1, highT));
        assertThat(highT).isLessThan(60);
        // A residual twenty typical sizes out still alerts.
        assertThat(t3.score(a, residual(new double[] {20 * Math.sqrt(a[1])}))).isGreaterThan(0.99);
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
        assertThatThrownBy(() -> new ResidualScaleScorer(1, 10, 1e-6, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tail > 0");
    }
}
