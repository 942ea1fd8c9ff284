package io.ltcflink.jobs.cli;

import io.ltcflink.core.Checks;
import io.ltcflink.core.cell.CellKind;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelEncoding;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.core.train.CellFactory;
import io.ltcflink.core.train.EpochStats;
import io.ltcflink.core.train.LearningRateSchedule;
import io.ltcflink.core.train.Trainer;
import io.ltcflink.core.train.TrainingDefaults;
import io.ltcflink.core.train.TrainingResult;
import io.ltcflink.jobs.train.CellSpec;
import io.ltcflink.jobs.train.DataSpec;
import io.ltcflink.jobs.train.TrainingProgress;
import io.ltcflink.jobs.util.Charts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ltc train --data SOURCE --cell KIND --out MODEL}: trains a cell on the one-step-ahead
 * forecasting task of a generated or CSV series with truncated BPTT and Adam ({@link Trainer}),
 * showing a progress bar, and writes the model, its training curve as CSV and as a PNG.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Train an LTC, CfC or LSTM to forecast the next sample of a series (the operator's"
                    + " task: input x[k-1] over the gap t[k]-t[k-1], target x[k]).",
            "Writes MODEL, MODEL.history.csv and MODEL.history.png. The weights of the epoch with"
                    + " the lowest validation loss (the last part of the series) are kept."
        })
final class TrainCommand implements Callable<Integer> {

    /** The default data and weight seed; {@code eval}'s default differs. */
    static final long DEFAULT_SEED = 1L;

    @Mixin DataOptions data;

    @Option(names = "--seed", defaultValue = "" + DEFAULT_SEED, paramLabel = "S",
            description = "Seed of the generated data and of the initial weights"
                    + " (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cell", required = true, paramLabel = "ltc|cfc|lstm",
            description = "The cell kind.")
    String cell;

    @Option(names = "--units", paramLabel = "N",
            description = "LTC neurons or CfC/LSTM hidden size (default: ltc 16, cfc 16,"
                    + " lstm 32).")
    Integer units;

    @Option(names = "--wiring", paramLabel = "fc|autoncp",
            description = "LTC wiring (default fc; autoncp needs more units than outputs + 2).")
    String wiring;

    @Option(names = "--backbone-units", paramLabel = "U",
            description = "CfC backbone width (default " + CellSpec.DEFAULT_BACKBONE_UNITS + ").")
    Integer backboneUnits;

    @Option(names = "--epochs", defaultValue = "" + TrainingDefaults.EPOCHS, paramLabel = "E",
            description = "Passes over the training data (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", paramLabel = "A",
            description = "Adam's learning rate (default 0.01; 0.03 for an ltc without mixed"
                    + " memory).")
    Double learningRate;

    @Option(names = "--chunk", defaultValue = "16", paramLabel = "T",
            description = "Steps per truncated-BPTT chunk (default ${DEFAULT-VALUE}).")
    int chunk;

    @Option(names = "--batch", defaultValue = "4", paramLabel = "B",
            description = "Chunks per update, from B contiguous lanes of the series"
                    + " (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (default: the available processors); the result does"
                    + " not depend on it.")
    Integer threads;

    @Option(names = "--validation", defaultValue = "0.2", paramLabel = "F",
            description = "Last fraction of the series held out for validation and early"
                    + " stopping, in [0, 1) (default ${DEFAULT-VALUE}).")
    double validation;

    @Option(names = "--patience", paramLabel = "E",
            description = "Epochs without a better validation loss before stopping; 0 never"
                    + " stops early (default: a quarter of the epochs, at least 10).")
    Integer patience;

    @Option(names = "--schedule", defaultValue = TrainingDefaults.SCHEDULE_NAME,
            paramLabel = "constant|plateau|cosine",
            description = "How the learning rate moves: plateau halves it when the validation"
                    + " loss stalls, cosine anneals it over the epochs (default ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--time-unit", defaultValue = "auto", paramLabel = "auto|U",
            description = "The model's time unit in the data's time units: auto takes the"
                    + " training data's median gap, so the model steps across gaps near 1;"
                    + " stored in the model file, which every consumer reads"
                    + " (default ${DEFAULT-VALUE}).")
    String timeUnit;

    @Option(names = "--clip-norm", defaultValue = "1.0", paramLabel = "G",
            description = "Largest global gradient norm; 0 = no clipping"
                    + " (default ${DEFAULT-VALUE}).")
    double clipNorm;

    @Option(names = "--mixed-memory", arity = "0..1", paramLabel = "true|false",
            description = "ncps's mixed memory: an LSTM memory cell beside the LTC's or CfC's"
                    + " state (mixed_memory=True in ncps; default on for ltc and cfc).")
    Boolean mixedMemory;

    @Option(names = "--cm-scale", defaultValue = "1", paramLabel = "K",
            description = "Scale of an LTC's initial membrane capacitances, i.e. of its neurons'"
                    + " initial time constants (default ${DEFAULT-VALUE}: ncps's"
                    + " initialisation). Larger starts slower neurons: 20 halved the error on"
                    + " Mackey-Glass, a delay system, and raised it on Lorenz and the oscillator.")
    double cmScale;

    @Option(names = "--log-delta", arity = "0..1", paramLabel = "true|false",
            description = "Append log(t[k]-t[k-1]) to the input: gives an LSTM, which ignores"
                    + " time, the gap as a feature (default: on for ltc, off otherwise).")
    Boolean logDelta;

    @Option(names = "--target-channels", split = ",", paramLabel = "C",
            description = "Channels to forecast, in output order, e.g. 0,2 (default: all).")
    int[] targetChannels;

