package io.ltcflink.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltcflink.core.cell.LstmCell;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ReferenceDumpImporter;
import io.ltcflink.core.train.ForecastTask;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The time semantics of the cell engine, without any streaming framework. */
final class CellKeyedForecasterTest {

    private static Model ltc;

    @BeforeAll
    static void load() throws Exception {
        ltc = ReferenceDumpImporter.importFile(Path.of("src/test/resources/golden/ltc_fc_small.json"));
    }

    private static CellKeyedForecaster.Settings settings(double maxGapMillis, LongGapPolicy policy) {
        return new CellKeyedForecaster.Settings(1000.0, maxGapMillis, policy, null, null,
                ResidualScaleScorer.defaults(), null, null, new AlertGate(0.99, 0.9, 0), false);
    }

    private static CellKeyedForecaster engine() {
        return new CellKeyedForecaster(ltc, ltc.cell(),
                settings(Double.POSITIVE_INFINITY, LongGapPolicy.RESET));
    }

    private static final double[] X0 = {0.5, -1.0, 2.0};
    private static final double[] X1 = {0.1, 0.2, 0.3};
    private static final double[] X2 = {9, 9, 9};

    @Test
    void firstThenNext_evolvesAcrossTheGapDrivenByThePreviousReading() {
        CellKeyedForecaster e = engine();
        KeyState s = e.onRecord(null, 10_000, X0);
        assertThat(e.outcome().kind()).isEqualTo(Outcome.Kind.FIRST);
        assertThat(e.outcome().flags()).isEqualTo(ForecastFlags.FIRST);
        assertThat(e.outcome().actual()).containsExactly(X0[0]);
        assertThat(s.lastTimestamp).isEqualTo(10_000);
        assertThat(s.modelId).isEqualTo(ltc.id());

        KeyState next = e.onRecord(s, 12_500, X1);
        assertThat(next).isSameAs(s);
        Outcome o = e.outcome();
        assertThat(o.kind()).isEqualTo(Outcome.Kind.FORECAST);
        assertThat(o.dt()).isEqualTo(2.5);
        assertThat(o.flags()).isZero();
        assertThat(o.stepNanos()).isNotNegative();
        RecurrentCell cell = ltc.cell();
        double[] h = new double[cell.stateSize()];
        double[] y = new double[1];
        cell.newStepper().step(h, X0, 2.5, y);
        assertThat(o.forecast()).containsExactly(y);
        assertThat(o.residual()).containsExactly(X1[0] - y[0]);
        assertThat(s.hidden).containsExactly(h);
        assertThat(s.lastInput).containsExactly(X1);
    }

    @Test
    void olderRecord_isLateAndChangesNothing() {
        CellKeyedForecaster e = engine();
        KeyState s = e.onRecord(null, 10_000, X0);
        KeyState before = s.deepCopy();
        assertThat(e.onRecord(s, 9_999, X1)).isNull();
        assertThat(e.outcome().kind()).isEqualTo(Outcome.Kind.LATE);
        assertThat(e.outcome().lastTimestamp()).isEqualTo(10_000);
        assertThat(s).isEqualTo(before);
    }

    @Test
    void sameTimestamp_evolvesNothing_andTheNewerReadingDrivesTheNextStep() {
        CellKeyedForecaster e = engine();
        KeyState s = e.onRecord(null, 0, X0);
        s = e.onRecord(s, 1000, X1);
        double[] first = e.outcome().forecast().clone();
        double[] hidden = s.hidden.clone();
        s = e.onRecord(s, 1000, X2);
        assertThat(e.outcome().flags()).isEqualTo(ForecastFlags.DUPLICATE_TIME);
        assertThat(e.outcome().forecast()).containsExactly(first);
        assertThat(e.outcome().stepNanos()).isEqualTo(-1);
        assertThat(s.hidden).containsExactly(hidden);
        assertThat(s.lastInput).containsExactly(X2);
    }

    @Test
    void longGap_resetsTheKey_orKeepsIntegrating() {
        CellKeyedForecaster reset = new CellKeyedForecaster(ltc, ltc.cell(),
                settings(60_000, LongGapPolicy.RESET));
        KeyState s = reset.onRecord(null, 0, X0);
        KeyState r = reset.onRecord(s, 60_001, X1);
        assertThat(r).isNotSameAs(s);
        assertThat(reset.outcome().kind()).isEqualTo(Outcome.Kind.FIRST);
        assertThat(reset.outcome().flags()).isEqualTo(
                ForecastFlags.FIRST | ForecastFlags.RESET | ForecastFlags.LONG_GAP);
        assertThat(r.lastTimestamp).isEqualTo(60_001);

        CellKeyedForecaster keep = new CellKeyedForecaster(ltc, ltc.cell(),
                settings(60_000, LongGapPolicy.KEEP_INTEGRATING));
        s = keep.onRecord(null, 0, X0);
        keep.onRecord(s, 60_001, X1);
        assertThat(keep.outcome().kind()).isEqualTo(Outcome.Kind.FORECAST);
        assertThat(keep.outcome().flags()).isEqualTo(ForecastFlags.LONG_GAP);
        assertThat(keep.outcome().dt()).isEqualTo(60.001);
    }

    @Test
    void stateOfAnotherModelOrScorerLayout_startsTheKeyAfresh() {
        CellKeyedForecaster e = engine();
        KeyState s = e.onRecord(null, 0, X0);
        s.modelId = "another-model";
        KeyState r = e.onRecord(s, 1000, X1);
        assertThat(e.outcome().kind()).isEqualTo(Outcome.Kind.FIRST);
        assertThat(e.outcome().flags()).isEqualTo(ForecastFlags.FIRST | ForecastFlags.RESET);
        assertThat(e.outcome().modelReset()).isTrue();
        assertThat(r.modelId).isEqualTo(ltc.id());

        r.scorer = new double[7];
        e.onRecord(r, 2000, X1);
        assertThat(e.outcome().kind()).isEqualTo(Outcome.Kind.FIRST);
        assertThat(e.outcome().flags()).isEqualTo(ForecastFlags.FIRST | ForecastFlags.RESET);
        assertThat(e.outcome().modelReset()).isFalse();
    }

