package io.ltcflink.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests for {@link NoveltyDetector}. */
final class NoveltyDetectorTest {

    private static final long T0 = 1_400_000_000_000L;
    private static final long STEP = 300_000L;

    /** Only value records, no maturity factor, no suppression: the score is r / (r + 0.01). */
    private static NoveltyDetector.Config recordsOnly() {
        return NoveltyDetector.Config.builder().warmUp(10)
                .novelty(0, 0, 0).phaseWeight(0).maturity(0).seasonal(0, 24, 30, 12)
                .suppressAfterAlert(0).smoothedRecords(12, 0).surpriseRecords(0).build();
    }

    @Test
    void breakout_insideAndOutsideTheRange_isTheRelativeOvershoot() {
        assertThat(ValueRecords.breakout(5, 0, 10)).isZero();
        assertThat(ValueRecords.breakout(12, 0, 10)).isCloseTo(0.2, within(1e-15));
        assertThat(ValueRecords.breakout(-5, 0, 10)).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void score_newMaximum_scoresItsOvershootAfterTheWarmUp() {
        NoveltyDetector d = new NoveltyDetector(recordsOnly(), 0);
        double[] s = new double[d.stateSize()];
        for (int i = 0; i <= 10; i++) {
            // 0, 1, 0, 1, ...: the range is [0, 1]; nothing scores during the warm-up.
            assertThat(d.score(s, 0, T0 + i * STEP, i % 2, new double[0], 0)).isZero();
        }
        assertThat(d.score(s, 0, T0 + 11 * STEP, 0.5, new double[0], 0)).isZero();
        // 1.5 overshoots the range [0, 1] by half its width: r = 0.5, score 0.5 / 0.51.
        assertThat(d.score(s, 0, T0 + 12 * STEP, 1.5, new double[0], 0))
                .isCloseTo(0.5 / 0.51, within(1e-12));
        // The range is now [0, 1.5]; 1.5 again is no record.
        assertThat(d.score(s, 0, T0 + 13 * STEP, 1.5, new double[0], 0)).isZero();
    }

    @Test
    void score_maturity_scalesByRecordsSeen() {
        NoveltyDetector d = new NoveltyDetector(recordsOnly().toBuilder().maturity(30).build(), 0);
        double[] s = new double[d.stateSize()];
        for (int i = 0; i < 30; i++) {
            d.score(s, 0, T0 + i * STEP, i % 2, new double[0], 0);
        }
        // 30 records seen: factor 30 / (30 + 30) = 1/2 on r = 1 (2 breaks [0, 1] by its width).
        assertThat(d.score(s, 0, T0 + 30 * STEP, 2, new double[0], 0))
                .isCloseTo(0.5 / 0.51, within(1e-12));
    }

    @Test
    void score_unfamiliarContext_scoresAndFamiliarOneDoesNot() {
        NoveltyDetector.Config c = NoveltyDetector.Config.builder().warmUp(10)
                .phaseWeight(0).maturity(0).memory(64, 1, 0)
                .novelty(1, 20, 10).contextScaling(0, 1).build();
        NoveltyDetector d = new NoveltyDetector(c, 2);
        double[] s = new double[d.stateSize()];
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < 300; i++) {
            double[] h = {rnd.nextDouble(), rnd.nextDouble()};
            d.score(s, 0, T0 + i * STEP, 1, h, 0);
        }
        // Inside the unit square every point has a near neighbour among the last 64; (5, 5) is
        // farther from all of them than any distance seen so far.
        assertThat(d.score(s, 0, T0 + 300 * STEP, 1, new double[] {0.5, 0.5}, 0)).isZero();
        assertThat(d.score(s, 0, T0 + 301 * STEP, 1, new double[] {5, 5}, 0)).isGreaterThan(0.99);
    }

