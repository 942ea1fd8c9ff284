package io.ltcflink.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Tests for {@link NeuroBenchMackeyGlass}. */
final class NeuroBenchMackeyGlassTest {

    @Test
    void seeded_splits_have750RegularPointsEach() {
        NeuroBenchMackeyGlass.Split split = NeuroBenchMackeyGlass.seeded(3);
        assertThat(split.train().size()).isEqualTo(750);
        assertThat(split.test().size()).isEqualTo(750);
        assertThat(split.all().size()).isEqualTo(1501);
        // 75 points per Lyapunov time of 197: the test split starts 10 Lyapunov times in.
        assertThat(split.test().time(0)).isCloseTo(10 * 197.0, within(1e-9));
        for (int k = 1; k < split.all().size(); k++) {
            assertThat(split.all().gap(k)).isCloseTo(197.0 / 75, within(1e-9));
        }
        assertThat(split.test().value(0, 0)).isEqualTo(split.all().value(750, 0));
    }

    @Test
    void reference_startsAtNeuroBenchsConstantPast_andStaysInRange() {
        NeuroBenchMackeyGlass.Split split = NeuroBenchMackeyGlass.reference();
        assertThat(split.all().value(0, 0)).isEqualTo(0.7206597);
        for (int k = 0; k < split.all().size(); k++) {
            assertThat(split.all().value(k, 0)).isStrictlyBetween(0.2, 1.5);
            assertThat(split.all().label(k)).isZero();
        }
    }

    @Test
    void seeded_differentSeeds_differ() {
        assertThat(NeuroBenchMackeyGlass.seeded(1).train().value(10, 0))
                .isNotEqualTo(NeuroBenchMackeyGlass.seeded(2).train().value(10, 0));
    }
}
