package io.ltcflink.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Tests for {@link ContextNovelty}. */
final class ContextNoveltyTest {

    private static final int TABLE = 6;

    /** Contexts are the one hidden value as it is, without the phase. */
    private static NoveltyDetector.Builder plain() {
        return NoveltyDetector.Config.builder().contextScaling(0, 1).phaseWeight(0);
    }

    private static double score(ContextNovelty c, double[] s, int seen, double h) {
        return c.score(s, 0, TABLE, seen, seen, 1, 0, 0, new double[] {h}, 0);
    }

    @Test
    void state_isSixLeadingValuesAndTheDelayLineAndMemory() {
        NoveltyDetector.Config config = plain().phaseWeight(1).memory(16, 4, 2).build();
        ContextNovelty c = new ContextNovelty(config, 3);
        assertThat(ContextNovelty.dimension(config, 3)).isEqualTo(5);
        assertThat(c.slots()).isEqualTo(6);
        assertThat(c.tableSize()).isEqualTo((2 + 1 + 16) * 5);
    }

    @Test
    void constructor_noContextValue_failsWithTheSettings() {
        assertThatThrownBy(() -> new ContextNovelty(plain().build(), 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hiddenSize 0, phase weight 0.0");
    }

    @Test
    void first_writesTheScaledContextAndThePhase() {
        NoveltyDetector.Config config = NoveltyDetector.Config.builder().contextScaling(0.25, 4)
                .phaseWeight(1.5).build();
        ContextNovelty c = new ContextNovelty(config, 1);
        double[] s = new double[TABLE + c.tableSize()];
        // Midnight: the phase is (1.5 cos 0, 1.5 sin 0).
        c.first(s, 0, TABLE, 86_400_000L * 3, 0, new double[] {0.75}, 0);
        assertThat(s[TABLE]).isEqualTo(2);
        assertThat(s[TABLE + 1]).isEqualTo(1.5);
        assertThat(s[TABLE + 2]).isZero();
    }

    @Test
    void score_contextFarFromMemory_scoresItsOvershootOfTheDistanceRecord() {
        // Every context is remembered at once, in a ring of four; distances score from the
        // third on, against the all-time record.
        ContextNovelty c = new ContextNovelty(plain().memory(4, 1, 0).novelty(1, 0, 2)
                .noveltyHalfLife(Double.POSITIVE_INFINITY).build(), 1);
        double[] s = new double[TABLE + c.tableSize()];
        c.first(s, 0, TABLE, 0, 0, new double[] {0}, 0);
        // Distances 1 (to 0) and 2 (3 to 1) set the record [1, 2]; 0.5 (3.5 to 3) is familiar.
        assertThat(score(c, s, 1, 1)).isZero();
        assertThat(score(c, s, 2, 3)).isZero();
        assertThat(score(c, s, 3, 3.5)).isZero();
        // 9.5 is 6 from everything remembered: it tops the record 2 by 4, 8/3 of the width of
        // the distances' range [0.5, 2].
        assertThat(score(c, s, 4, 9.5)).isCloseTo(4 / 1.5, within(1e-12));
        // The ring wraps: 9.5 takes the place of 0, and 3.2 is near 3.
        assertThat(score(c, s, 5, 3.2)).isZero();
        assertThat(s[TABLE + 1]).isEqualTo(9.5);
        assertThat(s[3]).isEqualTo(4);
    }

    @Test
    void score_memory_keepsEveryStoreEveryThContextStoreDelayRecordsLate() {
        // Every second context, one record late: the delay line holds two.
        ContextNovelty c = new ContextNovelty(plain().memory(8, 2, 1).novelty(1, 100, 0)
                .build(), 1);
        double[] s = new double[TABLE + c.tableSize()];
        c.first(s, 0, TABLE, 0, 0, new double[] {10}, 0);
        for (int n = 1; n <= 5; n++) {
            score(c, s, n, 10 + n);
        }
        // Records 2 and 4 moved the contexts of records 0 and 2 on; record 5 is in the line.
        int memory = TABLE + 2;
        assertThat(s[3]).isEqualTo(2);
        assertThat(s[memory]).isEqualTo(10);
        assertThat(s[memory + 1]).isEqualTo(12);
        assertThat(s[memory + 2]).isZero();
        assertThat(s[TABLE + 1]).isEqualTo(15);
    }

    @Test
    void score_beforeItsWarmUp_measuresNoDistance() {
        ContextNovelty c = new ContextNovelty(plain().memory(4, 1, 0).novelty(1, 3, 0).build(),
                1);
        double[] s = new double[TABLE + c.tableSize()];
        c.first(s, 0, TABLE, 0, 0, new double[] {0}, 0);
        for (int n = 1; n <= 3; n++) {
            assertThat(score(c, s, n, 100 * n)).isZero();
        }
        assertThat(s[0]).isZero();
        score(c, s, 4, 0);
        assertThat(s[0]).isEqualTo(1);
    }

    @Test
    void score_writesOnlyItsOwnState() {
        ContextNovelty c = new ContextNovelty(NoveltyDetector.Config.builder().memory(16, 3, 2)
                .novelty(0.3, 20, 5).noveltyHalfLife(100).build(), 3);
        ChannelChecks.assertKeepsToItsState(c, 3, 2000);
    }
}
