package io.ltcflink.jobs.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.core.data.SystemKind;
import io.ltcflink.core.train.TrainingDefaults;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link BenchmarkModels}' fingerprints and the models it trains. */
final class BenchmarkModelsTest {

    private static final BenchmarkSettings SETTINGS = BenchmarkSettings.quick();

    private static final ModelSpec WITH_LOG_DELTA =
            new ModelSpec("lstm8-w8-gap", ModelSpec.Family.LSTM, 8, 8, true, false);

    @Test
    void fingerprint_namesTheInputsMemoryScheduleAndTimeUnit() {
        assertThat(BenchmarkModels.fingerprint(SystemKind.LORENZ, WITH_LOG_DELTA, SETTINGS))
                .contains("logDelta=true", "mixedMemory=false", "schedule=plateau",
                        "timeUnit=medianGap", "patience=" + SETTINGS.patience())
                .doesNotContain("gapFeature");
    }

    @Test
    void sameFingerprint_rejectsAnotherSpecAnEarlierBudgetOrNone() {
        String current = BenchmarkModels.fingerprint(SystemKind.LORENZ, WITH_LOG_DELTA, SETTINGS);
        ModelSpec without = new ModelSpec("lstm8-w8-gap", ModelSpec.Family.LSTM, 8, 8, false,
                false);
        String other = BenchmarkModels.fingerprint(SystemKind.LORENZ, without, SETTINGS);
        String constantRate = current.replace(" schedule=plateau", "");

        assertThat(BenchmarkModels.sameFingerprint(current, current)).isTrue();
        assertThat(BenchmarkModels.sameFingerprint(current, other)).isFalse();
        assertThat(BenchmarkModels.sameFingerprint(current, constantRate)).isFalse();
        assertThat(BenchmarkModels.sameFingerprint(current, null)).isFalse();
    }

    @Test
    void stateful_models_takeTheTrainingDefaultsForTheirKind() {
        List<ModelSpec> specs = ModelSpec.all(BenchmarkSettings.full());
        ModelSpec fc = specs.get(0);
        ModelSpec ncp = specs.get(1);
        ModelSpec cfc = specs.get(2);

        assertThat(fc.family()).isEqualTo(ModelSpec.Family.LTC_FC);
        assertThat(fc.mixedMemory()).isTrue();
        assertThat(fc.logDelta()).isTrue();
        assertThat(ncp.mixedMemory()).isTrue();
        assertThat(ncp.logDelta()).isTrue();
        assertThat(cfc.family()).isEqualTo(ModelSpec.Family.CFC);
        assertThat(cfc.mixedMemory()).isTrue();
        assertThat(cfc.logDelta()).isFalse();
        assertThat(specs.subList(3, specs.size()))
                .allSatisfy(s -> assertThat(s.mixedMemory()).isFalse())
                .anySatisfy(s -> assertThat(s.logDelta()).isTrue())
                .anySatisfy(s -> assertThat(s.logDelta()).isFalse());
        assertThat(fc.learningRate()).isEqualTo(
                TrainingDefaults.learningRate(fc.family().kind(), true));
    }

    @Test
    void budget_isTheNamedEpochsWithTheDefaultPatienceUnlessSet() {
        BenchmarkSettings full = BenchmarkSettings.full();
        assertThat(full.epochs()).isEqualTo(BenchmarkSettings.EPOCHS);
        assertThat(full.patience()).isEqualTo(TrainingDefaults.patience(BenchmarkSettings.EPOCHS));

        BenchmarkSettings longer = full.toBuilder().epochs(TrainingDefaults.EPOCHS).build();
        assertThat(longer.patience()).isEqualTo(TrainingDefaults.patience(TrainingDefaults.EPOCHS));

        BenchmarkSettings set = full.toBuilder().patience(7).epochs(400).build();
        assertThat(set.patience()).isEqualTo(7);
    }
}
