package io.ltcflink.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tests for {@link SurpriseRecords}. */
final class SurpriseRecordsTest {

    private static final double[] NONE = new double[0];

    /** Half-life 1 record (a new surprise weighs 1/2), warm-up 2, context warm-up 3, weight 1. */
    private static SurpriseRecords channel() {
        return new SurpriseRecords(NoveltyDetector.Config.builder().warmUp(2)
                .novelty(0.3, 3, 50).smoothedRecords(1, 1).surpriseRecords(1).build());
    }

    @Test
    void state_isTwoLeadingValuesAndNoTable() {
        assertThat(channel().slots()).isEqualTo(2);
        assertThat(channel().tableSize()).isZero();
    }

    @Test
    void score_averageAboveItsRecord_isTheExcessRelativeToTheRecord() {
        SurpriseRecords c = channel();
        double[] s = new double[2];
        // A large first surprise averages to 2 but sets no record: the warm-up is not over.
        c.first(s, 0, 0, 0, 0, NONE, 4);
        assertThat(c.score(s, 0, 0, 1, 1, 1, 0, 0, NONE, 0)).isZero();
        assertThat(c.score(s, 0, 0, 2, 2, 1, 0, 0, NONE, 0)).isZero();
        assertThat(s).containsExactly(0.5, 0);
        // After the warm-up the record starts at 0.75, but scores only after the context
        // warm-up: then an average of 1.5 tops it by its own size.
        assertThat(c.score(s, 0, 0, 3, 3, 1, 0, 0, NONE, 1)).isZero();
        assertThat(s).containsExactly(0.75, 0.75);
        assertThat(c.score(s, 0, 0, 4, 4, 1, 0, 0, NONE, 2.25)).isEqualTo(1);
        assertThat(s).containsExactly(1.5, 1.5);
    }

    @Test
    void score_averageBelowItsRecord_isZeroAndKeepsTheRecord() {
        SurpriseRecords c = channel();
        double[] s = new double[2];
        c.first(s, 0, 0, 0, 0, NONE, 0);
        for (int n = 1; n < 10; n++) {
            c.score(s, 0, 0, n, n, 1, 0, 0, NONE, 8);
        }
        double record = s[1];
        assertThat(c.score(s, 0, 0, 10, 10, 1, 0, 0, NONE, 1)).isZero();
        assertThat(s[1]).isEqualTo(record);
    }

    @Test
    void score_writesOnlyItsOwnState() {
        ChannelChecks.assertKeepsToItsState(channel(), 0, 500);
    }
}
