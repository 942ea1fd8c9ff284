package io.ltcflink.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ltcflink.core.cell.Activation;
import io.ltcflink.core.cell.CfcMode;
import io.ltcflink.core.cell.LstmCell;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.Normalization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link Forecasting}. */
final class ForecastingTest {

    private static final Series SERIES = Series4Tests.oscillator(8, 40, 0.2, 0.9, 0.01);

    /** A model over both channels with a non-trivial normalisation and the given task. */
    private static Model model(ForecastTask task) {
        RecurrentCell cell = CellFactory.cfc(5, CfcMode.NO_GATE, Activation.TANH, 6, 1, true)
                .create(task.inputSize(), task.outputSize(), 3);
        double[] inShift = new double[task.inputSize()];
        double[] inScale = new double[task.inputSize()];
        java.util.Arrays.fill(inShift, 0.2);
        java.util.Arrays.fill(inScale, 0.7);
        double[] outShift = new double[task.outputSize()];
        double[] outScale = new double[task.outputSize()];
        java.util.Arrays.fill(outShift, -0.1);
        java.util.Arrays.fill(outScale, 1.5);
        return Model.of(cell, new Normalization(inShift, inScale, outShift, outScale),
                task.toMetadata());
    }

    @Test
    void forecasts_followTheOperatorSemantics() {
        ForecastTask task = ForecastTask.of(2, true, 1);
        Model model = model(task);
        double[][] f = Forecasting.forecasts(model, SERIES);

        assertThat(f[0]).containsOnly(Double.NaN);
        // Re-run by hand: step k takes x_{k−1} and log Δ_k, normalised, over Δ_k.
        RecurrentCell.Stepper stepper = model.cell().newStepper();
        double[] state = new double[model.cell().stateSize()];
        double[] y = new double[1];
        for (int k = 1; k < SERIES.size(); k++) {
            double[] x = {
                (SERIES.value(k - 1, 0) - 0.2) / 0.7,
                (SERIES.value(k - 1, 1) - 0.2) / 0.7,
                (Math.log(SERIES.gap(k)) - 0.2) / 0.7
            };
            stepper.step(state, x, SERIES.gap(k), y);
            assertThat(f[k][0]).isEqualTo(y[0] * 1.5 - 0.1);
        }
    }

    @Test
    void evaluate_scoresModelAndPersistenceOnTheSameSamples() {
        Model model = model(ForecastTask.of(2, false));
        double[][] f = Forecasting.forecasts(model, SERIES);
        ForecastScore s = Forecasting.evaluate(model, SERIES);

        double mse = 0;
        double smape = 0;
        double persistence = 0;
        for (int k = 1; k < SERIES.size(); k++) {
            for (int c = 0; c < 2; c++) {
                double y = SERIES.value(k, c);
                mse += (f[k][c] - y) * (f[k][c] - y);
                smape += Math.abs(f[k][c] - y) / (Math.abs(f[k][c]) + Math.abs(y));
                double p = SERIES.value(k - 1, c);
                persistence += (p - y) * (p - y);
            }
        }
        int n = 2 * (SERIES.size() - 1);
        assertThat(s.count()).isEqualTo(n);
        assertThat(s.mse()).isCloseTo(mse / n, within(1e-15));
        assertThat(s.smape()).isCloseTo(200 * smape / n, within(1e-12));
        assertThat(s.persistenceMse()).isCloseTo(persistence / n, within(1e-15));
        assertThat(s.mseRatio()).isEqualTo(s.mse() / s.persistenceMse());
    }

