package io.ltcflink.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltcflink.core.cell.LstmCell;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.Normalization;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link WindowForecaster}. */
final class WindowForecasterTest {

    private static final Normalization NORM = new Normalization(
            new double[] {0.5, -1, 0.2}, new double[] {2, 3, 0.5}, new double[] {1, 2},
            new double[] {4, 0.25});

    private static Model model(boolean logDelta, int window) {
        LstmCell cell = LstmCell.initialize(logDelta ? 3 : 2, 5, 2, 11);
        Map<String, String> meta = new HashMap<>(ForecastTask.of(2, logDelta).toMetadata());
        meta.put(WindowForecaster.KEY_WINDOW, Integer.toString(window));
        Normalization n = logDelta ? NORM : new Normalization(new double[] {0.5, -1},
                new double[] {2, 3}, new double[] {1, 2}, new double[] {4, 0.25});
        return Model.of(cell, n, meta);
    }

    /** The definition, step by step: zero state, W task steps, read the last output. */
    private static double[] direct(Model m, Series s, int k, int w, boolean logDelta) {
        RecurrentCell.Stepper st = m.cell().newStepper();
        double[] h = new double[m.cell().stateSize()];
        double[] y = new double[2];
        for (int j = Math.max(0, k - w); j < k; j++) {
            double[] x = new double[m.cell().inputSize()];
            x[0] = s.value(j, 0);
            x[1] = s.value(j, 1);
            if (logDelta) {
                x[2] = Math.log(s.gap(j + 1));
            }
            m.normalization().orElseThrow().normalizeInput(x, x);
            st.step(h, x, s.gap(j + 1), y);
        }
        m.normalization().orElseThrow().denormalizeOutput(y);
        return y;
    }

    @Test
    void forecasts_withAndWithoutLogDelta_equalTheStepByStepDefinition() {
        Series s = Series4Tests.oscillator(5, 40, 0.1, 0.9, 0.01);
        for (boolean logDelta : new boolean[] {false, true}) {
            Model m = model(logDelta, 6);
            double[][] f = WindowForecaster.forecasts(m, s);
            assertThat(f[0][0]).isNaN();
            // k = 3 uses a partial window (3 readings), k = 20 a full one (6 readings).
            for (int k : new int[] {1, 3, 6, 20, 39}) {
                assertThat(f[k]).as("k=%s logDelta=%s", k, logDelta)
                        .containsExactly(direct(m, s, k, 6, logDelta));
            }
        }
    }

    @Test
    void forecast_moreReadingsThanTheWindow_usesOnlyTheLastW() {
        Model m = model(true, 3);
        WindowForecaster f = WindowForecaster.of(m);
        double[] values = {9, 9, 1, 2, 3, 4, 5, 6};
        double[] gaps = {0, 0.3, 0.2, 0.4};
        double[] all = new double[2];
        double[] last3 = new double[2];
        f.forecast(values, gaps, 0, 4, 0.5, all);
        f.forecast(values, gaps, 1, 3, 0.5, last3);
        assertThat(all).containsExactly(last3);
    }

    @Test
    void of_modelWithoutWindow_failsNamingTheKey() {
        Model m = Model.of(LstmCell.initialize(2, 3, 2, 1));
        assertThatThrownBy(() -> WindowForecaster.of(m))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("task.window");
    }
}
