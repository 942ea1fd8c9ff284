package io.ltcflink.jobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltcflink.core.Checks;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.core.train.ForecastScore;
import io.ltcflink.core.train.ForecastTask;
import io.ltcflink.core.train.Forecasting;
import io.ltcflink.core.train.WindowForecaster;
import io.ltcflink.jobs.train.DataSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ltc eval --model MODEL --data SOURCE [--json]}: scores a model's one-step-ahead forecasts
 * on a series against the persistence forecast {@code ŷ_k = x_{k−1}} on the same samples, as a
 * table or as one JSON object. A stateful model steps through the series from the zero state, as
 * the operator runs it; a windowed model (its file records a window) forecasts every sample from
 * the zero state over the readings of its window, as the sidecar runs it.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Score a model's one-step-ahead forecasts (MSE, sMAPE) on a series next to the"
                    + " persistence forecast y[k] = x[k-1] on the same samples.",
            "Generated data uses seed " + EvalCommand.DEFAULT_SEED + " unless --seed is given,"
                    + " while train defaults to seed " + TrainCommand.DEFAULT_SEED + ", so by"
                    + " default the model is scored on a trajectory it has not seen."
        })
final class EvalCommand implements Callable<Integer> {

    /** The default data seed: not train's, so that evaluation is on unseen data. */
    static final long DEFAULT_SEED = 2L;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "A model file written by `ltc train` (or imported).")
    Path modelFile;

    @Mixin DataOptions data;

    @Option(names = "--seed", defaultValue = "" + DEFAULT_SEED, paramLabel = "S",
            description = "Seed of the generated data (default ${DEFAULT-VALUE}; train's default"
                    + " is " + TrainCommand.DEFAULT_SEED + ", so the data is unseen).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        DataSpec dataSpec = data.spec(seed);
        Checks.requireArgument(Files.isRegularFile(modelFile), "model file not found: %s",
                modelFile);
        Model model = ModelFiles.read(modelFile);
        Series series = dataSpec.load();
        ForecastTask task;
        try {
            task = ForecastTask.forModel(model, series.channels());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(String.format(
                    "model %s does not fit the data %s: %s", modelFile, dataSpec.describe(),
                    e.getMessage()), e);
        }
        // A windowed model (its file records a window) forecasts as the sidecar runs it: from
        // the zero state over the last W readings; any other model steps through the series.
        OptionalInt window = WindowForecaster.window(model.metadata());
        ForecastScore score = window.isPresent()
                ? WindowForecaster.evaluate(model, series)
                : Forecasting.evaluate(model, series);
        warnIfTrainingData(model, dataSpec);

        String cellLabel = model.metadata().getOrDefault("training.cell",
                model.cell().kind().fileName());
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("mse", score.mse());
            o.put("smape", score.smape());
            o.put("persistenceMse", score.persistenceMse());
            o.put("persistenceSmape", score.persistenceSmape());
            o.put("ratioToPersistence", score.mseRatio());
            o.put("smapeRatioToPersistence", score.smape() / score.persistenceSmape());
            o.put("samples", series.size() - 1);
            o.put("values", score.count());
            o.put("channels", series.channels());
            ArrayNode targets = o.putArray("targetChannels");
            for (int c : task.targetChannels()) {
                targets.add(c);
            }
            if (window.isPresent()) {
                o.put("window", window.getAsInt());
            } else {
                o.putNull("window");
            }
            o.put("cell", model.cell().kind().fileName());
            o.put("model", cellLabel);
            o.put("params", model.cell().parameterCount());
            o.put("modelId", model.id());
            o.put("data", dataSpec.describe());
            System.out.println(new ObjectMapper().writeValueAsString(o));
            return 0;
        }
        System.out.printf("one-step-ahead forecasts%s of %s%n", window.isPresent()
                ? " from windows of the last " + window.getAsInt() + " readings" : "",
                dataSpec.describe());
        System.out.printf("model %s (%s, %d parameters, id %s): %d forecasts x %d channels%n%n",
                cellLabel, model.cell().kind().fileName(), model.cell().parameterCount(),
                model.id(), series.size() - 1, task.outputSize());
        System.out.printf(Locale.ROOT, "%-20s %12s %10s%n", "", "MSE", "sMAPE %");
        System.out.printf(Locale.ROOT, "%-20s %12.5g %10.3f%n", "model", score.mse(),
                score.smape());
        System.out.printf(Locale.ROOT, "%-20s %12.5g %10.3f%n", "persistence",
                score.persistenceMse(), score.persistenceSmape());
        System.out.printf(Locale.ROOT, "%-20s %12.4f %10.4f%n", "model / persistence",
                score.mseRatio(), score.smape() / score.persistenceSmape());
        return 0;
    }

    /** Says so on stderr when the series is the one the model was trained on. */
    private static void warnIfTrainingData(Model model, DataSpec dataSpec) {
        Map<String, String> trained = model.metadata();
        Map<String, String> now = dataSpec.toMetadata();
        if (trained.containsKey("data.source")
                && Objects.equals(trained.get("data.source"), now.get("data.source"))
                && Objects.equals(trained.get("data.seed"), now.get("data.seed"))) {
            System.err.printf("warning: the model was trained on this very data (%s%s):"
                    + " these scores are on samples it has seen%n", now.get("data.source"),
                    now.containsKey("data.seed") ? ", seed " + now.get("data.seed") : "");
        }
    }
}
