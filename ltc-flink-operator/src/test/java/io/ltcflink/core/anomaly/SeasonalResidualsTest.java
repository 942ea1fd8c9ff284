package io.ltcflink.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tests for {@link SeasonalResiduals}. */
final class SeasonalResidualsTest {

    private static final double[] NONE = new double[0];
    private static final long DAY = 86_400_000L;
    private static final long HOUR = 3_600_000L;

    private static SeasonalResiduals channel(double weight, int bins, double memory,
            int minReadings) {
        return new SeasonalResiduals(NoveltyDetector.Config.builder().warmUp(0)
                .seasonal(weight, bins, memory, minReadings).build());
    }

    @Test
    void state_isThreeLeadingValuesAndTwoPerBin() {
        SeasonalResiduals c = channel(1, 24, 30, 12);
        assertThat(c.slots()).isEqualTo(3);
        assertThat(c.tableSize()).isEqualTo(48);
    }

    @Test
    void score_binAverage_isARunningMeanThenExponentiallyWeighted() {
        // Two bins of twelve hours, averages over three readings; table from 3.
        SeasonalResiduals c = channel(1, 2, 3, 100);
        double[] s = new double[3 + 4];
        c.first(s, 0, 3, 10 * DAY, 3, NONE, 0);
        c.score(s, 0, 3, 1, 1, 1, 10 * DAY + HOUR, 6, NONE, 0);
        c.score(s, 0, 3, 2, 2, 1, 10 * DAY + 13 * HOUR, 100, NONE, 0);
        c.score(s, 0, 3, 3, 3, 1, 11 * DAY + 2 * HOUR, 9, NONE, 0);
        assertThat(s).containsExactly(0, 0, 0, 3, 6, 1, 100);
        // The fourth reading of the morning bin weighs a third.
        c.score(s, 0, 3, 4, 4, 1, 11 * DAY + 3 * HOUR, 12, NONE, 0);
        assertThat(s[4]).isEqualTo(8);
    }

    @Test
    void score_residualBeyondItsRange_scoresOnlyOnceTheRangeIsSet() {
        // One bin for the whole day, averaging five readings, residuals from the first on.
        SeasonalResiduals c = channel(0.5, 1, 5, 1);
        double[] s = new double[3 + 2];
        c.first(s, 0, 3, 0, 0, NONE, 0);
        for (int n = 1; n < SeasonalResiduals.MIN_RESIDUALS; n++) {
            c.score(s, 0, 3, n, n, 1, n * HOUR, 0, NONE, 0);
        }
        // The 50th residual, 100, is far out of [0, 0] but only sets the range.
        assertThat(c.score(s, 0, 3, 50, 50, 1, 50 * HOUR, 100, NONE, 0)).isZero();
        assertThat(s[4]).isEqualTo(20);
        // 0 is now 20 below the bin's average: it breaks [0, 100] by a fifth of its width.
        assertThat(c.score(s, 0, 3, 51, 51, 1, 51 * HOUR, 0, NONE, 0)).isEqualTo(0.1);
    }

    @Test
    void score_valueUnusualForItsHour_scoresWhereTheSameValueElsewhereDoesNot() {
        SeasonalResiduals c = channel(1, 24, 30, 12);
        double[] s = new double[3 + 48];
        long step = 300_000L;
        for (int n = 0; n < 8 * 288; n++) {
            long t = 10 * DAY + n * step;
            double x = Math.sin(2 * Math.PI * Math.floorMod(t, DAY) / DAY);
            if (n == 0) {
                c.first(s, 0, 3, t, x, NONE, 0);
            } else {
                c.score(s, 0, 3, n, n, 1, t, x, NONE, 0);
            }
        }
        // The daily sine is -1 at 6 p.m. and 1 at 6 a.m.: -1 is usual at six in the evening and
        // far below the hour's average at six in the morning.
        double[] copy = s.clone();
        assertThat(c.score(copy, 0, 3, 8 * 288, 8 * 288, 1, 18 * DAY + 18 * HOUR, -1, NONE, 0)).isZero();
        assertThat(c.score(s, 0, 3, 8 * 288, 8 * 288, 1, 18 * DAY + 6 * HOUR, -1, NONE, 0))
                .isGreaterThan(1);
    }

    @Test
    void score_writesOnlyItsOwnState() {
        ChannelChecks.assertKeepsToItsState(channel(0.3, 24, 30, 12), 0, 3000);
    }
}
