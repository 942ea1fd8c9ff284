package io.ltcflink.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.model.Model;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model's time unit: chosen from the data, stored in the model, applied by consumers. */
final class ModelTimeUnitTest {

    private static final Series TRAIN = Series4Tests.oscillator(1, 400, 0.1, 0.6, 0.02);

    @Test
    void medianGap_ofIrregularTimes() {
        Series s = new Series(new double[] {0, 0.1, 0.15, 0.45, 0.5},
                new double[][] {{1}, {2}, {3}, {4}, {5}}, null);
        // gaps 0.1, 0.05, 0.3, 0.05: the median of an even count is the mean of the middle two
        assertThat(ModelTimeUnit.medianGap(s)).isCloseTo(0.075, within(1e-15));
        assertThatThrownBy(() -> ModelTimeUnit.medianGap(
                new Series(new double[] {0}, new double[][] {{1}}, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no positive gap");
    }

    @Test
    void metadata_absentIsOne_malformedIsNamed() {
        assertThat(ModelTimeUnit.of(Map.of())).isEqualTo(1.0);
        assertThat(ModelTimeUnit.of(Map.of("time.unit", "0.05"))).isEqualTo(0.05);
        assertThatThrownBy(() -> ModelTimeUnit.of(Map.of("time.unit", "fast")))
                .hasMessage("malformed time.unit in the model's metadata: 'fast'");
        assertThatThrownBy(() -> ModelTimeUnit.of(Map.of("time.unit", "-2")))
                .hasMessageContaining("must be positive and finite: -2.0");
    }

    @Test
    void autoUnit_isStoredAndEvaluationStepsInIt() {
        TrainingResult r = Trainer.builder().epochs(2).batchSize(4).chunkLength(16).timeUnit(0)
                .build().train(TRAIN, CellFactory.ltcFullyConnected(4, false));
        double unit = ModelTimeUnit.medianGap(TRAIN);
        Model m = r.model();
        assertThat(ModelTimeUnit.of(m.metadata())).isEqualTo(unit);
        // Gaps uniform in [0.1, 0.6]: the median is near 0.35.
        assertThat(unit).isBetween(0.3, 0.4);

        // Evaluation applies the unit: the same as stepping the rescaled series by hand.
        double[][] f = Forecasting.forecasts(m, TRAIN);
        RecurrentCell cell = m.cell();
        ForecastTask task = ForecastTask.forModel(m, TRAIN.channels());
        Model unitless = Model.of(cell, m.normalization().orElse(null), task.toMetadata());
        double[][] byHand = Forecasting.forecasts(unitless, ModelTimeUnit.rescale(TRAIN, unit));
        for (int k = 1; k < TRAIN.size(); k++) {
            assertThat(f[k]).containsExactly(byHand[k]);
        }
    }

    @Test
    void defaults_takeTheMedianGapThePlateauScheduleAndTheBudgetsPatience() {
        Trainer.Builder b = Trainer.builder().batchSize(4).chunkLength(16).defaults(40);
        assertThat(b.settings().epochs()).isEqualTo(40);
        assertThat(b.settings().patience()).isEqualTo(TrainingDefaults.MIN_PATIENCE);
        assertThat(Trainer.builder().defaults(TrainingDefaults.EPOCHS).settings().patience())
                .isEqualTo(TrainingDefaults.EPOCHS / 4);

        TrainingResult r = b.epochs(2).build().train(TRAIN, CellFactory.lstm(3));
        assertThat(ModelTimeUnit.of(r.model().metadata()))
                .isEqualTo(ModelTimeUnit.medianGap(TRAIN));
        assertThat(r.model().metadata())
                .containsEntry("training.schedule", TrainingDefaults.SCHEDULE_NAME);
    }

    @Test
    void explicitUnit_ofOne_writesNoKey() {
        TrainingResult r = Trainer.builder().epochs(1).batchSize(4).chunkLength(16)
                .build().train(TRAIN, CellFactory.lstm(3));
        assertThat(r.model().metadata()).doesNotContainKey(ModelTimeUnit.KEY);
    }

    @Test
    void schedules_decayAsDocumented() {
        assertThat(LearningRateSchedule.cosine(0, 100)).isCloseTo(1.0, within(1e-15));
        assertThat(LearningRateSchedule.cosine(50, 100)).isCloseTo(0.51, within(1e-12));
        assertThat(LearningRateSchedule.cosine(100, 100)).isCloseTo(0.02, within(1e-15));
        assertThat(LearningRateSchedule.plateauEpochs(30)).isEqualTo(10);
        assertThat(LearningRateSchedule.plateauEpochs(3)).isEqualTo(2);
        assertThat(LearningRateSchedule.fromName(" Plateau")).isEqualTo(LearningRateSchedule.PLATEAU);
        assertThatThrownBy(() -> LearningRateSchedule.fromName("step"))
                .hasMessage("the learning-rate schedule must be constant, plateau or cosine: step");
    }

    @Test
    void plateauSchedule_changesTheRun_constantDoesNot() {
        Trainer.Builder b = Trainer.builder().epochs(12).batchSize(4).chunkLength(16)
                .patience(6).learningRate(0.05);
        TrainingResult constant = b.build().train(TRAIN, CellFactory.lstm(3));
        TrainingResult plateau = b.schedule(LearningRateSchedule.PLATEAU).build()
                .train(TRAIN, CellFactory.lstm(3));
        assertThat(plateau.model().metadata()).containsEntry("training.schedule", "plateau");
        assertThat(constant.model().metadata()).containsEntry("training.schedule", "constant");
        // The first epochs, before any plateau, are identical.
        assertThat(plateau.history().get(1).trainLoss())
                .isEqualTo(constant.history().get(1).trainLoss());
    }
}
