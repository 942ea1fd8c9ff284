package io.ltcflink.jobs.sidecar;

import io.ltcflink.core.model.Model;
import io.ltcflink.core.train.ForecastTask;
import io.ltcflink.core.train.WindowForecaster;
import io.ltcflink.flink.Forecast;
import io.ltcflink.flink.LtcKeyedFunction;
import io.ltcflink.flink.ModelLoader;
import io.ltcflink.flink.ReadingValidator;
import io.ltcflink.flink.RejectedReading;
import io.ltcflink.flink.Scorer;
import io.ltcflink.flink.SensorReading;
import io.ltcflink.flink.TargetChannels;
import io.ltcflink.flink.ThreadCpuClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The LSTM sidecar's keyed operator: per key it keeps the last W readings and the gaps before
 * them, and on each record forecasts that record before seeing it by running the model over the
 * window from the zero state ({@link WindowForecaster}), with the record's gap as the last step's
 * gap. The discrete-time baseline against the LTC operator on the same stream: W cell steps per
 * record instead of one, and a window of readings per key instead of one hidden state.
 *
 * <p>Records are checked and rejected exactly as by {@link LtcKeyedFunction}, on the same side
 * outputs ({@link LtcKeyedFunction#DEAD_LETTERS}, {@link LtcKeyedFunction#LATE}) with the same
 * reasons ({@link ReadingValidator}); records arrive in arrival order (no event-time buffer). A
 * key's first record gives no forecast; a duplicate timestamp is forecast from the window without
 * its newest reading and then replaces that reading's values. Forecasts are scored with the
 * configured scorer; the sidecar does not raise alerts.
 */
public final class WindowedLstmFunction
        extends KeyedProcessFunction<String, SensorReading, Forecast> {

    private static final long serialVersionUID = 1L;

    private final SidecarConfig config;

    private transient WindowForecaster forecaster;
    private transient int window;
    private transient int channels;
    private transient int[] targets;
    private transient double millisPerUnit;
    private transient double[] output;
    private transient ValueState<WindowState> windowState;
    private transient Metrics metrics;

    public WindowedLstmFunction(SidecarConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        Model model = ModelLoader.load(config.modelLocation());
        forecaster = forecaster(model, config.window());
        window = forecaster.window();
        channels = forecaster.channels();
        targets = TargetChannels.resolve(config.targetChannels(), forecaster.outputSize(),
                channels);
        millisPerUnit = config.millisPerModelUnit();
        output = new double[forecaster.outputSize()];
        ValueStateDescriptor<WindowState> desc =
                new ValueStateDescriptor<>("lstm-window", WindowStateSerializer.INSTANCE);
        if (config.stateTtl() != null) {
            // Idle sensors must not grow state forever: expired keys start again as new ones.
            desc.enableTimeToLive(StateTtlConfig.newBuilder(config.stateTtl())
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                    .build());
        }
        windowState = getRuntimeContext().getState(desc);
        metrics = new Metrics(getRuntimeContext().getMetricGroup().addGroup("lstm"));
        if (config.measureCpuTime()) {
            ThreadCpuClock.requireSupported();
        }
    }

    /** The model's windowed forecaster, with the window from the configuration or the model. */
    public static WindowForecaster forecaster(Model model, int configuredWindow) {
        Map<String, String> meta = model.metadata();
        boolean logDt = ForecastTask.fromMetadata(meta).map(ForecastTask::logDtInput).orElse(false);
        if (configuredWindow > 0) {
            return WindowForecaster.of(model, configuredWindow, logDt);
        }
        OptionalInt w = WindowForecaster.window(meta);
        if (w.isEmpty()) {
            throw new IllegalArgumentException(String.format(
                    "the model has no '%s' in its metadata: configure the window",
                    WindowForecaster.KEY_WINDOW));
        }
        return WindowForecaster.of(model, w.getAsInt(), logDt);
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
            ctx.output(LtcKeyedFunction.DEAD_LETTERS, new RejectedReading(problem, r));
            return;
        }
        WindowState s = windowState.value();
        int flags = 0;
        if (s != null && s.channels != channels) {
            // A window of readings of another width means nothing to this model: start afresh.
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
            ctx.output(LtcKeyedFunction.LATE,
                    new RejectedReading(ReadingValidator.lateReason(r, s.lastTimestamp), r));
            return;
        }
        double dt = gapMillis / millisPerUnit;
        Forecast f = new Forecast();
        if (gapMillis == 0) {
            // No time has passed: forecast this time as it was forecast before the newest reading
            // arrived, then let the newer reading replace it.
            metrics.duplicates.inc();
            flags |= Forecast.DUPLICATE_TIME;
            if (s.count < 2) {
                s.replaceNewest(r.values);
                windowState.update(s);
                emitFirst(r, flags, out);
                return;
            }
            long cpu0 = config.measureCpuTime() ? ThreadCpuClock.nanos() : 0L;
            forecaster.forecast(s.values, s.gaps, 0, s.count - 1, s.gaps[s.count - 1], output);
            f.cpuNanos = config.measureCpuTime() ? ThreadCpuClock.nanos() - cpu0 : 0L;
            s.replaceNewest(r.values);
        } else {
            long cpu0 = config.measureCpuTime() ? ThreadCpuClock.nanos() : 0L;
            forecaster.forecast(s.values, s.gaps, 0, s.count, dt, output);
            f.cpuNanos = config.measureCpuTime() ? ThreadCpuClock.nanos() - cpu0 : 0L;
            s.push(r.values, dt, window);
        }
        double[] actual = new double[targets.length];
        double[] residual = new double[targets.length];
        for (int i = 0; i < targets.length; i++) {
            actual[i] = r.values[targets[i]];
            residual[i] = actual[i] - output[i];
        }
        f.key = r.key;
        f.timestamp = r.timestamp;
        f.dt = dt;
        f.forecast = output.clone();
        f.actual = actual;
        f.residual = residual;
        f.score = config.scorer().score(s.scorer, residual, dt);
        f.flags = flags;
        s.lastTimestamp = r.timestamp;
        windowState.update(s);
        metrics.forecasts.inc();
        out.collect(f);
    }

    /** A key's first record (or first after a reset): starts the window, no forecast. */
    private void first(SensorReading r, int flags, Collector<Forecast> out) throws Exception {
        WindowState s = new WindowState(r.timestamp, channels, window,
                new double[config.scorer().stateSize(targets.length)]);
        s.push(r.values, 0.0, window);
        windowState.update(s);
        emitFirst(r, flags, out);
    }

    private void emitFirst(SensorReading r, int flags, Collector<Forecast> out) {
        metrics.firstRecords.inc();
        Forecast f = new Forecast();
        f.key = r.key;
        f.timestamp = r.timestamp;
        f.forecast = new double[0];
        f.residual = new double[0];
        f.actual = new double[targets.length];
        for (int i = 0; i < targets.length; i++) {
            f.actual[i] = r.values[targets[i]];
        }
        f.flags = flags | Forecast.FIRST;
        out.collect(f);
    }

    /**
     * The serialized size in bytes of one key's state with a full window of {@code window}
     * readings of {@code channels} values, compared on {@code targets} channels: the readings,
     * their gaps, the last timestamp, the sizes and the scorer's statistics. Flink's key bytes
     * and the state backend's own overhead are not included.
     */
    public static int stateBytesPerKey(int window, int channels, int targets, Scorer scorer) {
        WindowState s = new WindowState(0L, channels, window,
                new double[scorer.stateSize(targets)]);
        s.count = window;
        DataOutputSerializer out = new DataOutputSerializer(256);
        try {
            WindowStateSerializer.INSTANCE.serialize(s, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.length();
    }

    /** The window W this operator runs (after {@link #open}). */
    int window() {
        return window;
    }

    /** The counters by name (after {@link #open}). */
    Map<String, Long> metricsSnapshot() {
        return metrics.snapshot();
    }

    /** Counters under the operator's "lstm" metric group. */
    private static final class Metrics {
        final Counter records;
        final Counter forecasts;
        final Counter firstRecords;
        final Counter late;
        final Counter deadLetters;
        final Counter duplicates;

        Metrics(MetricGroup g) {
            records = g.counter("records");
            forecasts = g.counter("forecasts");
            firstRecords = g.counter("firstRecords");
            late = g.counter("late");
            deadLetters = g.counter("deadLetters");
            duplicates = g.counter("duplicateTimestamps");
        }

        Map<String, Long> snapshot() {
            return Map.of("records", records.getCount(), "forecasts", forecasts.getCount(),
                    "firstRecords", firstRecords.getCount(), "late", late.getCount(),
                    "deadLetters", deadLetters.getCount(),
                    "duplicateTimestamps", duplicates.getCount());
        }
    }
}
