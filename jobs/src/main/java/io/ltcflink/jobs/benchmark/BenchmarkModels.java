package io.ltcflink.jobs.benchmark;

import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.data.SystemKind;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelEncoding;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.core.train.Trainer;
import io.ltcflink.core.train.TrainingDefaults;
import io.ltcflink.core.train.TrainingResult;
import io.ltcflink.core.train.WindowTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/*
 * Implementation notes: the shared budget
 *
 * Every model of a system learns from the same training series with the same optimiser (Adam,
 * ltc train's learning rate, plateau schedule and time unit (the median gap), global-norm
 * clipping at 1), the same number of epochs, the same 20 % validation tail and patience, and the
 * same number of targets per update:
 *
 *   stateful (LTC, CfC)  Trainer: 8 lanes × chunks of 32 steps          = 256 targets per update
 *   windowed LSTM        WindowTrainer: chunks of W, the last W − ⌊W/2⌋
 *                        scored, 512 / W chunks per update              = 256 targets per update
 *
 * so an epoch is the same number of updates for every model, each target is scored once per
 * epoch, and the best-validation weights are kept. What differs is what the architectures are:
 * a stateful model carries its state across chunks (truncated BPTT); a windowed one starts every
 * forecast from zero, which is how it runs in the sidecar.
 */

/**
 * Trains the benchmark's models under one shared budget, or loads them from an earlier run when
 * the stored fingerprint says they were trained on the same data with the same budget.
 */
public final class BenchmarkModels {

    /** Metadata key of the data-and-budget fingerprint of a trained benchmark model. */
    static final String KEY_FINGERPRINT = "benchmark.fingerprint";
    static final String KEY_SECONDS = "benchmark.trainingSeconds";

    /**
     * A trained (or loaded) model and where its file is.
     *
     * @param trainingSeconds wall time of its training (as recorded when it was trained)
     * @param loaded whether it came from an earlier run
     */
    public record Trained(ModelSpec spec, SystemKind system, Model model, Path file,
            double trainingSeconds, boolean loaded) {

        public long params() {
            return model.cell().parameterCount();
        }

        public int bestEpoch() {
            return intMeta("training.bestEpoch");
        }

        public int epochs() {
            return intMeta("training.epochs");
        }

        /** The best validation loss (MSE in normalised units, as the trainer measures it). */
        public double validationLoss() {
            String v = model.metadata().get("training.validationLoss");
            return v == null ? Double.NaN : Double.parseDouble(v);
        }

        private int intMeta(String key) {
            String v = model.metadata().get(key);
            return v == null ? -1 : Integer.parseInt(v);
        }
    }

    private BenchmarkModels() {}

