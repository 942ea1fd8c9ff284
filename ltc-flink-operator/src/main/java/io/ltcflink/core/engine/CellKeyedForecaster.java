package io.ltcflink.core.engine;

import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.Normalization;
import io.ltcflink.core.train.ForecastTask;

/**
 * The per-key engine of a stateful cell (LTC, CfC, LSTM): per key, every record is handled as
 * <b>evolve, then read, then compare</b>. With {@code Δ = t_k − t_{k−1}} in model units, the key's
 * state evolves across the gap driven by the previous reading ({@code h' = step(h, x_{k−1}, Δ)}),
 * the forecast is read out ({@code ŷ_k = readout(h')}), compared with {@code x_k}, scored, passed
 * through the alert gate, and {@code (h', t_k, x_k)} kept.
 *
 * <p>The time semantics: a key's first record starts its state (no forecast); a record older than
 * the key's last one is late (nothing changes); the same timestamp again evolves nothing and the
 * newer reading replaces the last one; a gap beyond the long-gap threshold resets the key or keeps
 * integrating; a state built by another model, or with a scorer slice of another length, is
 * started afresh.
 *
 * <p>What the model was trained with is read from the model file: whether {@code log Δ} is an
 * input, which reading channels the outputs forecast, and the normalisation. {@link Settings}
 * override the first two only when set.
 */
public final class CellKeyedForecaster extends AbstractKeyedForecaster<KeyState> {

    /**
     * How the engine runs a model.
     *
     * @param millisPerUnit event-time milliseconds per model time unit (positive)
     * @param maxGapMillis gaps longer than this trigger the long-gap policy (+∞: none)
     * @param longGapPolicy what a long gap does
     * @param logDelta whether {@code log Δ} is appended to the input; null: the model file's
     * @param targetChannels the reading channels compared with the outputs; null: the model's
     * @param scorer the anomaly scorer
     * @param normalizer the per-key input normaliser, or null
     * @param adapter the per-key readout adapter, or null
     * @param alerts the alert gate, or null for no alerts
     * @param measureCpu whether each step's thread CPU time is measured
     * @param interval the per-key prediction interval, or null for none
     */
    public record Settings(double millisPerUnit, double maxGapMillis, LongGapPolicy longGapPolicy,
            Boolean logDelta, int[] targetChannels, Scorer scorer, InputNormalizer normalizer,
            ReadoutAdapter adapter, AlertGate alerts, boolean measureCpu,
            IntervalEstimator interval) {

        /** Settings without a prediction interval. */
        public Settings(double millisPerUnit, double maxGapMillis, LongGapPolicy longGapPolicy,
                Boolean logDelta, int[] targetChannels, Scorer scorer, InputNormalizer normalizer,
                ReadoutAdapter adapter, AlertGate alerts, boolean measureCpu) {
            this(millisPerUnit, maxGapMillis, longGapPolicy, logDelta, targetChannels, scorer,
                    normalizer, adapter, alerts, measureCpu, null);
        }
    }

    private final String modelId;
    private final RecurrentCell cell;
    private final RecurrentCell.Stepper stepper;
    private final Normalization normalization;
    private final Settings settings;
    private final boolean logDelta;
    private final int scorerStateSize;
    private final double maxGapUnits;
    private final double[] cellInput;
    private final double[] output;
    private final double[] lastNormalized;
    private final double[] actualNormalized;
    private final double[] normalizedResidual;
    private final double[] features;
    private final double[] target;

    /**
     * An engine for {@code model} run through {@code cell} (the model's cell, or one with other
     * solver settings).
     *
     * @throws IllegalArgumentException if the settings do not fit the model
     */
    public CellKeyedForecaster(Model model, RecurrentCell cell, Settings settings) {
        this(model.id(), model, cell, settings);
    }

    /**
     * As {@link #CellKeyedForecaster(Model, RecurrentCell, Settings)}, with the model known as
     * {@code modelId} (the id a model update names it by) instead of its content id: the id its
     * keys' states and its outcomes carry.
     */
    public CellKeyedForecaster(String modelId, Model model, RecurrentCell cell,
            Settings settings) {
        this(modelId, model, cell, settings, logDelta(model, settings));
    }

    private CellKeyedForecaster(String modelId, Model model, RecurrentCell cell,
            Settings settings, boolean logDelta) {
        this(modelId, model, cell, settings, logDelta, channels(cell, logDelta));
    }

    private CellKeyedForecaster(String modelId, Model model, RecurrentCell cell,
            Settings settings, boolean logDelta, int channels) {
        super(channels, TargetChannels.resolve(settings.targetChannels(), model.metadata(),
                cell.outputSize(), channels), settings.measureCpu());
        this.modelId = modelId;
        this.outcome.modelId = modelId;
        this.cell = cell;
        this.stepper = cell.newStepper();
        this.normalization = model.normalization().orElse(null);
        this.settings = settings;
        this.logDelta = logDelta;
        this.scorerStateSize = settings.scorer().stateSize(targets.length, cell.stateSize());
        this.maxGapUnits = settings.maxGapMillis() / settings.millisPerUnit();
        this.cellInput = new double[cell.inputSize()];
        this.output = new double[cell.outputSize()];
        this.lastNormalized = new double[channels];
        this.actualNormalized = new double[channels];
        this.normalizedResidual = new double[targets.length];
        // Adapter features: the evolved cell state, the previous (normalised) reading and a 1.
        this.features = new double[cell.stateSize() + channels + 1];
        this.target = new double[targets.length];
    }

