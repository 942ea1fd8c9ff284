package io.ltcflink.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Tests for {@link Anomaly} and {@link AnomalyType}. */
final class AnomalyTest {

    @Test
    void covers_isHalfOpen() {
        Anomaly a = new Anomaly(AnomalyType.LEVEL_SHIFT, 2.0, 3.0, 1.0);
        assertThat(a.covers(2.0)).isTrue();
        assertThat(a.covers(Math.nextDown(3.0))).isTrue();
        assertThat(a.covers(3.0)).isFalse();
        assertThat(a.covers(Math.nextDown(2.0))).isFalse();
    }

    @Test
    void constructor_badWindowOrMagnitude_isRejected() {
        assertThatThrownBy(() -> new Anomaly(AnomalyType.SPIKE, 5, 5, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("anomaly end must be finite and after its start: [5.0, 5.0)");
        assertThatThrownBy(() -> new Anomaly(AnomalyType.SPIKE, -1, 5, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("anomaly start must be finite and non-negative: -1.0");
        assertThatThrownBy(() -> new Anomaly(AnomalyType.NOISE_BURST, 1, 5, -1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a noise burst needs a non-negative magnitude: -1.0");
        assertThatThrownBy(() -> new Anomaly(AnomalyType.DYNAMICS_CHANGE, 1, 5, -1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a dynamics change needs magnitude > -1");
        assertThatThrownBy(() -> new Anomaly(null, 1, 5, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("anomaly type must not be null");
    }

    @Test
    void codes_areDistinctNonZeroAndStable() {
        // Label files depend on these numbers: never renumber.
        assertThat(AnomalyType.SPIKE.code()).isEqualTo(1);
        assertThat(AnomalyType.LEVEL_SHIFT.code()).isEqualTo(2);
        assertThat(AnomalyType.STUCK.code()).isEqualTo(3);
        assertThat(AnomalyType.NOISE_BURST.code()).isEqualTo(4);
        assertThat(AnomalyType.DYNAMICS_CHANGE.code()).isEqualTo(5);
        for (AnomalyType t : AnomalyType.values()) {
            assertThat(AnomalyType.fromCode(t.code())).isSameAs(t);
            assertThat(AnomalyType.parse(t.id())).isSameAs(t);
        }
    }

    @Test
    void parse_acceptsEnumStyleNames_andRejectsOthersListingTheValidOnes() {
        assertThat(AnomalyType.parse("LEVEL_SHIFT")).isSameAs(AnomalyType.LEVEL_SHIFT);
        assertThatThrownBy(() -> AnomalyType.parse("drift"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown anomaly type 'drift': expected one of spike, level-shift,"
                        + " stuck, noise-burst, dynamics-change");
        assertThatThrownBy(() -> AnomalyType.fromCode(0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown anomaly label 0: expected one of 1 (spike)");
    }
}
