package io.ltcflink.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Tests for {@link RunningStandardizer}. */
final class RunningStandardizerTest {

    @Test
    void normalize_afterReadings_usesTheirMeanAndStandardDeviation() {
        RunningStandardizer n = new RunningStandardizer(100);
        double[] s = new double[n.stateSize(2)];
        n.update(s, new double[] {1, 10});
        n.update(s, new double[] {3, 10});
        // Channel 0: mean 2, population sd 1, so 5 is z = 3; channel 1 is flat: the floor keeps
        // the division finite and 10 maps to 0.
        double[] z = new double[2];
        n.normalize(s, new double[] {5, 10}, z);
        assertThat(z[0]).isCloseTo(3, within(1e-6));
        assertThat(z[1]).isZero();
        assertThat(n.denormalize(s, 0, z[0])).isCloseTo(5, within(1e-12));
    }

    @Test
    void normalize_hugeReading_isClipped() {
        RunningStandardizer n = new RunningStandardizer(4);
        double[] s = new double[n.stateSize(1)];
        n.update(s, new double[] {0});
        n.update(s, new double[] {2});
        double[] z = new double[1];
        n.normalize(s, new double[] {1e6}, z);
        assertThat(z[0]).isEqualTo(4);
    }
}
