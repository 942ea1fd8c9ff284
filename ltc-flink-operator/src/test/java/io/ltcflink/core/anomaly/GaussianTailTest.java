package io.ltcflink.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Tests for {@link GaussianTail}. */
final class GaussianTailTest {

    @Test
    void upper_knownQuantiles_matchTables() {
        // Q(0) = 1/2 by symmetry; Q(1.959963984540054) = 0.025 and Q(3) = 1.3498980316301e-3
        // (Abramowitz & Stegun table 26.1; the 97.5 % quantile to 16 digits).
        assertThat(GaussianTail.upper(0)).isEqualTo(0.5);
        assertThat(GaussianTail.upper(1.959963984540054)).isCloseTo(0.025, within(1e-15));
        assertThat(GaussianTail.upper(3)).isCloseTo(1.3498980316301e-3, within(1e-15));
        assertThat(GaussianTail.upper(-3)).isCloseTo(1 - 1.3498980316301e-3, within(1e-15));
    }

    @Test
    void upper_farTail_matchesReferenceValues() {
        // Q(6) = 9.8658764503769814e-10 and Q(10) = 7.6198530241604696e-24 (mpmath, 30 digits).
        assertThat(GaussianTail.upper(6) / 9.8658764503769814e-10).isCloseTo(1, within(1e-12));
        assertThat(GaussianTail.upper(10) / 7.6198530241604696e-24).isCloseTo(1, within(1e-12));
    }

    @Test
    void surprise_acrossTheSplit_isContinuousAndIncreasing() {
        double below = GaussianTail.surprise(Math.nextDown(5.0));
        double at = GaussianTail.surprise(5.0);
        // The two branches agree to about 2e-10 relative (the erf branch loses that much at 5).
        assertThat(Math.abs(at - below)).isLessThan(1e-9);
        double prev = GaussianTail.surprise(-3.5);
        for (double z = -3.25; z <= 60; z += 0.25) {
            double s = GaussianTail.surprise(z);
            assertThat(s).as("z=%s", z).isGreaterThan(prev);
            prev = s;
        }
    }

    @Test
    void surprise_beyondDoubleRange_staysFinite() {
        // Q(40) is about 3.7e-350, below Double.MIN_VALUE; its -log10 is still about 349.4.
        assertThat(GaussianTail.upper(40)).isZero();
        assertThat(GaussianTail.surprise(40)).isCloseTo(349.43, within(0.01));
        assertThat(GaussianTail.surprise(Double.POSITIVE_INFINITY)).isInfinite();
    }
}
