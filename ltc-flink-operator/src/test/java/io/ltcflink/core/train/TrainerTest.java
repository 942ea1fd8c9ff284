package io.ltcflink.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ltcflink.core.cell.Activation;
import io.ltcflink.core.cell.CfcMode;
import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.LtcSolver;
import io.ltcflink.core.cell.SolverSettings;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.Normalization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link Trainer}. */
final class TrainerTest {

    private static final Series TRAIN = Series4Tests.oscillator(1, 600, 0.1, 0.6, 0.02);
    private static final Series TEST = Series4Tests.oscillator(2, 300, 0.1, 0.6, 0.02);

    private static CellFactory smallCfc() {
        return CellFactory.cfc(8, CfcMode.DEFAULT, Activation.LECUN_TANH, 16, 1, false);
    }

    @Test
    void train_cfcOnNoisyOscillator_lossFallsAndBeatsPersistence() {
        List<EpochStats> seen = new ArrayList<>();
        TrainingResult r = Trainer.builder()
                .epochs(15)
                .learningRate(0.02)
                .logDelta(true)
                .progressListener((stats, epochs) -> seen.add(stats))
                .build()
                .train(TRAIN, smallCfc());

        List<EpochStats> h = r.history();
        assertThat(seen).isEqualTo(h);
        assertThat(h).hasSize(16);
        // Epoch 0 predicts roughly the mean of normalised targets: MSE near 1.
        assertThat(h.get(0).trainLoss()).isGreaterThan(0.5);
        assertThat(h.get(15).trainLoss()).isLessThan(0.1 * h.get(0).trainLoss());
        assertThat(h.get(r.bestEpoch()).validationLoss()).isLessThan(0.1);

        // Persistence misses by the change over one gap (about 0.037 here); the model, which sees
        // the gap through log Δ and the gate, must do clearly better on unseen data.
        ForecastScore score = Forecasting.evaluate(r.model(), TEST);
        assertThat(score.count()).isEqualTo(2 * 299);
        assertThat(score.mse()).isLessThan(0.5 * score.persistenceMse());
        assertThat(score.smape()).isLessThan(score.persistenceSmape());
    }

    @Test
    void train_ltcAndLstm_lossFalls() {
        for (CellFactory factory :
                new CellFactory[] {CellFactory.ltcAutoNcp(8, false), CellFactory.lstm(6)}) {
            TrainingResult r = Trainer.builder()
                    .epochs(8)
                    .learningRate(0.05)
                    .chunkLength(16)
                    .batchSize(4)
                    .build()
                    .train(TRAIN, factory);
            double first = r.history().get(0).trainLoss();
            double last = r.history().get(8).trainLoss();
            assertThat(last).as("%s", r.model().cell()).isLessThan(0.5 * first);
        }
    }

    @Test
    void train_sameSeedOneOrThreeThreads_bitIdenticalWeights() {
        for (CellFactory factory :
                new CellFactory[] {CellFactory.ltcFullyConnected(6, true), smallCfc()}) {
            Trainer.Builder b = Trainer.builder().epochs(3).batchSize(5).chunkLength(20).seed(7);
            TrainingResult one = b.threads(1).build().train(TRAIN, factory);
            TrainingResult three = b.threads(3).build().train(TRAIN, factory);

            assertThat(three.model().cell().parameters())
                    .isEqualTo(one.model().cell().parameters());
            assertThat(three.model().id()).isEqualTo(one.model().id());
            for (int e = 0; e <= 3; e++) {
                assertThat(three.history().get(e).trainLoss())
                        .isEqualTo(one.history().get(e).trainLoss());
            }
        }
    }

    /**
     * A recorded run (see {@link RecordedRun}): 128 training steps in lanes of 42, 43 and 43
     * steps, so the last batch leaves a lane out; it stops early after a validation loss that
     * first failed to improve and then improved again.
     */
    @Test
    void train_fixedSeedWithValidation_reproducesRecordedRun() {
        TrainingResult r = Trainer.builder().epochs(8).learningRate(0.2).chunkLength(7)
                .batchSize(3).threads(2).patience(2).seed(5).targetChannels(1).build()
                .train(RecordedRun.SERIES, CellFactory.cfc(4, CfcMode.DEFAULT,
                        Activation.LECUN_TANH, 8, 1, false));

        RecordedRun.assertReproduces(r, "3022707ecc6ec70b", 5, true,
                new double[] {
                    0.836255498647857, 0.796934920641814, 0.2310364940455042, 0.2839629951054189,
                    0.18828300843769122, 0.07866271724210347, 0.23705239941113743,
                    0.20068028712863817
                },
                new double[] {
                    0.7468672012844493, 0.8635879684165221, 0.25781244548084037,
                    0.24736241355431496, 0.19072915826887968, 0.12713624502810894,
                    0.2793412518422768, 0.2315476441981319
                });
        assertThat(r.model().metadata()).containsEntry("training.settings",
                "Trainer{epochs=8, learningRate=0.2, chunkLength=7, batchSize=3, threads=2,"
                        + " validationFraction=0.2, patience=2, clipNorm=1.0, seed=5,"
                        + " logDelta=false, targetChannels=[1]}");
    }

