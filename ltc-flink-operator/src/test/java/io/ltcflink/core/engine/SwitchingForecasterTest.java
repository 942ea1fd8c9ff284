package io.ltcflink.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ReferenceDumpImporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The model timeline and the switch policies, without any streaming framework. */
final class SwitchingForecasterTest {

    private static Model ltc;
    private static Model autoNcp;

    @BeforeAll
    static void load() throws Exception {
        ltc = ReferenceDumpImporter.importFile(Path.of("src/test/resources/golden/ltc_fc_small.json"));
        autoNcp = ReferenceDumpImporter.importFile(
                Path.of("src/test/resources/golden/ltc_autoncp.json"));
    }

    private static CellKeyedForecaster engine(String id, Model m) {
        return engine(id, m, null);
    }

    private static CellKeyedForecaster engine(String id, Model m, IntervalEstimator interval) {
        return new CellKeyedForecaster(id, m, m.cell(), new CellKeyedForecaster.Settings(1000.0,
                Double.POSITIVE_INFINITY, LongGapPolicy.RESET, null, null,
                ResidualScaleScorer.defaults(), null, null, new AlertGate(0.99, 0.9, 0), false,
                interval));
    }

    private static final double[] X = {0.5, -1.0, 2.0};

    @Test
    void recordsFromTheEffectiveTimeOn_goToTheNewModel_carrySteppingOnFromTheState() {
        CellKeyedForecaster a = engine("a", ltc);
        // The same parameters under another id: carrying over must change nothing but the id.
        CellKeyedForecaster b = engine("b", ltc);
        SwitchingForecaster s = new SwitchingForecaster(a, ltc.id(), SwapPolicy.RESET);
        List<String> switches = new ArrayList<>();
        s.onSwitch(() -> switches.add(s.activeModel()));
        s.schedule(5_000L, b, ltc.id(), SwapPolicy.CARRY, 0);
        CellKeyedForecaster alone = engine("a", ltc);

        KeyState k = s.onRecord(null, 1_000, X);
        KeyState ref = alone.onRecord(null, 1_000, X);
        k = s.onRecord(k, 3_000, X);
        ref = alone.onRecord(ref, 3_000, X);
        assertThat(s.outcome().modelId()).isEqualTo("a");
        assertThat(s.activeModel()).isEqualTo("a");

        k = s.onRecord(k, 6_000, X);
        ref = alone.onRecord(ref, 6_000, X);
        assertThat(s.outcome().modelId()).isEqualTo("b");
        assertThat(s.outcome().switchAction()).isEqualTo(Outcome.SwitchAction.CARRY);
        assertThat(s.outcome().kind()).isEqualTo(Outcome.Kind.FORECAST);
        assertThat(s.outcome().forecast()).containsExactly(alone.outcome().forecast());
        assertThat(k.modelId).isEqualTo("b");
        assertThat(switches).containsExactly("b");

        // Late in arrival order: no switch back, nothing changes.
        assertThat(s.onRecord(k, 2_000, X)).isNull();
        assertThat(s.outcome().kind()).isEqualTo(Outcome.Kind.LATE);
        assertThat(s.outcome().switchAction()).isEqualTo(Outcome.SwitchAction.NONE);
        s.onRecord(k, 7_000, X);
        assertThat(s.outcome().switchAction()).isEqualTo(Outcome.SwitchAction.NONE);
    }

    @Test
    void reset_startsTheKeyAfresh_carryFallsBackWhenTheLayoutsDiffer() {
        CellKeyedForecaster a = engine("a", ltc);
        SwitchingForecaster s = new SwitchingForecaster(a, ltc.id(), SwapPolicy.RESET);
        KeyState k = s.onRecord(null, 1_000, X);
        k = s.onRecord(k, 2_000, X);
        // The same cell with per-key interval statistics: another state layout.
        CellKeyedForecaster wider = engine("ncp", ltc, IntervalEstimator.defaults());
        assertThat(wider.stateLayout()).isNotEqualTo(a.stateLayout());
        s.schedule(null, wider, ltc.id(), SwapPolicy.CARRY, 0);
        assertThat(s.activeModel()).isEqualTo("ncp");
        k = s.onRecord(k, 3_000, X);
        assertThat(s.outcome().switchAction()).isEqualTo(Outcome.SwitchAction.CARRY_FALLBACK);
        assertThat(s.outcome().kind()).isEqualTo(Outcome.Kind.FIRST);
        assertThat(s.outcome().modelReset()).isTrue();

        s.schedule(null, engine("a", ltc), ltc.id(), SwapPolicy.RESET, 1);
        s.onRecord(k, 4_000, X);
        assertThat(s.outcome().switchAction()).isEqualTo(Outcome.SwitchAction.RESET);
        assertThat(s.outcome().kind()).isEqualTo(Outcome.Kind.FIRST);
        assertThat(s.outcome().modelId()).isEqualTo("a");
    }