    /** Whether {@code log Δ} is an input: the setting, else what the model file says. */
    private static boolean logDelta(Model model, Settings settings) {
        return settings.logDelta() != null ? settings.logDelta()
                : ForecastTask.fromMetadata(model.metadata()).map(ForecastTask::logDelta)
                        .orElse(false);
    }

    /** The reading's width: the cell's inputs less the log-Δ input. */
    private static int channels(RecurrentCell cell, boolean logDelta) {
        int c = cell.inputSize() - (logDelta ? 1 : 0);
        if (c < 1) {
            throw new IllegalArgumentException(String.format(
                    "the model takes %s inputs, too few for the log-delta input", cell.inputSize()));
        }
        return c;
    }

    /** The id this engine's keys' states and outcomes carry. */
    public String modelId() {
        return modelId;
    }

    /**
     * How this engine lays out a key's state: the cell's kind and sizes and the per-key
     * statistics' sizes. Two engines with the same layout can step on from each other's states.
     */
    public String stateLayout() {
        return String.format("%s state %d, inputs %d, outputs %d, scorer %d, normalizer %d,"
                        + " adapter %d, interval %d", cell.getClass().getSimpleName(),
                cell.stateSize(), cell.inputSize(), targets.length, scorerStateSize,
                settings.normalizer() == null ? 0 : settings.normalizer().stateSize(channels),
                settings.adapter() == null
                        ? 0 : settings.adapter().stateSize(features.length, targets.length),
                settings.interval() == null ? 0 : settings.interval().stateSize(targets.length));
    }

    /** Whether {@code log Δ} is appended to the model's input. */
    public boolean logDelta() {
        return logDelta;
    }

    /** A new key's state, as kept before its first record is applied. */
    public KeyState newState(long timestamp) {
        double[] hidden = new double[cell.stateSize()];
        cell.initialState(hidden);
        KeyState s = new KeyState(modelId, timestamp, hidden, new double[channels],
                new double[scorerStateSize]);
        if (settings.normalizer() != null) {
            s.normalizer = new double[settings.normalizer().stateSize(channels)];
        }
        if (settings.adapter() != null) {
            s.adapter = new double[settings.adapter().stateSize(features.length, targets.length)];
        }
        if (settings.interval() != null) {
            s.interval = new double[settings.interval().stateSize(targets.length)];
        }
        return s;
    }

    @Override
    public KeyState onRecord(KeyState s, long timestamp, double[] values) {
        Outcome out = outcome;
        out.reset();
        int flags = 0;
        if (s != null && !modelId.equals(s.modelId)) {
            // State built by another model means nothing to this one: start the key afresh.
            out.modelReset = true;
            s = null;
            flags |= ForecastFlags.RESET;
        } else if (s != null && (s.scorer == null || s.scorer.length != scorerStateSize)) {
            // The scorer's statistics were laid out by another scorer configuration (the slice
            // has another length) and cannot be read by this one: start the key afresh.
            s = null;
            flags |= ForecastFlags.RESET;
        }
        if (s == null) {
            return first(timestamp, values, flags);
        }
        long gapMillis = timestamp - s.lastTimestamp;
        if (gapMillis < 0) {
            out.kind = Outcome.Kind.LATE;
            out.lastTimestamp = s.lastTimestamp;
            return null;
        }
        double dt = gapMillis / settings.millisPerUnit();
        // The previous reading as the cell sees it: normalised by the key's own statistics.
        InputNormalizer normalizer = settings.normalizer();
        double[] last = s.lastInput;
        if (normalizer != null) {
            normalizer.normalize(s.normalizer, s.lastInput, lastNormalized);
            last = lastNormalized;
        }
        if (gapMillis == 0) {
            // No time has passed: nothing evolves; the newer reading replaces the last one.
            flags |= ForecastFlags.DUPLICATE_TIME;
            stepper.readout(s.hidden, output);
        } else {
            if (dt > maxGapUnits) {
                flags |= ForecastFlags.LONG_GAP;
                if (settings.longGapPolicy() == LongGapPolicy.RESET) {
                    return first(timestamp, values, flags | ForecastFlags.RESET);
                }
            }
            long cpu0 = settings.measureCpu() ? ThreadCpuClock.nanos() : 0L;
            prepareInput(last, dt);
            long t0 = System.nanoTime();
            stepper.step(s.hidden, cellInput, dt, output);
            out.stepNanos = System.nanoTime() - t0;
            if (settings.measureCpu()) {
                out.cpuNanos = ThreadCpuClock.nanos() - cpu0;
            }
        }
        ReadoutAdapter adapter = settings.adapter();
        if (adapter != null) {
            int h = s.hidden.length;
            System.arraycopy(s.hidden, 0, features, 0, h);
            System.arraycopy(last, 0, features, h, channels);
            features[h + channels] = 1.0;
            adapter.predict(s.adapter, features, output);
        } else if (normalization != null) {
            normalization.denormalizeOutput(output);
        }
        double[] forecast = out.forecast;
        double[] actual = out.actual;
        double[] residual = out.residual;
        double[] nr = residual;
        if (normalizer != null) {
            normalizer.normalize(s.normalizer, values, actualNormalized);
            nr = normalizedResidual;
            for (int i = 0; i < targets.length; i++) {
                nr[i] = actualNormalized[targets[i]] - output[i];
                output[i] = normalizer.denormalize(s.normalizer, targets[i], output[i]);
            }
        }
        for (int i = 0; i < targets.length; i++) {
            forecast[i] = output[i];
            actual[i] = values[targets[i]];
            residual[i] = actual[i] - output[i];
        }
        IntervalEstimator interval = settings.interval();
        if (interval != null) {
            if (s.interval.length != interval.stateSize(targets.length)) {
                // State from before intervals were on: calibrate from here, keep the key.
                s.interval = new double[interval.stateSize(targets.length)];
            }
            // Published once the key's first residual has set the scale.
            out.hasInterval = interval.calibrated(s.interval);
            interval.interval(s.interval, forecast, out.lower, out.upper);
            interval.update(s.interval, residual);
        }
        double score = settings.scorer().score(s.scorer,
                observation.set(timestamp, dt, actual, forecast, residual, nr, s.hidden));
        if (adapter != null) {
            for (int i = 0; i < targets.length; i++) {
                target[i] = normalizer != null ? actualNormalized[targets[i]] : actual[i];
            }
            adapter.update(s.adapter, features, target);
        }
        if (normalizer != null) {
            normalizer.update(s.normalizer, values);
        }
        out.kind = Outcome.Kind.FORECAST;
        out.dt = dt;
        out.score = score;
        out.alert = settings.alerts() != null && settings.alerts().decide(s, timestamp, score);
        if (out.alert) {
            attribute(out);
        }
        out.flags = flags;
        s.lastTimestamp = timestamp;
        System.arraycopy(values, 0, s.lastInput, 0, channels);
        return s;
    }