    /**
     * The models of {@code system}: loaded from {@code loadDir} where a matching file exists,
     * trained otherwise (up to {@code settings.threads()} at a time); every model is written to
     * {@code saveDir} as {@code <system>-<name>.model.json}.
     */
    public static List<Trained> prepare(SystemKind system, BenchmarkSettings settings,
            Path loadDir, Path saveDir, PrintStream log) throws Exception {
        Files.createDirectories(saveDir);
        List<ModelSpec> specs = ModelSpec.all(settings);
        Series series = BenchmarkData.trainingSeries(system, settings);
        Map<ModelSpec, Trained> done = new LinkedHashMap<>();
        List<ModelSpec> toTrain = new ArrayList<>();
        for (ModelSpec spec : specs) {
            Trained t = loadDir == null ? null : load(system, spec, settings, loadDir, saveDir);
            if (t != null) {
                done.put(spec, t);
                log.printf("[benchmark] %s %s: loaded from %s%n", system.id(), spec.name(),
                        loadDir);
            } else {
                toTrain.add(spec);
            }
        }
        // The costliest first, so the pool is not left waiting on one big model at the end.
        toTrain.sort(Comparator.comparingLong((ModelSpec m) -> -cost(m)));
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
        try {
            Map<ModelSpec, Future<Trained>> running = new LinkedHashMap<>();
            for (ModelSpec spec : toTrain) {
                running.put(spec, pool.submit(() -> train(system, spec, series, settings, saveDir,
                        log)));
            }
            for (Map.Entry<ModelSpec, Future<Trained>> e : running.entrySet()) {
                done.put(e.getKey(), e.getValue().get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<Trained> out = new ArrayList<>();
        for (ModelSpec spec : specs) {
            out.add(done.get(spec));
            if (spec.family() == ModelSpec.Family.LTC_FC) {
                out.add(fastVariant(done.get(spec), saveDir));
            }
        }
        return out;
    }

    /**
     * The same trained LTC in {@link NumericMode#FAST}: the same weights, the vectorised sigmoid
     * (its forecasts agree with the exact mode's to about 1e-12; only the CPU time differs). Its
     * model id differs, so the comparator tells the two apart.
     */
    static Trained fastVariant(Trained exact, Path saveDir) throws IOException {
        ModelSpec s = exact.spec();
        ModelSpec spec = new ModelSpec(s.name() + "-fast", s.family(), s.units(), s.window(),
                s.logDelta(), s.mixedMemory());
        LtcCell cell = ((LtcCell) exact.model().cell()).withNumericMode(NumericMode.FAST);
        Model m = Model.of(cell, exact.model().normalization().orElse(null),
                exact.model().metadata());
        Path f = file(saveDir, exact.system(), spec);
        ModelFiles.write(m, f, ModelEncoding.JSON);
        return new Trained(spec, exact.system(), m, f, exact.trainingSeconds(), exact.loaded());
    }

    /** A rough cost of training, for the order: steps per target times a step's work. */
    private static long cost(ModelSpec m) {
        return m.windowed() ? 2L * m.units() * (m.units() + 4) : 40L * m.units() * m.units();
    }

    /** The data and budget a model is trained with, as one comparable string. */
    static String fingerprint(SystemKind system, ModelSpec spec, BenchmarkSettings s) {
        return String.format(java.util.Locale.ROOT,
                "system=%s spec=%s samples=%s drops=%s jitter=%s noise=%s epochs=%s patience=%s"
                        + " lr=%s schedule=%s seed=%s cfcBackbone=%s timeUnit=%s",
                system.id(), spec, s.trainSamples(), java.util.Arrays.toString(s.dropRates()),
                s.jitter(), s.noise(), s.epochs(), s.patience(), spec.learningRate(),
                TrainingDefaults.SCHEDULE_NAME, s.seed(), s.cfcBackbone(),
                TrainingDefaults.TIME_UNIT == 0 ? "medianGap" : TrainingDefaults.TIME_UNIT);
    }

    /**
     * Whether a stored fingerprint is {@code current}. Models of earlier runs, trained before
     * the benchmark trained with {@code ltc train}'s defaults, record no schedule and no memory,
     * so they are trained again.
     */
    static boolean sameFingerprint(String current, String stored) {
        return current.equals(stored);
    }

    private static Path file(Path dir, SystemKind system, ModelSpec spec) {
        return dir.resolve(system.id() + "-" + spec.name() + ".model.json");
    }

    private static Trained load(SystemKind system, ModelSpec spec, BenchmarkSettings s,
            Path loadDir, Path saveDir) throws IOException {
        Path f = file(loadDir, system, spec);
        if (!Files.isReadable(f)) {
            return null;
        }
        Model m = ModelFiles.read(f);
        if (!sameFingerprint(fingerprint(system, spec, s), m.metadata().get(KEY_FINGERPRINT))) {
            return null;
        }
        Path target = file(saveDir, system, spec);
        if (!target.toAbsolutePath().equals(f.toAbsolutePath())) {
            ModelFiles.write(m, target, ModelEncoding.JSON);
        }
        String secs = m.metadata().get(KEY_SECONDS);
        return new Trained(spec, system, m, target, secs == null ? Double.NaN
                : Double.parseDouble(secs), true);
    }

    private static Trained train(SystemKind system, ModelSpec spec, Series series,
            BenchmarkSettings s, Path saveDir, PrintStream log) throws IOException {
        long t0 = System.nanoTime();
        // The seed differs per model name, so no two models start from the same weights.
        long seed = s.seed() * 31 + spec.name().hashCode();
        TrainingResult r;
        if (spec.windowed()) {
            WindowTrainer.Builder b = WindowTrainer.builder()
                    .window(spec.window())
                    .logDelta(spec.logDelta());
            int scored = b.build().scoredPerChunk();
            r = b.batchSize(Math.max(1, 256 / scored))
                    .defaults(s.epochs())
                    .learningRate(spec.learningRate())
                    .patience(s.patience())
                    .validationFraction(0.2)
                    .clipNorm(1.0)
                    .seed(seed)
                    .build()
                    .train(series, spec.cellFactory(s));
        } else {
            r = Trainer.builder()
                    .chunkLength(32)
                    .batchSize(8)
                    .defaults(s.epochs())
                    .learningRate(spec.learningRate())
                    .patience(s.patience())
                    .logDelta(spec.logDelta())
                    .validationFraction(0.2)
                    .clipNorm(1.0)
                    .seed(seed)
                    .build()
                    .train(series, spec.cellFactory(s));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, String> meta = new LinkedHashMap<>(r.model().metadata());
        meta.put(KEY_FINGERPRINT, fingerprint(system, spec, s));
        meta.put(KEY_SECONDS, String.format(java.util.Locale.ROOT, "%.1f", seconds));
        Model m = Model.of(r.model().cell(), r.model().normalization().orElse(null), meta);
        Path f = file(saveDir, system, spec);
        ModelFiles.write(m, f, ModelEncoding.JSON);
        log.printf(java.util.Locale.ROOT,
                "[benchmark] %s %-16s trained: %,d params, %d epochs (best %d), validation"
                        + " loss %.4f, %.0f s%n", system.id(), spec.name(),
                m.cell().parameterCount(), r.history().size() - 1, r.bestEpoch(),
                r.history().get(r.bestEpoch()).validationLoss(), seconds);
        return new Trained(spec, system, m, f, seconds, false);
    }
}