    @Test
    void aModelOfAnotherWidthOrAnIdOfAnotherModel_cannotJoin_andTheWatermarkPrunes() {
        SwitchingForecaster s = new SwitchingForecaster(engine("a", ltc), ltc.id(),
                SwapPolicy.RESET);
        assertThat(s.problem(engine("n", autoNcp), autoNcp.id()))
                .isEqualTo("model n takes readings of 4 values; this operator's have 3");
        assertThat(s.problem(engine("a", ltc, IntervalEstimator.defaults()), "other content"))
                .contains("model id a already names another model");
        assertThatThrownBy(() -> s.schedule(1L, engine("n", autoNcp), autoNcp.id(),
                SwapPolicy.RESET, 0)).isInstanceOf(IllegalArgumentException.class);

        s.schedule(10L, engine("b", ltc), ltc.id(), SwapPolicy.RESET, 5);
        s.schedule(20L, engine("c", ltc), ltc.id(), SwapPolicy.RESET, 6);
        assertThat(s.prune(15)).extracting(SwitchingForecaster.Entry::sequence)
                .containsExactly(-1L);
        assertThat(s.entries()).extracting(SwitchingForecaster.Entry::modelId)
                .containsExactly("b", "c");
        assertThat(s.at(0).modelId()).isEqualTo("b");
        assertThat(s.at(25).modelId()).isEqualTo("c");
    }

    @Test
    void carryWarm_stepsOnFromTheState_butJudgesTheNewModelByStatisticsOfItsOwn() {
        SwitchingForecaster carry = new SwitchingForecaster(
                engine("a", ltc, IntervalEstimator.defaults()), ltc.id(), SwapPolicy.RESET);
        SwitchingForecaster warm = new SwitchingForecaster(
                engine("a", ltc, IntervalEstimator.defaults()), ltc.id(), SwapPolicy.RESET);
        long switchAt = 100_000;
        carry.schedule(switchAt, engine("b", ltc, IntervalEstimator.defaults()), ltc.id(),
                SwapPolicy.CARRY, 0);
        warm.schedule(switchAt, engine("b", ltc, IntervalEstimator.defaults()), ltc.id(),
                SwapPolicy.CARRY_WARM, 0);
        KeyState kc = null;
        KeyState kw = null;
        long t = 1_000;
        // Long enough under model a for its statistics to be warm.
        for (; t < switchAt; t += 1_000) {
            double[] x = {Math.sin(t / 7_000.0), Math.cos(t / 5_000.0), 0.1};
            kc = carry.onRecord(kc, t, x);
            kw = warm.onRecord(kw, t, x);
        }
        assertThat(carry.outcome().hasInterval()).isTrue();

        double[] x = {Math.sin(t / 7_000.0), Math.cos(t / 5_000.0), 0.1};
        kc = carry.onRecord(kc, t, x);
        kw = warm.onRecord(kw, t, x);
        for (SwitchingForecaster f : List.of(carry, warm)) {
            assertThat(f.outcome().modelId()).isEqualTo("b");
            assertThat(f.outcome().switchAction()).isEqualTo(Outcome.SwitchAction.CARRY);
            assertThat(f.outcome().kind()).isEqualTo(Outcome.Kind.FORECAST);
        }
        // The same hidden state stepped the same way: the same forecast, bit for bit.
        assertThat(warm.outcome().forecast()).containsExactly(carry.outcome().forecast());
        assertThat(kw.hidden).containsExactly(kc.hidden);
        // The interval recalibrates: none until the new model's first residual sets its scale.
        assertThat(carry.outcome().hasInterval()).isTrue();
        assertThat(warm.outcome().hasInterval()).isFalse();

        // A reading far off: the carried statistics page at once, the warming ones do not.
        t += 1_000;
        double[] outlier = {40.0, -40.0, 0.1};
        carry.onRecord(kc, t, outlier);
        warm.onRecord(kw, t, outlier);
        assertThat(carry.outcome().alert()).isTrue();
        assertThat(warm.outcome().alert()).isFalse();
        assertThat(warm.outcome().score()).isZero();

        assertThat(SwapPolicy.fromName("carry-warm")).isEqualTo(SwapPolicy.CARRY_WARM);
        assertThat(SwapPolicy.CARRY_WARM).hasToString("carry-warm");
        assertThatThrownBy(() -> SwapPolicy.fromName("warm"))
                .hasMessageContaining("reset, carry or carry-warm");
    }
}
