package io.ltcflink.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ltcflink.core.stats.Stats;
import org.junit.jupiter.api.Test;

/** Tests for {@link TrainingReport}'s scores. */
final class TrainingReportTest {

    /** 750 points of a unit sine (std 1/√2), as the NeuroBench test split is long. */
    private static double[] sine() {
        double[] y = new double[750];
        for (int j = 0; j < y.length; j++) {
            y[j] = Math.sin(0.1 * j);
        }
        return y;
    }

    @Test
    void validTime_perfectRollout_isTheWholeHorizon() {
        double[] truth = sine();
        // 750 points at 75 per Lyapunov time.
        assertThat(TrainingReport.validTime(truth.clone(), truth)).isEqualTo(10.0);
    }

    @Test
    void validTime_errorAboveHalfAStdAtPoint150_isTwoLyapunovTimes() {
        double[] truth = sine();
        double[] forecast = truth.clone();
        // Half the std of a unit sine is 0.354: 0.3 stays valid, 0.4 does not.
        forecast[100] += 0.3;
        forecast[150] += 0.4;
        assertThat(TrainingReport.validTime(forecast, truth)).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void smape_skipsZeroOverZeroAndIsInPercent() {
        // Terms: |1-3|/(1+3) = 0.5, 0/0 skipped, |2-2|/4 = 0: 200 · 0.25 = 50.
        assertThat(Stats.smape(new double[] {1, 0, 2}, new double[] {3, 0, 2}))
                .isCloseTo(50.0, within(1e-12));
    }
}
