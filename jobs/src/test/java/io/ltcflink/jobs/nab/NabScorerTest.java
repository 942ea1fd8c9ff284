package io.ltcflink.jobs.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link NabScorer}.
 *
 * <p>The files have 100 one-minute rows unless said otherwise, so rows 0 to 14 are the
 * probationary period (floor(0.15 * 100) = 15). Expected values use 2 sigmoid(z) - 1 =
 * tanh(z / 2): the scaled sigmoid of a position y is tanh(-2.5 y), and tanh(2.5) = 0.98661 is
 * its value at a window's start.
 */
final class NabScorerTest {

    private static final NabProfile STANDARD = NabProfile.published().get(0);
    private static final NabProfile LOW_FP = NabProfile.published().get(1);
    private static final NabProfile LOW_FN = NabProfile.published().get(2);
    private static final LocalDateTime T0 = LocalDateTime.of(2020, 1, 1, 0, 0);
    private static final double EPS = 1e-12;

    private static LocalDateTime at(int row) {
        return T0.plusMinutes(row);
    }

    /** A series of {@code scores.length} rows with windows given as row pairs (first, last). */
    private static NabSeries series(String key, double[] scores, int... windowRows) {
        List<LocalDateTime> times = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            times.add(at(i));
        }
        List<NabWindow> windows = new ArrayList<>();
        for (int k = 0; k < windowRows.length; k += 2) {
            windows.add(new NabWindow(at(windowRows[k]), at(windowRows[k + 1])));
        }
        return NabSeries.of(key, times, scores, windows);
    }

    /** 100 zero scores with the given rows set to the given score. */
    private static double[] scores(double score, int... rows) {
        double[] s = new double[100];
        for (int r : rows) {
            s[r] = score;
        }
        return s;
    }

    private static NabScore.ProfileScore standard(NabSeries... files) {
        return new NabScorer(List.of(STANDARD)).score(List.of(files)).profiles().get(0);
    }

    /** The scaled sigmoid of relative position y, written independently of the scorer. */
    private static double sigma(double y) {
        return Math.tanh(-2.5 * y);
    }

    @Test
    void probationaryRows_fifteenPercentFloored_cappedAt750() {
        assertThat(NabScorer.probationaryRows(100)).isEqualTo(15);
        // 0.15 * 4032 = 604.8, floored: NAB's ec2 files of 4032 rows skip 604.
        assertThat(NabScorer.probationaryRows(4032)).isEqualTo(604);
        assertThat(NabScorer.probationaryRows(6)).isZero();
        assertThat(NabScorer.probationaryRows(5000)).isEqualTo(750);
        assertThat(NabScorer.probationaryRows(22695)).isEqualTo(750);
    }

    @Test
    void scaledSigmoid_windowStartAndFarPast_matchNab() {
        assertThat(NabScorer.scaledSigmoid(-1.0)).isCloseTo(0.98661, within(1e-5));
        assertThat(NabScorer.scaledSigmoid(-0.5)).isCloseTo(0.84828, within(1e-5));
        assertThat(NabScorer.scaledSigmoid(0.0)).isZero();
        // Exactly 3 is still on the curve; only beyond it is the score clamped to -1.
        assertThat(NabScorer.scaledSigmoid(3.0)).isCloseTo(sigma(3.0), within(EPS));
        assertThat(NabScorer.scaledSigmoid(3.0001)).isEqualTo(-1.0);
    }

    @Test
    void score_detectionAtWindowStart_earnsTheFullTpWeight() {
        NabScore.ProfileScore r = standard(series("c/a.csv", scores(1, 40), 40, 49));

        assertThat(r.total().raw()).isCloseTo(1.0, within(EPS));
        assertThat(r.total().tp()).isEqualTo(1);
        assertThat(r.total().fn()).isZero();
        // null = -1 (the window missed), perfect = +1: 100 (1 + 1) / (1 + 1).
        assertThat(r.normalized()).isCloseTo(100.0, within(1e-10));
        assertThat(r.threshold()).isEqualTo(1.0);
    }

    @Test
    void score_detectionAtWindowEnd_earnsLittle() {
        NabScore.ProfileScore r = standard(series("c/a.csv", scores(1, 49), 40, 49));

        // The last of 10 rows sits at y = -(49 - 49 + 1) / 10 = -0.1, never at 0.
        double expected = sigma(-0.1) / sigma(-1.0);
        assertThat(expected).isCloseTo(0.24824, within(1e-5));
        assertThat(r.total().raw()).isCloseTo(expected, within(EPS));
        assertThat(r.normalized()).isCloseTo(100 * (expected + 1) / 2, within(1e-10));
    }

    @Test
    void score_falsePositiveJustAfterWindow_costsLessThanOneFarAfter() {
        NabScore.ProfileScore near = standard(series("c/a.csv", scores(1, 40, 50), 40, 49));
        NabScore.ProfileScore far = standard(series("c/a.csv", scores(1, 40, 90), 40, 49));

        // Row 50 is 1 row past the end of a 10-row window: x = 1 / (10 - 1).
        assertThat(near.total().raw()).isCloseTo(1 + 0.11 * sigma(1.0 / 9), within(EPS));
        assertThat(0.11 * sigma(1.0 / 9)).isCloseTo(-0.02979, within(1e-5));
        // Row 90 is 41 rows past: x = 41 / 9 > 3, the full false-positive weight.
        assertThat(far.total().raw()).isCloseTo(1 - 0.11, within(EPS));
        assertThat(near.total().fp()).isEqualTo(1);
        assertThat(far.total().fp()).isEqualTo(1);
    }

    @Test
    void score_falsePositive_isWeightedByThePrecedingWindowsWidth() {
        // Windows of 10 and 30 rows; row 75 is 6 rows past the second: x = 6 / 29, not 6 / 9.
        NabSeries file = series("c/a.csv", scores(1, 20, 40, 75), 20, 29, 40, 69);
        NabScore.ProfileScore r = standard(file);

        assertThat(r.total().raw()).isCloseTo(2 + 0.11 * sigma(6.0 / 29), within(EPS));
    }

    @Test
    void score_falsePositiveBeforeAnyWindow_costsTheFullWeight() {
        NabScore.ProfileScore r = standard(series("c/a.csv", scores(1, 20, 40), 40, 49));

        assertThat(r.total().raw()).isCloseTo(1 - 0.11, within(EPS));
    }

    @Test
    void score_detectionsInProbationaryPeriod_areIgnored() {
        double[] s = scores(1, 40);
        for (int i = 0; i < 15; i++) {
            s[i] = 1;
        }
        NabScore.ProfileScore r = standard(series("c/a.csv", s, 40, 49));
        assertThat(r.total().raw()).isCloseTo(1.0, within(EPS));
        assertThat(r.total().fp()).isZero();

        // Row 15 is the first scored row: a false positive before any window.
        s[15] = 1;
        NabScore.ProfileScore next = standard(series("c/a.csv", s, 40, 49));
        assertThat(next.total().raw()).isCloseTo(1 - 0.11, within(EPS));
        assertThat(next.total().fp()).isEqualTo(1);
    }

    @Test
    void score_windowInsideProbationaryPeriod_countsForNothing() {
        NabScore.ProfileScore r = standard(series("c/a.csv", scores(1, 40), 5, 9, 40, 49));

        // Only the second window is scored: null -1, no false negative; the perfect score counts
        // both labelled windows, as NAB's normaliser does: 100 (1 + 1) / (2 + 1).
        assertThat(r.total().raw()).isCloseTo(1.0, within(EPS));
        assertThat(r.total().nullScore()).isEqualTo(-1.0);
        assertThat(r.total().perfect()).isCloseTo(2.0, within(EPS));
        assertThat(r.total().fn()).isZero();
        assertThat(r.total().normalized()).isCloseTo(200.0 / 3, within(1e-9));
    }

    @Test
    void score_windowCutByProbationaryPeriod_perfectCountsItWhole() {
        // Rows 10-19 are the window, 15 the first scored row. Detecting at row 15 earns the sigmoid
        // of its position (-5/10), less than a whole tpWeight, yet NAB's perfect score is 1.
        double[] s = scores(1, 15);
        NabScore.ProfileScore r = standard(series("c/a.csv", s, 10, 19));
        double earned = 2 / (1 + Math.exp(5 * -0.5)) - 1;
        double maxTp = 2 / (1 + Math.exp(-5.0)) - 1;
        assertThat(r.total().raw()).isCloseTo(earned / maxTp, within(EPS));
        assertThat(r.total().perfect()).isCloseTo(1.0, within(EPS));
        assertThat(r.total().normalized())
                .isCloseTo(100 * (earned / maxTp + 1) / 2, within(1e-9));
    }

    @Test
    void score_severalDetectionsInWindow_onlyTheEarliestCounts() {
        double[] s = scores(1, 45, 47);
        s[40] = 0.5;
        NabScore.ProfileScore r = standard(series("c/a.csv", s, 40, 49));

        // Lowering the threshold to 0.5 adds the detection at the window's start; the later two
        // add nothing, and the window counts once.
        assertThat(r.threshold()).isEqualTo(0.5);
        assertThat(r.total().raw()).isCloseTo(1.0, within(EPS));
        assertThat(r.total().tp()).isEqualTo(1);

        NabScore.ProfileScore late = standard(series("c/a.csv", scores(1, 45, 47), 40, 49));
        // Row 45 of a 10-row window ending at 49: y = -(49 - 45 + 1) / 10 = -0.5.
        assertThat(late.total().raw()).isCloseTo(sigma(-0.5) / sigma(-1.0), within(EPS));
    }

    @Test
    void score_missedWindow_costsTheFnWeight() {
        NabSeries file = series("c/a.csv", scores(1, 30), 30, 39, 60, 69);
        NabScore score = new NabScorer(List.of(STANDARD, LOW_FN)).score(List.of(file));

        NabScore.ProfileScore standard = score.profile("standard");
        assertThat(standard.total().raw()).isCloseTo(1 - 1, within(EPS));
        assertThat(standard.total().tp()).isEqualTo(1);
        assertThat(standard.total().fn()).isEqualTo(1);
        // null -2, perfect +2: 100 (0 + 2) / 4.
        assertThat(standard.normalized()).isCloseTo(50, within(1e-10));

        NabScore.ProfileScore lowFn = score.profile("reward_low_FN_rate");
        assertThat(lowFn.total().raw()).isCloseTo(1 - 2, within(EPS));
        // null -4, perfect +2: 100 (-1 + 4) / 6.
        assertThat(lowFn.normalized()).isCloseTo(50, within(1e-10));
    }

    @Test
    void score_thresholdSweep_maximisesTheSumOverAllFiles() {
        double[] a = scores(0.5, 80, 85, 90);
        a[40] = 0.8;
        NabSeries fileA = series("c/a.csv", a, 40, 49);
        NabSeries fileB = series("c/b.csv", scores(0.5, 40), 40, 49);

        // Alone, file a is best at 0.8 (1.0 against 1 - 3 * 0.11 at 0.5).
        assertThat(standard(fileA).threshold()).isEqualTo(0.8);
        assertThat(standard(fileA).total().raw()).isCloseTo(1.0, within(EPS));

        // Together: nothing -2, 0.8 gives 1 - 1 = 0, 0.5 gives (1 - 0.33) + 1 = 1.67.
        NabScore.ProfileScore both = standard(fileA, fileB);
        assertThat(both.threshold()).isEqualTo(0.5);
        assertThat(both.total().raw()).isCloseTo(1.67, within(EPS));
        assertThat(both.files().get("c/a.csv").raw()).isCloseTo(0.67, within(EPS));
        assertThat(both.files().get("c/a.csv").fp()).isEqualTo(3);
        assertThat(both.files().get("c/b.csv").raw()).isCloseTo(1.0, within(EPS));
        assertThat(both.categories()).containsOnlyKeys("c");
        assertThat(both.categories().get("c").tp()).isEqualTo(2);
    }

    @Test
    void score_profiles_chooseTheirOwnThresholds() {
        // A detection at the window's start comes only with far false positives of the same score.
        double[] s = scores(0.6, 80, 82, 84, 86, 88, 90, 92, 94, 96);
        s[40] = 0.6;
        NabSeries file = series("c/a.csv", s, 40, 49);
        NabScore score = new NabScorer(List.of(STANDARD, LOW_FP)).score(List.of(file));

        // Nine false positives: standard 1 - 0.99 = 0.01 > -1; low FP 1 - 1.98 = -0.98 > -1.
        assertThat(score.profile("standard").threshold()).isEqualTo(0.6);
        assertThat(score.profile("reward_low_FP_rate").threshold()).isEqualTo(0.6);
        assertThat(score.profile("reward_low_FP_rate").total().raw())
                .isCloseTo(1 - 9 * 0.22, within(EPS));

        // Eleven (row 70 is 21 / 9 = 2.3 widths past, almost the full weight): low FP about
        // 1 - 11 * 0.22 = -1.42 < -1, so it detects nothing; standard, 1 - 1.21 > -1, detects.
        s[70] = 0.6;
        s[75] = 0.6;
        NabScore more = new NabScorer(List.of(STANDARD, LOW_FP))
                .score(List.of(series("c/a.csv", s, 40, 49)));
        assertThat(more.profile("standard").threshold()).isEqualTo(0.6);
        assertThat(more.profile("reward_low_FP_rate").threshold())
                .isEqualTo(NabScorer.NO_DETECTION_THRESHOLD);
        assertThat(more.profile("reward_low_FP_rate").total().raw()).isEqualTo(-1.0);
    }

    @Test
    void score_equalSums_preferTheHigherThreshold() {
        double[] s = scores(0.9, 40);
        s[45] = 0.7;
        NabScore.ProfileScore r = standard(series("c/a.csv", s, 40, 49));

        // 0.7 adds only a later detection in a window already detected: same sum as 0.9.
        assertThat(r.threshold()).isEqualTo(0.9);
    }

    @Test
    void score_constantScores_scoreAsTheNullDetector() {
        double[] s = new double[100];
        Arrays.fill(s, 0.5);
        NabScore.ProfileScore r = standard(series("c/a.csv", s, 40, 49));

        // Detecting every row costs ~75 false positives; detecting nothing wins.
        assertThat(r.threshold()).isEqualTo(NabScorer.NO_DETECTION_THRESHOLD);
        assertThat(r.total().raw()).isEqualTo(-1.0);
        assertThat(r.normalized()).isZero();
    }

    @Test
    void score_scoresAboveOne_noDetectionThresholdStaysAboveThem() {
        double[] s = scores(5.0, 20, 60, 70, 80, 90, 95, 97, 99, 98, 96, 94, 93, 92, 91, 89, 88);
        NabScore.ProfileScore r = standard(series("c/a.csv", s, 40, 49));

        assertThat(r.threshold()).isGreaterThan(5.0);
        assertThat(r.total().fp()).isZero();
    }

    @Test
    void scoreAt_givenThresholds_skipsTheSweep() {
        NabSeries file = series("c/a.csv", scores(0.9, 40, 90), 40, 49);
        NabScorer scorer = new NabScorer(List.of(STANDARD));

        assertThat(scorer.scoreAt(List.of(file), Map.of("standard", 0.95)).profiles().get(0)
                .normalized()).isZero();
        assertThat(scorer.scoreAt(List.of(file), Map.of("standard", 0.9)).profiles().get(0)
                .total().raw()).isCloseTo(1 - 0.11, within(EPS));
        assertThatThrownBy(() -> scorer.scoreAt(List.of(file), Map.of("other", 0.9)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no threshold for profile standard");
    }

    @Test
    void score_noWindows_normalisedScoreIsUndefined() {
        NabScore.ProfileScore r = standard(series("c/a.csv", scores(1, 50)));

        // Detecting only costs here, so nothing is detected; with no window, null = perfect = 0.
        assertThat(r.threshold()).isEqualTo(NabScorer.NO_DETECTION_THRESHOLD);
        assertThat(r.total().raw()).isZero();
        assertThat(r.normalized()).isNaN();
    }

    @Test
    void series_windowEndNotATimestamp_failsNamingFileAndWindow() {
        List<LocalDateTime> times = List.of(at(0), at(1), at(2));
        List<NabWindow> windows = List.of(new NabWindow(at(1), at(1).plusSeconds(30)));

        assertThatThrownBy(() -> NabSeries.of("c/a.csv", times, new double[3], windows))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c/a.csv")
                .hasMessageContaining("2020-01-01 00:01:30, which is not a timestamp of the file");
    }

    @Test
    void series_windowsOutOfOrder_fail() {
        assertThatThrownBy(() -> series("c/a.csv", new double[100], 40, 49, 20, 29))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("windows must be in order");
    }

    @Test
    void series_nanScore_failsNamingTheRow() {
        double[] s = new double[100];
        s[7] = Double.NaN;
        assertThatThrownBy(() -> series("c/a.csv", s))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c/a.csv: the anomaly score of row 7 must be finite: NaN");
    }

    @Test
    void score_sameFileTwice_fails() {
        NabSeries file = series("c/a.csv", new double[100]);
        assertThatThrownBy(() -> standard(file, file))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("file c/a.csv is given twice");
    }
}