    /**
     * Starts {@code s}'s anomaly statistics afresh from its last reading, as at a first record,
     * keeping everything the forecast depends on (hidden state, last reading, normaliser,
     * adapter): the scorer's statistics, the interval's half-widths and the alert state.
     * Modified: s.
     */
    void restartStatistics(KeyState s) {
        s.scorer = new double[scorerStateSize];
        readActual(s.lastInput);
        settings.scorer().first(s.scorer,
                observation.setFirst(s.lastTimestamp, outcome.actual, s.hidden));
        if (settings.interval() != null) {
            s.interval = new double[settings.interval().stateSize(targets.length)];
        }
        s.alertActive = false;
        s.lastAlertTime = Long.MIN_VALUE;
    }

    /** A key's first record (or first after a reset): a new state, no forecast. */
    private KeyState first(long timestamp, double[] values, int flags) {
        KeyState s = newState(timestamp);
        System.arraycopy(values, 0, s.lastInput, 0, channels);
        if (settings.normalizer() != null) {
            settings.normalizer().update(s.normalizer, values);
        }
        if (settings.adapter() != null) {
            settings.adapter().initialise(s.adapter, features.length, targets.length);
        }
        Outcome out = outcome;
        readActual(values);
        settings.scorer().first(s.scorer, observation.setFirst(timestamp, out.actual, s.hidden));
        out.kind = Outcome.Kind.FIRST;
        out.flags = flags | ForecastFlags.FIRST;
        return s;
    }

    /** Names the channels that drove an alert and their directions. Modified: out. */
    private void attribute(Outcome out) {
        int n = targets.length;
        double[] z = new double[n];
        int outside = 0;
        int worst = 0;
        for (int i = 0; i < n; i++) {
            double half = out.hasInterval ? 0.5 * (out.upper[i] - out.lower[i]) : 0;
            z[i] = half > 0 ? Math.abs(out.residual[i]) / half : Math.abs(out.residual[i]);
            if (out.hasInterval && z[i] > 1) {
                outside++;
            }
            if (z[i] > z[worst]) {
                worst = i;
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(z[b], z[a]));
        int count = Math.max(1, outside);
        out.alertChannels = new int[count];
        out.alertDirections = new int[count];
        for (int j = 0; j < count; j++) {
            int i = count == 1 ? worst : order[j];
            out.alertChannels[j] = targets[i];
            out.alertDirections[j] = out.residual[i] >= 0 ? 1 : -1;
        }
    }

    /** The cell's input for a step driven by the previous reading across {@code dt}. */
    private void prepareInput(double[] last, double dt) {
        System.arraycopy(last, 0, cellInput, 0, channels);
        if (logDelta) {
            cellInput[channels] = Math.log(dt);
        }
        if (normalization != null) {
            normalization.normalizeInput(cellInput, cellInput);
        }
    }
}
