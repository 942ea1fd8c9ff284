package io.ltcflink.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Tests for {@link SmoothedRecords}. */
final class SmoothedRecordsTest {

    private static final double[] NONE = new double[0];

    /** Half-life 1 record (a new value weighs 1/2), warm-up 1 record, weight 2. */
    private static SmoothedRecords channel() {
        return new SmoothedRecords(NoveltyDetector.Config.builder().warmUp(1)
                .smoothedRecords(1, 2).build());
    }

    @Test
    void state_isThreeLeadingValuesAndNoTable() {
        assertThat(channel().slots()).isEqualTo(3);
        assertThat(channel().tableSize()).isZero();
    }

    @Test
    void gain_isTheWeightThatHalvesTheOldAverageInAHalfLife() {
        assertThat(SmoothedRecords.gain(1)).isEqualTo(0.5);
        double keep = 1 - SmoothedRecords.gain(12);
        assertThat(Math.pow(keep, 12)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void score_averageBeyondItsRange_isTheWeightedOvershoot() {
        SmoothedRecords c = channel();
        double[] s = new double[3];
        c.first(s, 0, 0, 0, 0, NONE, 0);
        // The average goes 0, 1 (a record, but during the warm-up), 1, then 2.5: it breaks the
        // range [0, 1] of the earlier averages by 1.5 widths, weighted 2.
        assertThat(c.score(s, 0, 0, 1, 1, 1, 0, 2, NONE, 0)).isZero();
        assertThat(c.score(s, 0, 0, 2, 2, 1, 0, 1, NONE, 0)).isZero();
        assertThat(c.score(s, 0, 0, 3, 3, 1, 0, 4, NONE, 0)).isEqualTo(3);
        assertThat(s).containsExactly(2.5, 0, 2.5);
    }

    @Test
    void score_writesOnlyItsOwnState() {
        ChannelChecks.assertKeepsToItsState(channel(), 0, 500);
    }
}
