package io.ltcflink.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests for {@link Stats}. */
final class StatsTest {

    @ParameterizedTest
    @CsvSource({"0, 100", "1, 100", "33.3, 100", "33.4, 200", "50, 200", "66.7, 300", "99, 300",
        "100, 300"})
    void percentileNearestRank_ofThreeValues(double p, long expected) {
        assertThat(Stats.percentileNearestRank(new long[] {100, 200, 300}, 3, p))
                .isEqualTo(expected);
    }

    @Test
    void percentileNearestRank_usesOnlyTheFirstCountValues() {
        long[] buffer = {1, 2, 3, 4, 0, 0, 0, 0};

        assertThat(Stats.percentileNearestRank(buffer, 4, 50)).isEqualTo(2);
        assertThat(Stats.percentileNearestRank(buffer, 4, 100)).isEqualTo(4);
        assertThat(Stats.percentileNearestRank(buffer, 1, 99)).isEqualTo(1);
    }

    @Test
    void percentileNearestRank_isAlwaysOneOfTheValuesWithEnoughAtOrBelow() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(50);
            long[] v = rng.longs(n, 0, 1000).sorted().toArray();
            double p = rng.nextDouble(0.1, 100.0);
            long q = Stats.percentileNearestRank(v, n, p);
            long atOrBelow = Arrays.stream(v).filter(x -> x <= q).count();
            long below = Arrays.stream(v).filter(x -> x < q).count();
            assertThat(100.0 * atOrBelow / n).isGreaterThanOrEqualTo(p);
            assertThat(100.0 * below / n).isLessThan(p);
        }
    }

    @Test
    void percentileNearestRank_rejectsNoValuesAndPercentilesOutsideTheRange() {
        assertThatThrownBy(() -> Stats.percentileNearestRank(new long[] {1}, 0, 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count must be in [1, 1]: 0");
        assertThatThrownBy(() -> Stats.percentileNearestRank(new long[] {1}, 2, 50))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.percentileNearestRank(new long[] {1}, 1, 100.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percentile must be in [0, 100]: 100.5");
        assertThatThrownBy(() -> Stats.percentileNearestRank(new long[] {1}, 1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void medianInterpolated_oddCount_isTheMiddleValue() {
        assertThat(Stats.medianInterpolated(new double[] {1, 2, 10})).isEqualTo(2.0);
        assertThat(Stats.medianInterpolated(new double[] {7.5})).isEqualTo(7.5);
    }

    @Test
    void medianInterpolated_evenCount_isTheMeanOfTheTwoMiddleValues() {
        assertThat(Stats.medianInterpolated(new double[] {1, 2, 4, 10})).isEqualTo(3.0);
        // Computed as 0.5 · (a + b), to the last bit.
        assertThat(Stats.medianInterpolated(new double[] {0.1, 0.2})).isEqualTo(0.5 * (0.1 + 0.2));
    }

    @Test
    void higherMedian_evenCount_isTheHigherMiddleValue() {
        assertThat(Stats.higherMedian(new long[] {1, 2, 3, 4})).isEqualTo(3);
        assertThat(Stats.higherMedian(new long[] {1, 2, 3})).isEqualTo(2);
        assertThat(Stats.higherMedian(new long[] {9})).isEqualTo(9);
    }

    @Test
    void medians_ofNoValues_fail() {
        assertThatThrownBy(() -> Stats.medianInterpolated(new double[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.higherMedian(new long[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void smape_skipsZeroOverZeroAndIsInPercent() {
        // Terms: |1-3|/(1+3) = 0.5, 0/0 skipped, |2-2|/4 = 0: 200 · 0.25 = 50.
        assertThat(Stats.smape(new double[] {1, 0, 2}, new double[] {3, 0, 2}))
                .isCloseTo(50.0, within(1e-12));
    }

    @Test
    void smape_isSymmetricAndAtMost200() {
        double[] f = {1.5, -2, 0, 4};
        double[] a = {1, 2, 3, 0.5};

        assertThat(Stats.smape(f, a)).isEqualTo(Stats.smape(a, f));
        // Opposite signs and a zero against a non-zero each give the largest term, 2.
        assertThat(Stats.smape(new double[] {-1, 0}, new double[] {1, 5})).isEqualTo(200.0);
    }

    @Test
    void smape_onlyZeroOverZero_isNaN() {
        assertThat(Stats.smape(new double[] {0, 0}, new double[] {0, 0})).isNaN();
        assertThat(Stats.smape(new double[0], new double[0])).isNaN();
    }

    @Test
    void smape_lengthsDiffer_fails() {
        assertThatThrownBy(() -> Stats.smape(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 forecasts for 1 actual values");
    }

    @Test
    void runningSmape_equalsTheArrayFormAndCountsTheTermsItKeeps() {
        double[] f = {1, 0, 2, 5, -3};
        double[] a = {3, 0, 2, 4, 3};
        Stats.RunningSmape running = new Stats.RunningSmape();
        assertThat(running.percent()).isNaN();

        for (int i = 0; i < f.length; i++) {
            running.add(f[i], a[i]);
        }

        assertThat(running.count()).isEqualTo(4);
        assertThat(running.percent()).isEqualTo(Stats.smape(f, a));
        assertThat(running.percent())
                .isCloseTo(200.0 * (0.5 + 0 + 1.0 / 9 + 1) / 4, within(1e-12));
    }
}