    @Test
    void score_noveltyHalfLife_letsTheEarlyDistanceRecordFade() {
        // Early contexts jump between far corners (large distances set the record); then the
        // stream settles near the origin. A context at distance ~3 from everything remembered is
        // below the early record but far above the settled distances.
        double[] scores = new double[2];
        double[] halfLives = {Double.POSITIVE_INFINITY, 50};
        for (int run = 0; run < 2; run++) {
            NoveltyDetector.Config c = NoveltyDetector.Config.builder().warmUp(10)
                    .phaseWeight(0).maturity(0).memory(400, 1, 0)
                    .novelty(1, 0, 5).noveltyHalfLife(halfLives[run]).contextScaling(0, 1)
                    .build();
            NoveltyDetector d = new NoveltyDetector(c, 2);
            double[] s = new double[d.stateSize()];
            for (int i = 0; i < 12; i++) {
                double[] h = {i % 2 == 0 ? 10 * i : -10 * i, 10 * i};
                d.score(s, 0, T0 + i * STEP, 1, h, 0);
            }
            for (int i = 12; i < 400; i++) {
                d.score(s, 0, T0 + i * STEP, 1, new double[] {0.01 * (i % 10), 0}, 0);
            }
            scores[run] = d.score(s, 0, T0 + 400 * STEP, 1, new double[] {0, 3}, 0);
        }
        assertThat(scores[0]).isZero();
        assertThat(scores[1]).isGreaterThan(0.99);
    }

    @Test
    void score_sameInput_sameScores() {
        NoveltyDetector d = new NoveltyDetector(NoveltyDetector.Config.defaults(), 3);
        double[] a = new double[d.stateSize()];
        double[] b = new double[d.stateSize()];
        SplittableRandom rnd = new SplittableRandom(9);
        for (int i = 0; i < 3000; i++) {
            double x = Math.sin(i / 40.0) + 0.1 * rnd.nextGaussian() + (i == 2500 ? 5 : 0);
            double[] h = {Math.sin(i / 40.0), Math.cos(i / 90.0), x / 3};
            long t = T0 + i * STEP;
            assertThat(d.score(a, 0, t, x, h, 0)).isEqualTo(d.score(b, 0, t, x, h, 0));
        }
        assertThat(a).containsExactly(b);
    }

    @Test
    void score_smoothedRecords_flagALevelShiftInsideTheRangeOfAnOldSpike() {
        double[] best = new double[2];
        double[] weights = {0, 1};
        for (int run = 0; run < 2; run++) {
            NoveltyDetector d = new NoveltyDetector(
                    recordsOnly().toBuilder().smoothedRecords(12, weights[run]).build(), 0);
            double[] s = new double[d.stateSize()];
            for (int i = 0; i < 300; i++) {
                // 0, 1, 0, 1, ... with one spike to 100: the value range is [0, 100] from then on.
                double x = i == 50 ? 100 : i % 2;
                d.score(s, 0, T0 + i * STEP, x, new double[0], 0);
            }
            for (int i = 300; i < 320; i++) {
                // The level moves to 30: no value record, but the average climbs out of its
                // range (about [0.4, 6.3]; the spike moved it little) by a quarter of the range
                // and more at each step.
                best[run] = Math.max(best[run],
                        d.score(s, 0, T0 + i * STEP, 30 + i % 2, new double[0], 0));
            }
        }
        assertThat(best[0]).isZero();
        assertThat(best[1]).isGreaterThan(0.9);
    }

    @Test
    void score_surpriseRecords_flagAForecastWorseThanEverWhileValuesStayInRange() {
        double[] best = new double[2];
        double[] weights = {0, 1};
        for (int run = 0; run < 2; run++) {
            NoveltyDetector d = new NoveltyDetector(
                    recordsOnly().toBuilder().surpriseRecords(weights[run]).build(), 0);
            double[] s = new double[d.stateSize()];
            SplittableRandom rnd = new SplittableRandom(3);
            for (int i = 0; i < 1000; i++) {
                d.score(s, 0, T0 + i * STEP, i % 2, new double[0], rnd.nextDouble());
            }
            for (int i = 1000; i < 1020; i++) {
                // Values as before, but every forecast misses by 3 deviations: the average
                // surprise (about 0.5 so far) soon passes its record (below 1).
                best[run] = Math.max(best[run],
                        d.score(s, 0, T0 + i * STEP, i % 2, new double[0], 3));
            }
        }
        assertThat(best[0]).isZero();
        assertThat(best[1]).isGreaterThan(0.9);
    }