    @Test
    void alertGate_oneAlertPerIncident() {
        Scorer direct = new Scorer() {
            @Override
            public int stateSize(int channels, int hiddenSize) {
                return 0;
            }

            @Override
            public double score(double[] state, Observation o) {
                return Math.min(1.0, Math.abs(o.residual()[0]) / 100.0);
            }
        };
        CellKeyedForecaster e = new CellKeyedForecaster(ltc, ltc.cell(),
                new CellKeyedForecaster.Settings(1000.0, Double.POSITIVE_INFINITY,
                        LongGapPolicy.RESET, null, null, direct, null, null,
                        new AlertGate(0.9, 0.5, 0), false));
        KeyState s = e.onRecord(null, 0, X0);
        boolean[] alerts = new boolean[6];
        double[] level = {200, 200, 0, 200, 0, 0};
        for (int i = 0; i < level.length; i++) {
            s = e.onRecord(s, 1000L * (i + 1), new double[] {level[i], 0, 0});
            alerts[i] = e.outcome().alert();
        }
        assertThat(alerts).containsExactly(true, false, false, true, false, false);
    }

    @Test
    void modelFile_saysLogDeltaAndTargets_noSettingNeeded() {
        // An LSTM trained on 3 channels with log Δ, forecasting channel 2 only.
        LstmCell cell = LstmCell.initialize(4, 5, 1, 3);
        Model m = Model.of(cell, null, ForecastTask.of(3, true, 2).toMetadata());
        CellKeyedForecaster e = new CellKeyedForecaster(m, cell,
                settings(Double.POSITIVE_INFINITY, LongGapPolicy.RESET));
        assertThat(e.logDelta()).isTrue();
        assertThat(e.channels()).isEqualTo(3);
        assertThat(e.targets()).containsExactly(2);
        KeyState s = e.onRecord(null, 0, X0);
        assertThat(e.outcome().actual()).containsExactly(X0[2]);
        e.onRecord(s, 2000, X1);
        double[] h = new double[cell.stateSize()];
        double[] y = new double[1];
        cell.newStepper().step(h, new double[] {X0[0], X0[1], X0[2], Math.log(2.0)}, 2.0, y);
        assertThat(e.outcome().forecast()).containsExactly(y);
        assertThat(e.outcome().actual()).containsExactly(X1[2]);

        // A setting still overrides the file.
        CellKeyedForecaster plain = new CellKeyedForecaster(m, cell,
                new CellKeyedForecaster.Settings(1000.0, Double.POSITIVE_INFINITY,
                        LongGapPolicy.RESET, false, new int[] {0}, ResidualScaleScorer.defaults(),
                        null, null, null, false));
        assertThat(plain.logDelta()).isFalse();
        assertThat(plain.channels()).isEqualTo(4);
        assertThat(plain.targets()).containsExactly(0);
    }

    @Test
    void targetsThatDoNotFit_areRejectedWithTheReason() {
        assertThatThrownBy(() -> new CellKeyedForecaster(ltc, ltc.cell(),
                new CellKeyedForecaster.Settings(1000.0, Double.POSITIVE_INFINITY,
                        LongGapPolicy.RESET, null, new int[] {5},
                        ResidualScaleScorer.defaults(), null, null, null, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target channel 5 does not exist: readings have 3 channels");
    }

    @Test
    void alert_namesTheChannelsOutsideTheirIntervalAndTheDirection() {
        LstmCell cell = LstmCell.initialize(3, 4, 3, 5);
        Model m = Model.of(cell);
        CellKeyedForecaster e = new CellKeyedForecaster(m, cell,
                new CellKeyedForecaster.Settings(1000.0, Double.POSITIVE_INFINITY,
                        LongGapPolicy.RESET, null, null, ResidualScaleScorer.defaults(), null,
                        null, new AlertGate(0.99, 0.9, 0), false, IntervalEstimator.defaults()));
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        KeyState s = null;
        for (int k = 0; k < 200; k++) {
            double[] x = {0.3 * rnd.nextGaussian(), 0.3 * rnd.nextGaussian(),
                0.3 * rnd.nextGaussian()};
            s = e.onRecord(s, 1000L * k, x);
            assertThat(e.outcome().alert()).as("calm record %s", k).isFalse();
        }
        assertThat(e.outcome().hasInterval()).isTrue();
        // Channel 2 drops far below its forecast; the others stay calm.
        s = e.onRecord(s, 200_000, new double[] {0.1, -0.1, -40});
        assertThat(e.outcome().alert()).isTrue();
        assertThat(e.outcome().alertChannels()).containsExactly(2);
        assertThat(e.outcome().alertDirections()).containsExactly(-1);
        // Two channels up at once: both named, the farther first.
        s = e.onRecord(s, 201_000, new double[] {0, 0, 0});
        for (int k = 0; k < 100; k++) {
            s = e.onRecord(s, 202_000 + 1000L * k, new double[] {0.3 * rnd.nextGaussian(),
                0.3 * rnd.nextGaussian(), 0.3 * rnd.nextGaussian()});
        }
        e.onRecord(s, 400_000, new double[] {25, 60, 0.1});
        assertThat(e.outcome().alert()).isTrue();
        assertThat(e.outcome().alertChannels()).containsExactly(1, 0);
        assertThat(e.outcome().alertDirections()).containsExactly(1, 1);
    }
}