    @Option(names = "--out", required = true, paramLabel = "MODEL",
            description = "The model file to write (.cbor/.bin: binary, else JSON).")
    Path out;

    @Option(names = "--history", paramLabel = "FILE.csv",
            description = "The training curve as CSV (default: MODEL.history.csv).")
    Path history;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "The training curve as PNG (default: MODEL.history.png).")
    Path plot;

    @Option(names = "--encoding", paramLabel = "json|binary",
            description = "Encoding of the model file (default: binary for .cbor/.bin, else"
                    + " json).")
    String modelEncoding;

    /** The older spelling of {@code --encoding}. */
    @Option(names = "--format", hidden = true, preprocessor = OldSpelling.class)
    String oldFormat;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    /** {@code auto} (0: the median gap) or a positive number of data time units. */
    static double parseTimeUnit(String value) {
        if ("auto".equalsIgnoreCase(value.trim())) {
            return 0;
        }
        double u;
        try {
            u = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--time-unit must be auto or a positive number: " + value);
        }
        Checks.requireArgument(u > 0 && Double.isFinite(u),
                "--time-unit must be auto or a positive number: %s", value);
        return u;
    }

    @Override
    public Integer call() {
        CellSpec cellSpec = CellSpec.parse(cell, units, wiring, backboneUnits);
        DataSpec dataSpec = data.spec(seed);
        ModelEncoding encoding = ImportCommand.encodingFor(out, modelEncoding);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        boolean memory = mixedMemory != null ? mixedMemory
                : TrainingDefaults.mixedMemory(cellSpec.kind());
        double lr = learningRate != null ? learningRate
                : TrainingDefaults.learningRate(cellSpec.kind(), memory);
        int patienceEpochs = patience != null ? patience : TrainingDefaults.patience(epochs);
        Checks.requireArgument(patienceEpochs >= 0, "patience must be >= 0: %s", patienceEpochs);
        double unit = parseTimeUnit(timeUnit);
        Trainer.Builder builder = Trainer.builder()
                .epochs(epochs)
                .learningRate(lr)
                .chunkLength(chunk)
                .batchSize(batch)
                .threads(workers)
                .validationFraction(validation)
                .patience(patienceEpochs)
                .schedule(LearningRateSchedule.fromName(schedule))
                .timeUnit(unit)
                .clipNorm(clipNorm)
                .seed(seed)
                .logDelta(logDelta != null ? logDelta
                        : TrainingDefaults.logDelta(cellSpec.kind()));
        if (targetChannels != null) {
            builder.targetChannels(targetChannels);
        }
        builder.build(); // fails fast on a bad setting, before the data is generated
        CellFactory factory = cellSpec.factory(memory, cmScale);
        createParentDirectories(out);

        Series series = dataSpec.load();
        TrainingResult result;
        long start = System.nanoTime();
        if (quiet) {
            result = builder.build().train(series, factory);
        } else {
            try (TrainingProgress progress = TrainingProgress.open(
                    cellSpec.label(), epochs, System.err, TrainingProgress.interactiveConsole())) {
                result = builder.progressListener(progress).build()
                        .train(series, factory);
                if (result.stoppedEarly()) {
                    progress.message(String.format(Locale.ROOT,
                            "stopped early: no better validation loss for %d epochs", patienceEpochs));
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        Model model = withMetadata(result.model(), cellSpec, dataSpec, lr, seconds);
        Path historyFile = history != null ? history : sibling(out, ".history.csv");
        Path plotFile = plot != null ? plot : sibling(out, ".history.png");
        ModelFiles.write(model, out, encoding);
        writeHistory(result, historyFile);
        Charts.writePng(Charts.trainingCurve(result.history(), result.bestEpoch(),
                cellSpec.label() + " on " + dataSpec.describe()), plotFile);

        EpochStats best = result.history().get(result.bestEpoch());
        System.out.printf(Locale.ROOT,
                "trained %s (%d parameters) on %s in %.1f s: %d epochs%s, best epoch %d,"
                        + " training loss %.4g, validation loss %.4g (MSE of normalised"
                        + " targets)%n",
                cellSpec.label(), model.cell().parameterCount(), dataSpec.describe(), seconds,
                result.history().size() - 1, result.stoppedEarly() ? " (stopped early)" : "",
                result.bestEpoch(), best.trainLoss(), best.validationLoss());
        System.out.printf("model   -> %s (%s, id %s)%n", out,
                encoding.name().toLowerCase(Locale.ROOT), model.id());
        System.out.printf("history -> %s%n", historyFile);
        System.out.printf("plot    -> %s%n", plotFile);
        return 0;
    }

    /** The trained model with the cell, data and settings recorded in its metadata. */
    private Model withMetadata(Model model, CellSpec cellSpec, DataSpec dataSpec, double lr,
            double seconds) {
        Map<String, String> metadata = new LinkedHashMap<>(model.metadata());
        metadata.put("training.cell", cellSpec.label());
        metadata.put("training.learningRate", Double.toString(lr));
        if (cellSpec.kind() == CellKind.LTC) {
            metadata.put("training.cmScale", Double.toString(cmScale));
        }
        metadata.put("training.seconds", String.format(Locale.ROOT, "%.3f", seconds));
        metadata.putAll(dataSpec.toMetadata());
        return Model.of(model.cell(), model.normalization().orElse(null), metadata);
    }

    /** Creates the directory {@code file} goes in, so a bad path fails before training. */
    static void createParentDirectories(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory " + parent, e);
        }
    }

    private static void writeHistory(TrainingResult result, Path file) {
        try {
            Files.writeString(file, result.historyCsv(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** {@code file} with {@code suffix} appended to its name. */
    static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