    @Test
    void score_suppression_reportsOnlyTheExcessOverTheAlertUntilItEnds() {
        double[][] scores = new double[2][];
        int[] periods = {0, 5};
        for (int run = 0; run < 2; run++) {
            NoveltyDetector d = new NoveltyDetector(
                    recordsOnly().toBuilder().suppressAfterAlert(periods[run]).build(), 0);
            double[] s = new double[d.stateSize()];
            int i = 0;
            for (; i < 20; i++) {
                d.score(s, 0, T0 + i * STEP, i % 2, new double[0], 0);
            }
            double[] xs = {2, 2.5, 0, 1, 0, 1, 0, 3};
            scores[run] = new double[xs.length];
            for (int k = 0; k < xs.length; k++, i++) {
                scores[run][k] = d.score(s, 0, T0 + i * STEP, xs[k], new double[0], 0);
            }
        }
        // 2 breaks [0, 1] by r = 1: an alert either way.
        assertThat(scores[0][0]).isCloseTo(1 / 1.01, within(1e-12));
        assertThat(scores[1][0]).isCloseTo(1 / 1.01, within(1e-12));
        // 2.5 breaks [0, 2] by r = 0.25, less than the alert's 1: suppressed, not unsuppressed.
        assertThat(scores[0][1]).isCloseTo(0.25 / 0.26, within(1e-12));
        assertThat(scores[1][1]).isZero();
        // Five quiet records end the period (the last alert was 2.5); 3 breaks [0, 2.5] by 0.2.
        assertThat(scores[1][7]).isCloseTo(0.2 / 0.21, within(1e-12));
        assertThat(scores[0][7]).isEqualTo(scores[1][7]);
    }

    @Test
    void score_regularStream_isTheSameInEventTimeAndInRecords() {
        NoveltyDetector.Config c = NoveltyDetector.Config.defaults();
        NoveltyDetector periods = new NoveltyDetector(c.toBuilder().eventTime(true, 0.05).build(), 3);
        NoveltyDetector records = new NoveltyDetector(c.toBuilder().eventTime(false, 0.02).build(), 3);
        double[] a = new double[periods.stateSize()];
        double[] b = new double[records.stateSize()];
        SplittableRandom rnd = new SplittableRandom(5);
        double[] h = new double[3];
        for (int i = 0; i < 3000; i++) {
            for (int k = 0; k < 3; k++) {
                h[k] = rnd.nextDouble();
            }
            double x = Math.sin(i / 40.0) + 0.1 * rnd.nextGaussian() + (i % 700 == 699 ? 4 : 0);
            double surprise = Math.abs(rnd.nextGaussian());
            long t = T0 + i * STEP;
            assertThat(periods.score(a, 0, t, x, h, surprise))
                    .as("record %s", i).isEqualTo(records.score(b, 0, t, x, h, surprise));
        }
        assertThat(periods.period(a, 0)).isEqualTo(STEP);
        assertThat(periods.elapsed(a, 0)).isEqualTo(2999);
    }

    @Test
    void period_dropsAndJitter_settleOnTheSamplingPeriod() {
        NoveltyDetector d = new NoveltyDetector(
                recordsOnly().toBuilder().eventTime(true, 0.05).build(), 0);
        double[] s = new double[d.stateSize()];
        SplittableRandom rnd = new SplittableRandom(9);
        int kept = 0;
        for (int i = 0; i < 5000; i++) {
            if (rnd.nextDouble() < 0.3 && i > 0) {
                continue;
            }
            long t = T0 + i * STEP + Math.round((rnd.nextDouble() - 0.5) * 0.6 * STEP);
            d.score(s, 0, t, rnd.nextGaussian(), new double[0], 0);
            kept++;
        }
        assertThat(kept).isLessThan(3800);
        // The tracker settles on the gaps' 40th percentile: with 30 % lost and timestamps moved
        // by up to 0.3 periods that is 1.045 periods, give or take the tracker's own noise.
        assertThat(d.period(s, 0)).isCloseTo(1.045 * STEP, within(0.1 * STEP));
        // The clock counts periods, not records: about 5000 of them.
        assertThat(d.elapsed(s, 0)).isCloseTo(5000, within(500.0));
    }