    /** As above for an LTC cell (constrained, partly frozen weights) without validation. */
    @Test
    void train_fixedSeedWithoutValidation_reproducesRecordedRun() {
        TrainingResult r = Trainer.builder().epochs(3).learningRate(0.05).chunkLength(9)
                .batchSize(4).threads(3).validationFraction(0).seed(6).logDelta(true).build()
                .train(RecordedRun.SERIES, CellFactory.ltcAutoNcp(6, false));

        RecordedRun.assertReproduces(r, "1211fb2c90d1d4e3", 3, false,
                new double[] {
                    1.0170098423503295, 1.0011946324756007, 1.0060608601470034,
                    1.0001894938371632
                },
                null);
    }

    @Test
    void train_differentSeeds_differentWeights() {
        Trainer.Builder b = Trainer.builder().epochs(1);
        Model a = b.seed(1).build().train(TRAIN, smallCfc()).model();
        Model c = b.seed(2).build().train(TRAIN, smallCfc()).model();
        assertThat(a.cell().parameters()).isNotEqualTo(c.cell().parameters());
    }

    @Test
    void train_validationStopsImproving_stopsEarlyAndRestoresBestEpoch() {
        // A learning rate this large makes the validation loss bounce, so it stops improving.
        Trainer.Builder b = Trainer.builder()
                .epochs(40)
                .learningRate(0.3)
                .clipNorm(0)
                .patience(2)
                .seed(3);
        TrainingResult r = b.build().train(TRAIN, CellFactory.lstm(6));

        assertThat(r.stoppedEarly()).isTrue();
        int best = r.bestEpoch();
        assertThat(r.history()).hasSize(best + 2 + 1);
        double bestLoss = r.history().get(best).validationLoss();
        for (EpochStats s : r.history()) {
            assertThat(s.validationLoss()).isGreaterThanOrEqualTo(bestLoss);
        }
        // The same run cut at the best epoch holds exactly the returned weights.
        TrainingResult cut = b.epochs(best).patience(0).build().train(TRAIN, CellFactory.lstm(6));
        assertThat(r.model().cell().parameters()).isEqualTo(cut.model().cell().parameters());
        assertThat(r.model().metadata()).containsEntry("training.bestEpoch", "" + best);
    }

    @Test
    void train_noValidation_keepsLastEpoch() {
        TrainingResult r = Trainer.builder().epochs(2).validationFraction(0).build()
                .train(TRAIN, smallCfc());
        assertThat(r.bestEpoch()).isEqualTo(2);
        assertThat(r.history().get(2).validationLoss()).isNaN();
    }

    @Test
    void train_logDtAndTargetSubset_normalisationFittedOnTrainingPartOnly() {
        // 401 samples: 400 steps, the last 100 validate.
        Series series = Series4Tests.oscillator(5, 401, 0.1, 2.0, 0.0);
        TrainingResult r = Trainer.builder()
                .epochs(1)
                .validationFraction(0.25)
                .logDelta(true)
                .targetChannels(1)
                .build()
                .train(series, CellFactory.lstm(4));

        Model model = r.model();
        assertThat(model.cell().inputSize()).isEqualTo(3);
        assertThat(model.cell().outputSize()).isEqualTo(1);
        assertThat(r.task()).isEqualTo(ForecastTask.of(2, true, 1));
        assertThat(ForecastTask.fromMetadata(model.metadata())).contains(r.task());
        Normalization n = model.normalization().orElseThrow();
        double logGaps = 0;
        double x0 = 0;
        double target = 0;
        for (int k = 1; k <= 300; k++) {
            logGaps += Math.log(series.gap(k));
            x0 += series.value(k - 1, 0);
            target += series.value(k, 1);
        }
        assertThat(n.inputShift()[2]).isCloseTo(logGaps / 300, within(1e-12));
        assertThat(n.inputShift()[0]).isCloseTo(x0 / 300, within(1e-12));
        assertThat(n.outputShift()[0]).isCloseTo(target / 300, within(1e-12));
    }

