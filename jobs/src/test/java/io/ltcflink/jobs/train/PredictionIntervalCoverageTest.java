package io.ltcflink.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.core.data.Series;
import io.ltcflink.core.engine.AlertGate;
import io.ltcflink.core.engine.CellKeyedForecaster;
import io.ltcflink.core.engine.IntervalEstimator;
import io.ltcflink.core.engine.KeyState;
import io.ltcflink.core.engine.LongGapPolicy;
import io.ltcflink.core.engine.Outcome;
import io.ltcflink.core.engine.ResidualScaleScorer;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.core.train.ModelTimeUnit;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The prediction interval's empirical coverage on generated data never used to build it: the
 * bundled Lorenz model over Lorenz sensors with 30 % drops and 30 % jitter, other seeds than its
 * training data's, each sensor calibrating its own interval online.
 */
final class PredictionIntervalCoverageTest {

    private static final Path MODEL = Path.of("src/main/resources/models/demo-lorenz.model.json");

    @ParameterizedTest
    @ValueSource(doubles = {0.8, 0.9, 0.95})
    void coverage_onUnseenIrregularLorenz_isWithinThreePointsOfTheTarget(double coverage)
            throws Exception {
        Model model = ModelFiles.read(MODEL);
        double millisPerUnit = 1000.0 * ModelTimeUnit.of(model.metadata());
        CellKeyedForecaster engine = new CellKeyedForecaster(model, model.cell(),
                new CellKeyedForecaster.Settings(millisPerUnit, Double.POSITIVE_INFINITY,
                        LongGapPolicy.RESET, null, null, ResidualScaleScorer.defaults(), null,
                        null, new AlertGate(0.99, 0.9, 0), false,
                        new IntervalEstimator(coverage, 0.05)));
        long inside = 0;
        long counted = 0;
        for (long seed = 101; seed <= 108; seed++) {
            Series s = DataSpec.builder().source("lorenz").samples(1500L).dropRate(0.3)
                    .jitter(0.3).seed(seed).build().load();
            KeyState state = null;
            for (int k = 0; k < s.size(); k++) {
                state = engine.onRecord(state, Math.round(s.time(k) * 1000), s.values(k));
                Outcome o = engine.outcome();
                // The first 100 records of a sensor calibrate its interval; count the rest.
                if (k < 100 || !o.hasInterval()) {
                    continue;
                }
                for (int c = 0; c < o.actual().length; c++) {
                    counted++;
                    if (o.actual()[c] >= o.lower()[c] && o.actual()[c] <= o.upper()[c]) {
                        inside++;
                    }
                }
            }
        }
        double empirical = (double) inside / counted;
        assertThat(counted).isGreaterThan(25_000);
        assertThat(empirical).as("empirical coverage").isBetween(coverage - 0.03, coverage + 0.03);
    }
}
