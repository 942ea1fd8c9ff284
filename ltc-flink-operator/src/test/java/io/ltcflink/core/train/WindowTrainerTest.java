package io.ltcflink.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltcflink.core.data.Series;
import io.ltcflink.core.model.Model;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link WindowTrainer}. */
final class WindowTrainerTest {

    private static final Series TRAIN = Series4Tests.oscillator(1, 600, 0.1, 0.6, 0.02);
    private static final Series TEST = Series4Tests.oscillator(2, 300, 0.1, 0.6, 0.02);

    @Test
    void train_lstmWithGapFeature_lossFallsAndBeatsPersistenceOnUnseenData() {
        List<EpochStats> seen = new ArrayList<>();
        TrainingResult r = WindowTrainer.builder()
                .window(8)
                .epochs(15)
                .learningRate(0.02)
                .batchSize(8)
                .logDtInput(true)
                .progressListener((stats, epochs) -> seen.add(stats))
                .build()
                .train(TRAIN, CellFactory.lstm(12));

        assertThat(seen).isEqualTo(r.history());
        assertThat(r.history()).hasSize(16);
        assertThat(r.history().get(15).trainLoss())
                .isLessThan(0.2 * r.history().get(0).trainLoss());
        assertThat(r.model().metadata())
                .containsEntry(WindowForecaster.KEY_WINDOW, "8")
                .containsEntry("task.logDtInput", "true");
        // Persistence misses by the change over one gap; eight readings with their gaps are
        // enough to extrapolate an oscillator much better than that.
        ForecastScore score = WindowForecaster.evaluate(r.model(), TEST);
        assertThat(score.count()).isEqualTo(2 * 299);
        assertThat(score.mse()).isLessThan(0.5 * score.persistenceMse());
    }

    @Test
    void train_sameSeedOneOrThreeThreads_bitIdenticalWeights() {
        WindowTrainer.Builder b = WindowTrainer.builder().window(6).epochs(2).batchSize(5).seed(3);
        Model one = b.threads(1).build().train(TRAIN, CellFactory.lstm(5)).model();
        Model three = b.threads(3).build().train(TRAIN, CellFactory.lstm(5)).model();
        assertThat(three.id()).isEqualTo(one.id());
    }

    @Test
    void train_patience_endsWithinPatienceOfTheBestEpochAndReturnsIt() {
        // A large step makes the validation loss bounce, so some epoch fails to improve.
        TrainingResult r = WindowTrainer.builder().window(4).epochs(25).learningRate(0.3)
                .patience(2).build().train(TRAIN, CellFactory.lstm(3));
        int last = r.history().size() - 1;
        assertThat(last).isLessThanOrEqualTo(r.bestEpoch() + 2);
        double best = r.history().get(r.bestEpoch()).validationLoss();
        for (EpochStats s : r.history()) {
            assertThat(s.validationLoss()).isGreaterThanOrEqualTo(best);
        }
        assertThat(r.model().metadata())
                .containsEntry("training.bestEpoch", Integer.toString(r.bestEpoch()));
    }

    @Test
    void scoredPerChunk_isTheSecondHalfOfTheWindow() {
        // Burn-in is ⌊W/2⌋ steps; the rest are scored, so an odd window scores one more.
        assertThat(WindowTrainer.builder().window(32).build().scoredPerChunk()).isEqualTo(16);
        assertThat(WindowTrainer.builder().window(7).build().scoredPerChunk()).isEqualTo(4);
        assertThat(WindowTrainer.builder().window(1).build().scoredPerChunk()).isEqualTo(1);
    }

    @Test
    void build_badSettings_failNamingTheValue() {
        assertThatThrownBy(() -> WindowTrainer.builder().window(0).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window must be at least 1: 0");
        assertThatThrownBy(() -> WindowTrainer.builder().batchSize(0).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch size must be at least 1: 0");
    }
}