    @Test
    void elapsed_aLongGap_advancesTheClockByAtMostMaxStep() {
        NoveltyDetector d = new NoveltyDetector(
                recordsOnly().toBuilder().eventTime(true, 0.05).build(), 0);
        double[] s = new double[d.stateSize()];
        d.score(s, 0, T0, 0, new double[0], 0);
        d.score(s, 0, T0 + STEP, 1, new double[0], 0);
        assertThat(d.elapsed(s, 0)).isEqualTo(1);
        // A day without records (288 periods) counts as three.
        d.score(s, 0, T0 + 289 * STEP, 0, new double[0], 0);
        assertThat(d.elapsed(s, 0)).isEqualTo(4);
        assertThatThrownBy(() -> recordsOnly().toBuilder().maxStep(0.5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxStep");
    }

    @Test
    void score_warmUpAndSuppression_lastTheSameEventTimeWhateverIsLost() {
        // Four regular records set the period; then every other record is lost. The warm-up of
        // 10 periods and the suppression of 6 periods are then fewer records. (The period
        // tracker's gain is tiny here so that the period stays exact over these few records.)
        NoveltyDetector d = new NoveltyDetector(recordsOnly().toBuilder().suppressAfterAlert(6)
                .eventTime(true, 1e-9).build(), 0);
        double[] s = new double[d.stateSize()];
        long[] at = {0, 1, 2, 3, 5, 7, 9, 11};
        for (int k = 0; k < at.length; k++) {
            assertThat(d.score(s, 0, T0 + at[k] * STEP, k % 2, new double[0], 0)).isZero();
        }
        // Period 12 is past the warm-up though only eight records were seen: 5 breaks [0, 1]
        // by r = 4, an alert.
        assertThat(d.score(s, 0, T0 + 12 * STEP, 5, new double[0], 0))
                .isCloseTo(4 / 4.01, within(1e-12));
        // Suppressed for 6 periods after the alert, which are 3 records here: 7 breaks [0, 5] by
        // 0.4, less than the alert's 4, and scores nothing at period 18 ...
        double[] copy = s.clone();
        assertThat(d.score(copy, 0, T0 + 14 * STEP, 0, new double[0], 0)).isZero();
        assertThat(d.score(copy, 0, T0 + 16 * STEP, 0, new double[0], 0)).isZero();
        assertThat(d.score(copy, 0, T0 + 18 * STEP, 7, new double[0], 0)).isZero();
        // ... but scores its own 0.4 at period 20, 8 periods after the alert.
        assertThat(d.score(s, 0, T0 + 14 * STEP, 0, new double[0], 0)).isZero();
        assertThat(d.score(s, 0, T0 + 16 * STEP, 0, new double[0], 0)).isZero();
        assertThat(d.score(s, 0, T0 + 18 * STEP, 0, new double[0], 0)).isZero();
        assertThat(d.score(s, 0, T0 + 20 * STEP, 7, new double[0], 0))
                .isCloseTo(0.4 / 0.41, within(1e-12));
        // Counted in records, the same stream was still warming up at period 12.
        NoveltyDetector r = new NoveltyDetector(recordsOnly().toBuilder().suppressAfterAlert(6)
                .eventTime(false, 0.02).build(), 0);
        double[] q = new double[r.stateSize()];
        for (int k = 0; k < at.length; k++) {
            r.score(q, 0, T0 + at[k] * STEP, k % 2, new double[0], 0);
        }
        assertThat(r.score(q, 0, T0 + 12 * STEP, 5, new double[0], 0)).isZero();
    }

    @Test
    void score_seasonalChannel_flagsABrokenDailyShapeInsideTheRange() {
        long day = 86_400_000L;
        double[] scores = new double[2];
        double[] weights = {0, 1};
        for (int run = 0; run < 2; run++) {
            NoveltyDetector d = new NoveltyDetector(
                    recordsOnly().toBuilder().seasonal(weights[run], 24, 30, 12).build(), 0);
            double[] s = new double[d.stateSize()];
            long t = 0;
            for (int i = 0; i < 8 * 288; i++) {
                t = 10 * day + i * STEP;
                d.score(s, 0, t, Math.sin(2 * Math.PI * Math.floorMod(t, day) / day),
                        new double[0], 0);
            }
            // 6 a.m. on the ninth day, when the daily sine peaks at 1: the value 0 is well inside
            // the stream's range [-1, 1], but about 1 below its hour's average.
            scores[run] = d.score(s, 0, 18 * day + day / 4, 0, new double[0], 0);
        }
        assertThat(scores[0]).isZero();
        assertThat(scores[1]).isGreaterThan(0.99);
    }

    @Test
    void stateSize_seasonalChannel_addsTwoValuesPerBinOnlyWhenOn() {
        NoveltyDetector off = new NoveltyDetector(recordsOnly(), 3);
        NoveltyDetector on = new NoveltyDetector(
                recordsOnly().toBuilder().seasonal(0.3, 24, 30, 12).build(), 3);
        assertThat(on.stateSize() - off.stateSize()).isEqualTo(48);
    }

    @Test
    void builder_negativeWeight_failsWithTheValues() {
        assertThatThrownBy(() -> NoveltyDetector.Config.builder().novelty(-1, 0, 0).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weights must be >= 0")
                .hasMessageContaining("novelty -1.0");
    }
}
