package io.ltcflink.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.core.cell.LstmCell;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.train.WindowForecaster;
import org.junit.jupiter.api.Test;

/** The time semantics of the windowed engine, without any streaming framework. */
final class WindowKeyedForecasterTest {

    private static final LstmCell CELL = LstmCell.initialize(2, 4, 2, 11);
    private static final Model MODEL = Model.of(CELL);

    private static WindowKeyedForecaster engine(Scorer scorer) {
        return new WindowKeyedForecaster(WindowForecaster.of(MODEL, 3, false), null,
                MODEL.metadata(), 1000.0, scorer, false);
    }

    @Test
    void forecastsEachRecordFromTheWindowBeforeIt_withItsGapAsTheLastStep() {
        WindowKeyedForecaster e = engine(ResidualScaleScorer.defaults());
        WindowForecaster direct = WindowForecaster.of(MODEL, 3, false);
        double[][] x = {{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}};
        long[] t = {0, 1000, 3000, 3500, 7500};
        WindowState s = e.onRecord(null, t[0], x[0]);
        assertThat(e.outcome().kind()).isEqualTo(Outcome.Kind.FIRST);
        for (int k = 1; k < x.length; k++) {
            // The window before record k: at most the last three readings with their gaps.
            int from = Math.max(0, k - 3);
            double[] values = new double[2 * k];
            double[] gaps = new double[k];
            for (int j = 0; j < k; j++) {
                values[2 * j] = x[j][0];
                values[2 * j + 1] = x[j][1];
                gaps[j] = j == 0 ? 0 : (t[j] - t[j - 1]) / 1000.0;
            }
            double[] y = new double[2];
            double dt = (t[k] - t[k - 1]) / 1000.0;
            direct.forecast(values, gaps, from, k - from, dt, y);
            s = e.onRecord(s, t[k], x[k]);
            assertThat(e.outcome().kind()).isEqualTo(Outcome.Kind.FORECAST);
            assertThat(e.outcome().dt()).isEqualTo(dt);
            assertThat(e.outcome().forecast()).containsExactly(y);
            assertThat(e.outcome().residual()).containsExactly(x[k][0] - y[0], x[k][1] - y[1]);
        }
        assertThat(s.count).isEqualTo(3);
    }

    @Test
    void lateDuplicateAndAnotherWidth() {
        WindowKeyedForecaster e = engine(ResidualScaleScorer.defaults());
        WindowState s = e.onRecord(null, 5000, new double[] {1, 1});
        // A duplicate of a one-reading window: nothing to forecast from, the reading replaced.
        s = e.onRecord(s, 5000, new double[] {2, 2});
        assertThat(e.outcome().kind()).isEqualTo(Outcome.Kind.FIRST);
        assertThat(e.outcome().flags())
                .isEqualTo(ForecastFlags.FIRST | ForecastFlags.DUPLICATE_TIME);
        assertThat(s.values[0]).isEqualTo(2);
        s = e.onRecord(s, 6000, new double[] {3, 3});
        double[] before = e.outcome().forecast().clone();
        s = e.onRecord(s, 6000, new double[] {4, 4});
        assertThat(e.outcome().flags()).isEqualTo(ForecastFlags.DUPLICATE_TIME);
        assertThat(e.outcome().forecast()).containsExactly(before);
        assertThat(s.count).isEqualTo(2);
        assertThat(s.values[2]).isEqualTo(4);

        assertThat(e.onRecord(s, 5999, new double[] {0, 0})).isNull();
        assertThat(e.outcome().kind()).isEqualTo(Outcome.Kind.LATE);
        assertThat(e.outcome().lastTimestamp()).isEqualTo(6000);

        s.channels = 5;
        WindowState fresh = e.onRecord(s, 7000, new double[] {1, 1});
        assertThat(e.outcome().flags()).isEqualTo(ForecastFlags.FIRST | ForecastFlags.RESET);
        assertThat(fresh.count).isEqualTo(1);
    }

    @Test
    void scorerSeesTheSameObservationsAsInTheCellEngine_firstRecordIncluded() {
        int[] firsts = {0};
        Scorer counting = new Scorer() {
            @Override
            public int stateSize(int channels, int hiddenSize) {
                assertThat(hiddenSize).isZero();
                return channels;
            }

            @Override
            public void first(double[] state, Observation o) {
                firsts[0]++;
                assertThat(o.first()).isTrue();
                assertThat(o.hidden()).isEmpty();
            }

            @Override
            public double score(double[] state, Observation o) {
                assertThat(o.normalizedResidual()).containsExactly(o.residual());
                return 0.5;
            }
        };
        WindowKeyedForecaster e = engine(counting);
        WindowState s = e.onRecord(null, 0, new double[] {1, 1});
        e.onRecord(s, 1000, new double[] {2, 2});
        assertThat(firsts[0]).isEqualTo(1);
        assertThat(e.outcome().score()).isEqualTo(0.5);
        assertThat(s.scorer).hasSize(2);
    }
}
