package io.ltcflink.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tests for {@link ValueRecords}. */
final class ValueRecordsTest {

    private static final double[] NONE = new double[0];

    private static ValueRecords channel(int warmUp) {
        return new ValueRecords(NoveltyDetector.Config.builder().warmUp(warmUp).build());
    }

    @Test
    void state_isTwoLeadingValuesAndNoTable() {
        assertThat(channel(0).slots()).isEqualTo(2);
        assertThat(channel(0).tableSize()).isZero();
    }

    @Test
    void score_afterTheWarmUp_isTheOvershootRelativeToTheRange() {
        ValueRecords c = channel(2);
        double[] s = new double[2];
        c.first(s, 0, 0, 0, 0, NONE, 0);
        c.score(s, 0, 0, 1, 1, 1, 0, 1, NONE, 0);
        c.score(s, 0, 0, 2, 2, 1, 0, 0.5, NONE, 0);
        // The range is [0, 1]: 1.5 breaks it by half its width, and then [0, 1.5] holds 1.5.
        assertThat(c.score(s, 0, 0, 3, 3, 1, 0, 1.5, NONE, 0)).isEqualTo(0.5);
        assertThat(c.score(s, 0, 0, 4, 4, 1, 0, 1.5, NONE, 0)).isZero();
        assertThat(c.score(s, 0, 0, 5, 5, 1, 0, -0.75, NONE, 0)).isEqualTo(0.5);
        assertThat(s).containsExactly(-0.75, 1.5);
    }

    @Test
    void score_duringTheWarmUp_isZeroButWidensTheRange() {
        ValueRecords c = channel(3);
        double[] s = new double[2];
        c.first(s, 0, 0, 0, 1, NONE, 0);
        assertThat(c.score(s, 0, 0, 1, 1, 1, 0, 5, NONE, 0)).isZero();
        assertThat(c.score(s, 0, 0, 3, 3, 1, 0, -3, NONE, 0)).isZero();
        assertThat(s).containsExactly(-3, 5);
        // After the warm-up, 9 breaks [-3, 5] by half its width.
        assertThat(c.score(s, 0, 0, 4, 4, 1, 0, 9, NONE, 0)).isEqualTo(0.5);
    }

    @Test
    void breakout_emptyRange_countsAsATinyWidthAtTheValuesScale() {
        assertThat(ValueRecords.breakout(2, 2, 2)).isZero();
        assertThat(ValueRecords.breakout(3, 2, 2)).isEqualTo(1 / 2e-12);
        assertThat(ValueRecords.breakout(1e-3, 0, 0)).isEqualTo(1e-3 / 1e-12);
    }

    @Test
    void score_writesOnlyItsOwnState() {
        ChannelChecks.assertKeepsToItsState(channel(10), 0, 500);
    }
}
