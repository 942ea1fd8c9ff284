package io.ltcflink.flink;

import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.Normalization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The keyed LTC operator: per key, every record is handled as <b>evolve, then read, then
 * compare</b>. With {@code Δ = t_k − t_{k−1}} in model units, the key's state evolves across the
 * gap driven by the previous reading ({@code h' = step(h, x_{k−1}, Δ)}), the forecast is read out
 * ({@code ŷ_k = readout(h')}), compared with {@code x_k}, scored, and {@code (h', t_k, x_k)} stored.
 *
 * <p>The model is loaded once per subtask in {@link #open} and shared by all its keys. Edge cases
 * are named policies, each counted in a metric: first record (no forecast), duplicate timestamp
 * (no evolution; the newer reading replaces the last one), out of order (late output in arrival
 * mode; per-key buffer released by the watermark in event-time mode), long gap (reset or keep
 * integrating), bad records (dead-letter output with the reason), model change (reset).
 */
public class LtcKeyedFunction extends KeyedProcessFunction<String, SensorReading, Forecast> {

    private static final long serialVersionUID = 1L;

    /** Alerts, one per incident. */
    public static final OutputTag<Alert> ALERTS =
            new OutputTag<>("ltc-alerts", TypeInformation.of(Alert.class));
    /** Records older than their key's last one (arrival) or behind the watermark (event time). */
    public static final OutputTag<RejectedReading> LATE =
            new OutputTag<>("ltc-late", TypeInformation.of(RejectedReading.class));
    /** Records that cannot be used, with the reason. */
    public static final OutputTag<RejectedReading> DEAD_LETTERS =
            new OutputTag<>("ltc-dead-letters", TypeInformation.of(RejectedReading.class));

    private final LtcOperatorConfig config;

    private transient Model model;
    private transient RecurrentCell cell;
    private transient RecurrentCell.Stepper stepper;
    private transient Normalization normalization;
    private transient int channels;
    private transient int[] targets;
    private transient int scorerStateSize;
    private transient double millisPerUnit;
    private transient double maxGapUnits;
    private transient double[] cellInput;
    private transient double[] output;
    private transient InputNormalizer normalizer;
    private transient ReadoutAdapter adapter;
    private transient double[] lastNormalized;
    private transient double[] actualNormalized;
    private transient double[] features;
    private transient double[] target;
    private transient Observation observation;

    private transient ValueState<KeyState> keyState;
    private transient MapState<Long, List<SensorReading>> buffer;
    private transient ValueState<Integer> buffered;

    private transient Metrics metrics;

    public LtcKeyedFunction(LtcOperatorConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        model = ModelLoader.load(config.modelLocation());
        RecurrentCell c = model.cell();
        if (c instanceof LtcCell) {
            LtcCell ltc = (LtcCell) c;
            if (config.solver() != null) {
                ltc = ltc.withSolver(config.solver());
            }
            if (config.numericMode() != null) {
                ltc = ltc.withNumericMode(config.numericMode());
            }
            c = ltc;
        }
        cell = c;
        stepper = cell.newStepper();
        normalization = model.normalization().orElse(null);
        channels = cell.inputSize() - (config.logDeltaFeature() ? 1 : 0);
        if (channels < 1) {
            throw new IllegalArgumentException(String.format(
                    "the model takes %s inputs, too few for the log-delta feature", cell.inputSize()));
        }
        targets = TargetChannels.resolve(config.targetChannels(), cell.outputSize(), channels);
        scorerStateSize = config.scorer().stateSize(targets.length, cell.stateSize());
        millisPerUnit = config.millisPerModelUnit();
        maxGapUnits = config.maxGap() == null
                ? Double.POSITIVE_INFINITY
                : config.maxGap().toNanos() / 1e6 / millisPerUnit;
        cellInput = new double[cell.inputSize()];
        output = new double[cell.outputSize()];
        normalizer = config.normalizer();
        adapter = config.readoutAdapter();
        lastNormalized = new double[channels];
        actualNormalized = new double[channels];
        // Adapter features: the evolved cell state, the previous (normalised) reading and a 1.
        features = new double[cell.stateSize() + channels + 1];
        target = new double[targets.length];
        observation = new Observation();

        ValueStateDescriptor<KeyState> desc =
                new ValueStateDescriptor<>("ltc-key-state", KeyStateSerializer.INSTANCE);
        if (config.stateTtl() != null) {
            // Idle sensors must not grow state forever: expired keys start again as new ones.
            desc.enableTimeToLive(StateTtlConfig.newBuilder(config.stateTtl())
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                    .build());
        }
        keyState = getRuntimeContext().getState(desc);
        if (config.outOfOrderMode() == OutOfOrderMode.EVENT_TIME) {
            buffer = getRuntimeContext().getMapState(new MapStateDescriptor<>("ltc-buffer",
                    Types.LONG, Types.LIST(TypeInformation.of(SensorReading.class))));
            buffered = getRuntimeContext().getState(
                    new ValueStateDescriptor<>("ltc-buffered", Types.INT));
        }
        metrics = new Metrics(getRuntimeContext().getMetricGroup().addGroup("ltc"));
        if (config.measureCpuTime()) {
            ThreadCpuClock.requireSupported();
        }
    }

    @Override
    public void processElement(SensorReading r, Context ctx, Collector<Forecast> out)
            throws Exception {
        metrics.records.inc();
        String problem = ReadingValidator.problem(r, channels,
                ctx.timerService().currentWatermark(), config.maxFutureSkew().toMillis(),
                ctx.timerService().currentProcessingTime(), config.maxAheadOfClockMillis());
        if (problem != null) {
            metrics.deadLetters.inc();
            ctx.output(DEAD_LETTERS, new RejectedReading(problem, r));
            return;
        }
        if (config.outOfOrderMode() == OutOfOrderMode.ARRIVAL) {
            process(r, ctx, out);
            return;
        }
        long wm = ctx.timerService().currentWatermark();
        if (r.timestamp <= wm) {
            metrics.late.inc();
            ctx.output(LATE, new RejectedReading(String.format(
                    "%s: timestamp %s is at or behind the watermark %s", RejectedReading.LATE,
                    r.timestamp, wm), r));
            return;
        }
        Integer count = buffered.value();
        int n = count == null ? 0 : count;
        if (n >= config.maxBufferedPerKey()) {
            metrics.deadLetters.inc();
            ctx.output(DEAD_LETTERS, new RejectedReading(String.format(
                    "%s: key already holds %s records waiting for the watermark",
                    RejectedReading.BUFFER_FULL, n), r));
            return;
        }
        List<SensorReading> at = buffer.get(r.timestamp);
        if (at == null) {
            at = new ArrayList<>(1);
            ctx.timerService().registerEventTimeTimer(r.timestamp);
        }
        at.add(r);
        buffer.put(r.timestamp, at);
        buffered.update(n + 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Forecast> out)
            throws Exception {
        List<SensorReading> due = buffer.get(timestamp);
        if (due == null) {
            return;
        }
        buffer.remove(timestamp);
        Integer count = buffered.value();
        int left = (count == null ? 0 : count) - due.size();
        // The buffer is empty again: clear the counter rather than keep a zero per key.
        if (left <= 0) {
            buffered.clear();
        } else {
            buffered.update(left);
        }
        for (SensorReading r : due) {
            process(r, ctx, out);
        }
    }

    /** Evolve, then read, then compare, for one valid record in its key's time order. */
    private void process(SensorReading r, Context ctx, Collector<Forecast> out) throws Exception {
        KeyState s = keyState.value();
        int flags = 0;
        if (s != null && !model.id().equals(s.modelId)) {
            // State built by another model means nothing to this one: start the key afresh.
            metrics.modelResets.inc();
            metrics.resets.inc();
            s = null;
            flags |= Forecast.RESET;
        } else if (s != null && (s.scorer == null || s.scorer.length != scorerStateSize)) {
            // The scorer's statistics were laid out by another scorer configuration (the slice
            // has another length) and cannot be read by this one: start the key afresh.
            metrics.resets.inc();
            s = null;
            flags |= Forecast.RESET;
        }
        if (s == null) {
            first(r, flags, out);
            return;
        }
        long gapMillis = r.timestamp - s.lastTimestamp;
        if (gapMillis < 0) {
            metrics.late.inc();
            ctx.output(LATE, new RejectedReading(
                    ReadingValidator.lateReason(r, s.lastTimestamp), r));
            return;
        }
        double dt = gapMillis / millisPerUnit;
        Forecast f = new Forecast();
        // The previous reading as the cell sees it: normalised by the key's own statistics.
        double[] last = s.lastInput;
        if (normalizer != null) {
            normalizer.normalize(s.normalizer, s.lastInput, lastNormalized);
            last = lastNormalized;
        }
        if (gapMillis == 0) {
            // No time has passed: nothing evolves; the newer reading replaces the last one.
            metrics.duplicates.inc();
            flags |= Forecast.DUPLICATE_TIME;
            stepper.readout(s.hidden, output);
        } else {
            if (dt > maxGapUnits) {
                metrics.longGaps.inc();
                flags |= Forecast.LONG_GAP;
                if (config.longGapPolicy() == LongGapPolicy.RESET) {
                    metrics.resets.inc();
                    first(r, flags | Forecast.RESET, out);
                    return;
                }
            }
            long cpu0 = config.measureCpuTime() ? ThreadCpuClock.nanos() : 0L;
            prepareInput(last, dt);
            long t0 = System.nanoTime();
            stepper.step(s.hidden, cellInput, dt, output);
            metrics.stepNanos.update(System.nanoTime() - t0);
            if (config.measureCpuTime()) {
                f.cpuNanos = ThreadCpuClock.nanos() - cpu0;
            }
        }
        if (adapter != null) {
            int h = s.hidden.length;
            System.arraycopy(s.hidden, 0, features, 0, h);
            System.arraycopy(last, 0, features, h, channels);
            features[h + channels] = 1.0;
            adapter.predict(s.adapter, features, output);
        } else if (normalization != null) {
            normalization.denormalizeOutput(output);
        }
        double[] actual = new double[targets.length];
        double[] residual = new double[targets.length];
        double[] normalizedResidual = residual;
        if (normalizer != null) {
            normalizer.normalize(s.normalizer, r.values, actualNormalized);
            normalizedResidual = new double[targets.length];
            for (int i = 0; i < targets.length; i++) {
                normalizedResidual[i] = actualNormalized[targets[i]] - output[i];
                output[i] = normalizer.denormalize(s.normalizer, targets[i], output[i]);
            }
        }
        for (int i = 0; i < targets.length; i++) {
            actual[i] = r.values[targets[i]];
            residual[i] = actual[i] - output[i];
        }
        double score = config.scorer().score(s.scorer, observation.set(r.timestamp, dt, actual,
                output, residual, normalizedResidual, s.hidden));
        if (adapter != null) {
            for (int i = 0; i < targets.length; i++) {
                target[i] = normalizer != null ? actualNormalized[targets[i]] : actual[i];
            }
            adapter.update(s.adapter, features, target);
        }
        if (normalizer != null) {
            normalizer.update(s.normalizer, r.values);
        }
        boolean alert = decideAlert(s, r.timestamp, score);
        f.key = r.key;
        f.timestamp = r.timestamp;
        f.dt = dt;
        f.forecast = output.clone();
        f.actual = actual;
        f.residual = residual;
        f.score = score;
        f.alert = alert;
        f.flags = flags;
        s.lastTimestamp = r.timestamp;
        s.lastInput = r.values.clone();
        keyState.update(s);
        metrics.forecasts.inc();
        out.collect(f);
        if (alert) {
            metrics.alerts.inc();
            ctx.output(ALERTS, new Alert(r.key, r.timestamp, score, f.forecast, actual));
        }
    }

    /** A key's first record (or first after a reset): initialises the state, no forecast. */
    private void first(SensorReading r, int flags, Collector<Forecast> out) throws Exception {
        metrics.firstRecords.inc();
        double[] hidden = new double[cell.stateSize()];
        cell.initialState(hidden);
        KeyState s = new KeyState(model.id(), r.timestamp, hidden, r.values.clone(),
                new double[config.scorer().stateSize(targets.length, hidden.length)]);
        if (normalizer != null) {
            s.normalizer = new double[normalizer.stateSize(channels)];
            normalizer.update(s.normalizer, r.values);
        }
        if (adapter != null) {
            s.adapter = new double[adapter.stateSize(features.length, targets.length)];
            adapter.initialise(s.adapter, features.length, targets.length);
        }
        Forecast f = new Forecast();
        f.key = r.key;
        f.timestamp = r.timestamp;
        f.dt = 0;
        f.forecast = new double[0];
        f.residual = new double[0];
        f.actual = new double[targets.length];
        for (int i = 0; i < targets.length; i++) {
            f.actual[i] = r.values[targets[i]];
        }
        config.scorer().first(s.scorer, observation.setFirst(r.timestamp, f.actual, hidden));
        keyState.update(s);
        f.score = 0;
        f.flags = flags | Forecast.FIRST;
        out.collect(f);
    }

    /** The cell's input for a step driven by the previous reading across {@code dt}. */
    private void prepareInput(double[] last, double dt) {
        if (normalization == null) {
            System.arraycopy(last, 0, cellInput, 0, channels);
            if (config.logDeltaFeature()) {
                cellInput[channels] = Math.log(dt);
            }
        } else {
            double[] raw = cellInput;
            System.arraycopy(last, 0, raw, 0, channels);
            if (config.logDeltaFeature()) {
                raw[channels] = Math.log(dt);
            }
            normalization.normalizeInput(raw, raw);
        }
    }

    /** Hysteresis and cool-down: one alert per incident. Modified: s. */
    private boolean decideAlert(KeyState s, long timestamp, double score) {
        if (s.alertActive) {
            if (score < config.clearThreshold()) {
                s.alertActive = false;
            }
            return false;
        }
        if (score < config.alertThreshold()) {
            return false;
        }
        long coolDown = config.alertCoolDown().toMillis();
        if (s.lastAlertTime != Long.MIN_VALUE && timestamp - s.lastAlertTime < coolDown) {
            return false;
        }
        s.alertActive = true;
        s.lastAlertTime = timestamp;
        return true;
    }

    /** Counters and the step-time histogram, under the operator's "ltc" metric group. */
    static final class Metrics {
        final Counter records;
        final Counter forecasts;
        final Counter firstRecords;
        final Counter alerts;
        final Counter late;
        final Counter deadLetters;
        final Counter resets;
        final Counter modelResets;
        final Counter duplicates;
        final Counter longGaps;
        final Histogram stepNanos;

        Metrics(MetricGroup g) {
            records = g.counter("records");
            forecasts = g.counter("forecasts");
            firstRecords = g.counter("firstRecords");
            alerts = g.counter("alerts");
            late = g.counter("late");
            deadLetters = g.counter("deadLetters");
            resets = g.counter("resets");
            modelResets = g.counter("modelResets");
            duplicates = g.counter("duplicateTimestamps");
            longGaps = g.counter("longGaps");
            stepNanos = g.histogram("stepNanos", new DescriptiveStatisticsHistogram(1000));
        }

        /** The counters by name, for tests and reports. */
        Map<String, Long> snapshot() {
            return Map.of("records", records.getCount(), "forecasts", forecasts.getCount(),
                    "firstRecords", firstRecords.getCount(), "alerts", alerts.getCount(),
                    "late", late.getCount(), "deadLetters", deadLetters.getCount(),
                    "resets", resets.getCount(), "modelResets", modelResets.getCount(),
                    "duplicateTimestamps", duplicates.getCount(), "longGaps", longGaps.getCount());
        }
    }

    /**
     * The serialized size in bytes of one key's state as this operator keeps it for {@code model}
     * on readings of {@code channels} values compared on {@code targets} channels: the cell state,
     * the last reading, the scorer's statistics, the model id, the timestamps and the alert flag.
     * Flink's key bytes and the state backend's own overhead are not included.
     *
     * @throws java.io.UncheckedIOException never in practice (the state is written to memory)
     */
    public static int stateBytesPerKey(Model model, int channels, int targets, Scorer scorer) {
        KeyState s = new KeyState(model.id(), 0L, new double[model.cell().stateSize()],
                new double[channels],
                new double[scorer.stateSize(targets, model.cell().stateSize())]);
        DataOutputSerializer out = new DataOutputSerializer(256);
        try {
            KeyStateSerializer.INSTANCE.serialize(s, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.length();
    }

    /** The counters by name (after {@link #open}). */
    Map<String, Long> metricsSnapshot() {
        return metrics.snapshot();
    }

    /** The loaded model (after {@link #open}). */
    Model model() {
        return model;
    }
}
