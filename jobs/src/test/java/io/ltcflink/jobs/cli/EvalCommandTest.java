package io.ltcflink.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelEncoding;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.core.train.CellFactory;
import io.ltcflink.core.train.Forecasting;
import io.ltcflink.core.train.WindowForecaster;
import io.ltcflink.core.train.WindowTrainer;
import io.ltcflink.jobs.train.DataSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for {@link EvalCommand}. */
final class EvalCommandTest {

    @TempDir static Path dir;

    /** An LTC trained briefly on Lorenz (300 samples, 2 epochs). */
    private static Path lorenzModel;

    @BeforeAll
    static void trainOnce() {
        lorenzModel = dir.resolve("lorenz.json");
        CliRunner.Result r = CliRunner.cli("train", "--data", "lorenz", "--samples", "300", "--epochs", "2",
                "--cell", "ltc", "--units", "8", "--threads", "1", "--quiet", "--out",
                lorenzModel.toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    private static JsonNode json(CliRunner.Result r) throws Exception {
        assertThat(r.code()).as(r.err()).isZero();
        // Exactly one JSON object on one line, nothing else on stdout.
        assertThat(r.out().strip()).doesNotContain("\n");
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void eval_json_printsOneObjectWithTheScoresNextToPersistence() throws Exception {
        JsonNode o = json(CliRunner.cli("eval", "--model", lorenzModel.toString(), "--data", "lorenz",
                "--samples", "200", "--json"));

        assertThat(o.isObject()).isTrue();
        for (String key : new String[] {"mse", "smape", "persistenceMse", "persistenceSmape",
            "ratioToPersistence", "samples", "params", "cell"}) {
            assertThat(o.has(key)).as(key).isTrue();
        }
        assertThat(o.get("mse").asDouble()).isPositive();
        assertThat(o.get("persistenceMse").asDouble()).isPositive();
        assertThat(o.get("ratioToPersistence").asDouble())
                .isCloseTo(o.get("mse").asDouble() / o.get("persistenceMse").asDouble(),
                        org.assertj.core.data.Offset.offset(1e-12));
        // 200 samples give 199 one-step forecasts of 3 channels.
        assertThat(o.get("samples").asInt()).isEqualTo(199);
        assertThat(o.get("values").asInt()).isEqualTo(3 * 199);
        assertThat(o.get("cell").asText()).isEqualTo("ltc");
        assertThat(o.get("model").asText()).isEqualTo("ltc-fc-8");
        assertThat(o.get("params").asLong()).isPositive();
    }

    @Test
    void eval_defaultSeed_isNotTrainingsSoTheDataIsUnseen() throws Exception {
        CliRunner.Result unseen = CliRunner.cli("eval", "--model", lorenzModel.toString(), "--data",
                "lorenz", "--samples", "300", "--json");
        assertThat(json(unseen).get("data").asText()).endsWith("seed " + EvalCommand.DEFAULT_SEED);
        assertThat(unseen.err()).doesNotContain("warning");
        assertThat(EvalCommand.DEFAULT_SEED).isNotEqualTo(TrainCommand.DEFAULT_SEED);

        CliRunner.Result seen = CliRunner.cli("eval", "--model", lorenzModel.toString(), "--data", "lorenz",
                "--samples", "300", "--seed", "" + TrainCommand.DEFAULT_SEED, "--json");
        assertThat(seen.code()).isZero();
        assertThat(seen.err()).contains("warning: the model was trained on this very data");
    }

    @Test
    void eval_withoutJson_printsAReadableTable() {
        CliRunner.Result r = CliRunner.cli("eval", "--model", lorenzModel.toString(), "--data", "lorenz",
                "--samples", "100");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("one-step-ahead forecasts of lorenz: 100 samples")
                .contains("99 forecasts x 3 channels")
                .containsPattern("(?m)^model\\s+\\S+\\s+\\S+$")
                .containsPattern("(?m)^persistence\\s+\\S+\\s+\\S+$")
                .containsPattern("(?m)^model / persistence\\s+\\S+\\s+\\S+$");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ltc", "cfc"})
    void eval_trainedOnAnEasySetting_beatsPersistence(String cell) throws Exception {
        // The oscillator sampled once per time unit moves far between samples, so persistence
        // is poor, while its near-linear dynamics take a few epochs to learn (ten with the
        // default mixed memory, which has more weights to move).
        Path model = dir.resolve("easy-" + cell + ".json");
        String[] data = {"--data", "oscillator", "--period", "1", "--samples", "400"};
        CliRunner.Result t = CliRunner.cli(concat(new String[] {"train", "--cell", cell, "--units", "8",
            "--epochs", "10", "--threads", "1", "--quiet", "--out", model.toString()}, data));
        assertThat(t.code()).as(t.err()).isZero();

        JsonNode o = json(CliRunner.cli(concat(new String[] {"eval", "--model", model.toString(),
            "--json"}, data)));
        assertThat(o.get("mse").asDouble()).isLessThan(0.5 * o.get("persistenceMse").asDouble());
        assertThat(o.get("smape").asDouble()).isLessThan(o.get("persistenceSmape").asDouble());
    }

    @Test
    void eval_windowedModel_scoresTheWindowedForecastsTheSidecarMakes() throws Exception {
        Path windowed = dir.resolve("windowed-lstm.json");
        Model trained = WindowTrainer.builder().window(6).logDelta(true).epochs(2).batchSize(8)
                .build()
                .train(DataSpec.builder().source("lorenz").samples(300L).dropRate(0.3).seed(1)
                        .build().load(), CellFactory.lstm(5))
                .model();
        ModelFiles.write(trained, windowed, ModelEncoding.JSON);
        Series unseen = DataSpec.builder().source("lorenz").samples(150L).dropRate(0.3)
                .seed(EvalCommand.DEFAULT_SEED).build().load();

        JsonNode o = json(CliRunner.cli("eval", "--model", windowed.toString(), "--data", "lorenz",
                "--samples", "150", "--drop-rate", "0.3", "--json"));

        assertThat(o.get("window").asInt()).isEqualTo(6);
        assertThat(o.get("mse").asDouble())
                .isEqualTo(WindowForecaster.evaluate(trained, unseen).mse())
                .isNotEqualTo(Forecasting.evaluate(trained, unseen).mse());
        assertThat(o.get("values").asInt()).isEqualTo(3 * 149);
        assertThat(json(CliRunner.cli("eval", "--model", lorenzModel.toString(), "--data",
                "lorenz", "--samples", "50", "--json")).get("window").isNull()).isTrue();
        assertThat(CliRunner.cli("eval", "--model", windowed.toString(), "--data", "lorenz",
                "--samples", "50").out())
                .contains("one-step-ahead forecasts from windows of the last 6 readings of lorenz");
    }

    @Test
    void eval_modelAndDataChannelsDiffer_exitOneNamingBoth() {
        CliRunner.Result r = CliRunner.cli("eval", "--model", lorenzModel.toString(), "--data",
                "mackey-glass", "--samples", "50");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("does not fit the data mackey-glass")
                .contains("the model was trained on 3 channels but the series has 1");
    }

    @Test
    void eval_badArguments_exitOneOrTwo() {
        CliRunner.Result noModel = CliRunner.cli("eval", "--model", dir.resolve("none.json").toString(),
                "--data", "lorenz");
        assertThat(noModel.code()).isEqualTo(1);
        assertThat(noModel.err()).contains("model file not found: ");

        CliRunner.Result badRate = CliRunner.cli("eval", "--model", lorenzModel.toString(), "--data",
                "lorenz", "--drop-rate", "-0.5");
        assertThat(badRate.code()).isEqualTo(1);
        assertThat(badRate.err()).contains("drop rate must be in [0, 1): -0.5");

        CliRunner.Result noData = CliRunner.cli("eval", "--model", lorenzModel.toString());
        assertThat(noData.code()).isEqualTo(2);
        assertThat(noData.err()).contains("Missing required option: '--data=");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