    @Test
    void train_imported_ltc_continuesAndKeepsMasks() {
        LtcCell initial = (LtcCell) CellFactory.ltcAutoNcp(8, false).create(2, 2, 11);
        TrainingResult r = Trainer.builder().epochs(1).build().train(TRAIN, initial);
        LtcCell trained = (LtcCell) r.model().cell();
        assertThat(trained.parameters().get("sparsity_mask"))
                .isEqualTo(initial.parameters().get("sparsity_mask"));
        assertThat(trained.parameters().get("w")).isNotEqualTo(initial.parameters().get("w"));
        Parameters before = Parameters.of(initial);
        double[] w = trained.parameters().get("w").toArray();
        double[] w0 = initial.parameters().get("w").toArray();
        for (int i = 0; i < w.length; i++) {
            if (!before.isTrainable("w", i)) {
                assertThat(w[i]).as("masked w[%s]", i).isEqualTo(w0[i]);
            }
        }
    }

    @Test
    void historyCsv_oneLinePerEpochWithHeader() {
        TrainingResult r = Trainer.builder().epochs(2).build().train(TRAIN, smallCfc());
        String[] lines = r.historyCsv().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).isEqualTo("epoch,train_loss,validation_loss,elapsed_seconds");
        assertThat(lines[2]).startsWith("1," + r.history().get(1).trainLoss() + ",");
    }

    @Test
    void build_badSettings_throwNamingTheValue() {
        assertThatThrownBy(() -> Trainer.builder().learningRate(-0.1).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learning rate")
                .hasMessageContaining("-0.1");
        assertThatThrownBy(() -> Trainer.builder().chunkLength(0).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunk length must be at least 1: 0");
        assertThatThrownBy(() -> Trainer.builder().epochs(0).build())
                .hasMessageContaining("epochs must be at least 1: 0");
        assertThatThrownBy(() -> Trainer.builder().batchSize(-2).build())
                .hasMessageContaining("batch size must be at least 1: -2");
        assertThatThrownBy(() -> Trainer.builder().threads(0).build())
                .hasMessageContaining("threads must be at least 1: 0");
        assertThatThrownBy(() -> Trainer.builder().validationFraction(1.0).build())
                .hasMessageContaining("validation fraction must be in [0, 1): 1.0");
        assertThatThrownBy(() -> Trainer.builder().clipNorm(Double.NaN).build())
                .hasMessageContaining("clip norm")
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> Trainer.builder().patience(-1).build())
                .hasMessageContaining("patience must be >= 0");
    }

    @Test
    void train_badData_throwsNamingIt() {
        Trainer trainer = Trainer.builder().build();
        Series empty = new Series(new double[0], new double[0][], null);
        assertThatThrownBy(() -> trainer.train(empty, smallCfc()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 samples")
                .hasMessageContaining("0 samples");
        Series one = new Series(new double[] {0}, new double[][] {{1.0}}, null);
        assertThatThrownBy(() -> trainer.train(one, smallCfc()))
                .hasMessageContaining("1 samples");
        assertThatThrownBy(() -> Trainer.builder().targetChannels(2).build()
                        .train(TRAIN, smallCfc()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target channel 2 is outside [0, 2)");
        Series two = new Series(new double[] {0, 1}, new double[][] {{1.0}, {2.0}}, null);
        assertThatThrownBy(() -> Trainer.builder().validationFraction(0.5).build()
                        .train(two, smallCfc()))
                .hasMessageContaining("1 steps leave no training steps");
    }

    @Test
    void train_unsupportedSolver_throwsNamingIt() {
        LtcCell cell = (LtcCell) CellFactory.ltcFullyConnected(4, false).create(2, 2, 1);
        LtcCell rk4 = cell.withSolver(SolverSettings.of(LtcSolver.RK4));
        assertThatThrownBy(() -> Trainer.builder().build().train(TRAIN, rk4))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fused solver")
                .hasMessageContaining("RK4");
        assertThatThrownBy(() -> LtcSolver.fromFileName("midpoint"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown solver 'midpoint'");
    }

    @Test
    void train_cellOfWrongSize_throwsNamingBothSizes() {
        assertThatThrownBy(() -> Trainer.builder().logDelta(true).build()
                        .train(TRAIN, CellFactory.lstm(3).create(2, 2, 1)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the cell takes 2 inputs but the task gives 3");
    }
}