    @Test
    void evaluate_zeroOverZeroTerms_areSkippedInSmape() {
        // Channel values 0, 0, 2, 2: persistence is exact and 0/0 at k = 1, exact at k = 3.
        Series s = new Series(new double[] {0, 1, 2, 3},
                new double[][] {{0}, {0}, {2}, {2}}, null);
        LstmCell cell = LstmCell.initialize(1, 2, 1, 1);
        ForecastScore score = Forecasting.evaluate(Model.of(cell), s);
        // Terms: k=1 skipped (0/0), k=2: |0 − 2| / 2 = 1, k=3: 0 / 4 = 0 → 200 · 1/2.
        assertThat(score.persistenceSmape()).isEqualTo(100.0);
        assertThat(score.persistenceMse()).isEqualTo(4.0 / 3);
    }

    @Test
    void rollout_firstStepsEqualOneStepForecastsOfTheExtendedSeries() {
        ForecastTask task = ForecastTask.of(2, true);
        Model model = model(task);
        double dt = 0.25;
        double[][] roll = Forecasting.rollout(model, SERIES, 2, dt);

        // Extend the series by the first forecast at t_last + dt, then by the second.
        int n = SERIES.size();
        double[] t = new double[n + 2];
        double[][] x = new double[n + 2][];
        for (int k = 0; k < n; k++) {
            t[k] = SERIES.time(k);
            x[k] = SERIES.values(k);
        }
        t[n] = t[n - 1] + dt;
        x[n] = roll[0];
        t[n + 1] = t[n] + dt;
        x[n + 1] = roll[1];
        double[][] f = Forecasting.forecasts(model, new Series(t, x, null));
        assertThat(roll[0]).containsExactly(f[n]);
        // (t_n + dt) − t_n is dt only to rounding, so log Δ may differ in the last bit.
        assertThat(roll[1][0]).isCloseTo(f[n + 1][0], within(1e-12));
        assertThat(roll[1][1]).isCloseTo(f[n + 1][1], within(1e-12));
    }

    @Test
    void rollout_modelOfATargetSubset_isRejected() {
        Model model = model(ForecastTask.of(2, false, 0));
        assertThatThrownBy(() -> Forecasting.rollout(model, SERIES, 5, 0.5))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must forecast every channel")
                .hasMessageContaining("[0]");
        Model all = model(ForecastTask.of(2, false));
        assertThatThrownBy(() -> Forecasting.rollout(all, SERIES, 0, 0.5))
                .hasMessageContaining("horizon must be at least 1: 0");
        assertThatThrownBy(() -> Forecasting.rollout(all, SERIES, 3, 0))
                .hasMessageContaining("dt must be positive and finite: 0.0");
    }

    @Test
    void evaluate_seriesOfOtherWidth_isRejectedNamingBoth() {
        Model model = model(ForecastTask.of(2, false));
        Series one = new Series(new double[] {0, 1}, new double[][] {{1}, {2}}, null);
        assertThatThrownBy(() -> Forecasting.evaluate(model, one))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trained on 2 channels but the series has 1");
    }

    @Test
    void forModel_withoutMetadata_forecastsAllChannels() {
        LstmCell cell = LstmCell.initialize(2, 3, 2, 1);
        assertThat(ForecastTask.forModel(Model.of(cell), 2)).isEqualTo(ForecastTask.of(2, false));
        assertThatThrownBy(() -> ForecastTask.forModel(Model.of(cell), 3))
                .hasMessageContaining("the task needs 3 inputs");
    }

    @Test
    void fromMetadata_roundTripsAndRejectsMalformedEntries() {
        ForecastTask task = ForecastTask.of(4, true, 3, 1);
        assertThat(ForecastTask.fromMetadata(task.toMetadata())).contains(task);
        assertThat(ForecastTask.fromMetadata(Map.of())).isEmpty();
        assertThatThrownBy(() -> ForecastTask.fromMetadata(Map.of(
                        "task", "one-step-ahead", "task.channels", "2",
                        "task.targetChannels", "0,x", "task.logDtInput", "false")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed task metadata");
        assertThatThrownBy(() -> ForecastTask.of(2, false, 1, 1))
                .hasMessageContaining("target channel 1 is listed twice");
    }
}
