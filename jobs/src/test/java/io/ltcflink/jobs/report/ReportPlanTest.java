package io.ltcflink.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ltcflink.core.cell.CellKind;
import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.data.Generator;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.data.SystemKind;
import io.ltcflink.core.train.TrainingDefaults;
import io.ltcflink.jobs.report.ReportPlan.Condition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link ReportPlan}. */
final class ReportPlanTest {

    @Test
    void burst_longRun_losesTheStatedFraction() {
        for (double f : new double[] {0.1, 0.3, 0.5}) {
            Condition c = Condition.burst(f);
            // 40 000 kept samples hold about 40000 · f / (5 (1 − f)) bursts: thousands, so
            // the measured fraction is within a percent or two of the long-run one.
            Series s = Generator.builder().system(SystemKind.OSCILLATOR).samples(40_000)
                    .sampling(c.sampling(SystemKind.OSCILLATOR)).seed(3).build().generate();
            double period = SystemKind.OSCILLATOR.defaultPeriod();
            assertThat(TrainingReport.measuredLoss(s, period)).as("f = %s", f)
                    .isCloseTo(f, within(0.02));
        }
    }

    @Test
    void standard_conditions_coverRegularJitterAndBothLossKinds() {
        List<Condition> all = Condition.standard();
        assertThat(all).extracting(Condition::id).containsExactly("regular", "jitter-50",
                "bernoulli-10", "bernoulli-30", "bernoulli-50", "burst-10", "burst-30",
                "burst-50");
        assertThat(Condition.bernoulli(0.3).dropRate()).isEqualTo(0.3);
        // r = f / (L (1 − f) + f) with L = 5: 0.3 / 3.8.
        assertThat(Condition.burst(0.3).burstRate()).isCloseTo(0.3 / 3.8, within(1e-15));
    }

    @Test
    void fullAndQuick_trainEveryContenderOnTheSameGrid() {
        ReportPlan full = ReportPlan.full();
        ReportPlan quick = ReportPlan.quick();
        assertThat(full.contenders()).extracting(ReportPlan.Contender::name).containsExactly(
                "ltc-fc-16+mm+logdt", "ltc-autoncp-32+mm+logdt", "cfc-16+mm", "lstm-16",
                "lstm-32", "lstm-64", "lstm-32+logdt");
        assertThat(quick.contenders()).isEqualTo(full.contenders());
        assertThat(full.gridRuns()).isEqualTo(2 * 8 * 7);
        assertThat(quick.epochs()).isLessThan(full.epochs());
    }

    @Test
    void contenders_trainWithTheTrainingDefaultsOfTheirCell() {
        for (ReportPlan.Contender c : ReportPlan.full().contenders()) {
            CellKind kind = c.cell().kind();
            assertThat(c.mixedMemory()).as(c.name()).isEqualTo(kind != CellKind.LSTM);
            assertThat(c.learningRate()).as(c.name())
                    .isEqualTo(TrainingDefaults.learningRate(kind, c.mixedMemory()));
            if (kind != CellKind.LSTM) {
                assertThat(c.logDelta()).as(c.name()).isEqualTo(kind == CellKind.LTC);
            }
        }
        RecurrentCell ltc = ReportPlan.full().contenders().get(0).factory().create(4, 3, 1L);
        assertThat(((LtcCell) ltc).config().mixedMemory()).isTrue();
    }

    @Test
    void budget_isTheNamedEpochsWithTheDefaultPatience() {
        ReportPlan full = ReportPlan.full();
        assertThat(full.epochs()).isEqualTo(ReportPlan.FULL_EPOCHS);
        assertThat(full.patience()).isEqualTo(TrainingDefaults.patience(ReportPlan.FULL_EPOCHS));
        ReportPlan longer = full.withEpochs(TrainingDefaults.EPOCHS);
        assertThat(longer.patience()).isEqualTo(TrainingDefaults.patience(TrainingDefaults.EPOCHS));
    }

    @Test
    void constructor_sameTrainAndTestSeed_isRejected() {
        ReportPlan p = ReportPlan.quick();
        assertThatThrownBy(() -> new ReportPlan("x", p.systems(), p.conditions(),
                p.contenders(), 100, 100, 1, 0, 5L, 5L, 0, List.of()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the test seed must differ from the training seed: 5");
    }
}
