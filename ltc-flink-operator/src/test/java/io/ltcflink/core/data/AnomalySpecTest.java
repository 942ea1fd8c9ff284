package io.ltcflink.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests for {@link AnomalySpec} and the random {@link AnomalySchedule} it drives. */
final class AnomalySpecTest {

    private static List<Anomaly> draw(
            AnomalySpec spec, double period, double slot, int n, long seed) {
        AnomalySchedule s =
                AnomalySchedule.random(spec, period, slot, n, new SplittableRandom(seed));
        List<Anomaly> out = new ArrayList<>();
        for (Anomaly a = s.next(); a != null; a = s.next()) {
            out.add(a);
        }
        return out;
    }

    @Test
    void none_isDisabled() {
        assertThat(AnomalySpec.none().isEnabled()).isFalse();
        assertThat(AnomalySpec.builder().count(2).build().isEnabled()).isTrue();
        assertThat(AnomalySpec.builder().count(2).spacing(50).build().count()).isZero();
    }

    @Test
    void schedule_oneAnomalyPerSlot_insideTheSlotsInnerPart() {
        AnomalySpec spec = AnomalySpec.builder().count(200).build();
        List<Anomaly> list = draw(spec, 0.5, 60.0, 200, 1);
        assertThat(list).hasSize(200);
        Set<AnomalyType> seen = EnumSet.noneOf(AnomalyType.class);
        for (int i = 0; i < list.size(); i++) {
            Anomaly a = list.get(i);
            seen.add(a.type());
            assertThat(a.start()).isGreaterThanOrEqualTo(60.0 * i + 6.0);
            assertThat(a.end()).isLessThanOrEqualTo(60.0 * i + 54.0 + 1e-9);
            double periods = (a.end() - a.start()) / 0.5;
            if (a.type() == AnomalyType.SPIKE) {
                assertThat(periods).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(Math.abs(a.magnitude())).isBetween(4.0, 8.0);
            } else if (a.type() == AnomalyType.DYNAMICS_CHANGE) {
                // 40–100 periods, but at most half of a 60-unit slot.
                assertThat(a.end() - a.start()).isBetween(20.0 - 1e-9, 30.0 + 1e-9);
                assertThat(Math.abs(a.magnitude())).isBetween(0.3, 0.6);
            } else if (a.type() == AnomalyType.STUCK) {
                assertThat(a.magnitude()).isZero();
            } else if (a.type() == AnomalyType.NOISE_BURST) {
                assertThat(a.magnitude()).isBetween(0.5, 1.5);
            }
        }
        assertThat(seen).isEqualTo(EnumSet.allOf(AnomalyType.class));
        assertThat(list.stream().filter(a -> a.magnitude() < 0).count()).isPositive();
    }

    @Test
    void schedule_restrictedTypesAndRanges_areHonoured() {
        AnomalySpec spec = AnomalySpec.builder().count(50).types(AnomalyType.LEVEL_SHIFT)
                .duration(AnomalyType.LEVEL_SHIFT, 2, 4)
                .magnitude(AnomalyType.LEVEL_SHIFT, 1, 1)
                .build();
        for (Anomaly a : draw(spec, 1.0, 100.0, 50, 2)) {
            assertThat(a.type()).isEqualTo(AnomalyType.LEVEL_SHIFT);
            assertThat(a.end() - a.start()).isBetween(2.0, 4.0);
            assertThat(Math.abs(a.magnitude())).isEqualTo(1.0);
        }
    }

    @Test
    void schedule_sameSeed_isTheSame() {
        AnomalySpec spec = AnomalySpec.builder().count(20).build();
        assertThat(draw(spec, 1, 80, 20, 3)).isEqualTo(draw(spec, 1, 80, 20, 3));
        assertThat(draw(spec, 1, 80, 20, 3)).isNotEqualTo(draw(spec, 1, 80, 20, 4));
    }

    @Test
    void build_badSettings_areRejectedWithTheFacts() {
        assertThatThrownBy(() -> AnomalySpec.builder().count(-1).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("anomaly count must be non-negative: -1");
        assertThatThrownBy(() -> AnomalySpec.builder().types().build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one anomaly type is needed");
        assertThatThrownBy(() -> AnomalySpec.builder().duration(AnomalyType.STUCK, 5, 2).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stuck duration must satisfy 0 < min <= max: [5.0, 2.0]");
        assertThatThrownBy(() -> AnomalySpec.builder().magnitude(AnomalyType.SPIKE, -1, 2).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spike magnitude must satisfy 0 <= min <= max: [-1.0, 2.0]");
        assertThatThrownBy(() -> AnomalySpec.builder()
                        .magnitude(AnomalyType.DYNAMICS_CHANGE, 0.5, 1.0).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dynamics-change magnitude must stay below 1");
    }

    @Test
    void toString_namesCountAndRanges() {
        assertThat(AnomalySpec.builder().count(3).types(AnomalyType.SPIKE).build().toString())
                .isEqualTo("AnomalySpec{count=3,"
                        + " spike: duration [1.0, 1.0], magnitude [4.0, 8.0]}");
    }
}
