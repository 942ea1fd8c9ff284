package io.ltcflink.flink;

import io.ltcflink.core.engine.ForecastFlags;
import io.ltcflink.core.engine.KeyedForecaster;
import io.ltcflink.core.engine.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The per-record logic of the keyed forecasting operators, whichever Flink function runs it (a
 * {@link KeyedForecastFunction} on a keyed stream, or {@link LtcSwapFunction} on a keyed stream
 * connected with a stream of model updates): each key's engine state in one value of keyed state
 * (with idle-key expiry), the record checks ({@link ReadingValidator}: bad records go to {@link
 * KeyedForecastFunction#DEAD_LETTERS} with the reason), arrival or event-time order (a per-key
 * buffer released by the watermark), the outputs of what the engine made of each record, and the
 * counters of the operator's metric group.
 *
 * @param <S> the engine's per-key state
 */
final class ForecastShell<S> {

    /** What the shell needs of the Flink function's context for one call. */
    interface ShellContext {
        TimerService timerService();

        <X> void output(OutputTag<X> tag, X value);
    }

    /**
     * The shell's view of the context of the current call of either Flink function: one per
     * function instance, set per call (no allocation per record).
     */
    static final class Contexts implements ShellContext {
        private KeyedProcessFunction<?, ?, ?>.Context keyed;
        private KeyedBroadcastProcessFunction<?, ?, ?, ?>.ReadOnlyContext broadcast;

        ShellContext of(KeyedProcessFunction<?, ?, ?>.Context c) {
            keyed = c;
            broadcast = null;
            return this;
        }

        ShellContext of(KeyedBroadcastProcessFunction<?, ?, ?, ?>.ReadOnlyContext c) {
            broadcast = c;
            keyed = null;
            return this;
        }

        @Override
        public TimerService timerService() {
            return keyed != null ? keyed.timerService() : broadcast.timerService();
        }

        @Override
        public <X> void output(OutputTag<X> tag, X value) {
            if (keyed != null) {
                keyed.output(tag, value);
            } else {
                broadcast.output(tag, value);
            }
        }
    }

    private final ForecastOperatorConfig config;
    private final TypeSerializer<S> stateSerializer;
    private final String stateName;
    private final String metricGroupName;

    private KeyedForecaster<S> engine;
    private int channels;
    private ValueState<S> keyState;
    private MapState<Long, List<SensorReading>> buffer;
    private ValueState<Integer> buffered;
    private Metrics metrics;
    private MetricGroup group;

    /**
     * @param config the shared settings
     * @param stateSerializer the serializer of the engine's per-key state
     * @param stateName the name of the keyed state holding it (part of savepoints)
     * @param metricGroupName the operator's metric group; also the prefix of its event-time
     *     buffer's state names ({@code <name>-buffer}, {@code <name>-buffered}), part of savepoints
     */
    ForecastShell(ForecastOperatorConfig config, TypeSerializer<S> stateSerializer,
            String stateName, String metricGroupName) {
        this.config = config;
        this.stateSerializer = stateSerializer;
        this.stateName = stateName;
        this.metricGroupName = metricGroupName;
    }

    /** Opens the shell on {@code engine}: declares the keyed state and the metric group. */
    void open(RuntimeContext runtime, KeyedForecaster<S> engine) {
        this.engine = engine;
        channels = engine.channels();
        ValueStateDescriptor<S> desc = new ValueStateDescriptor<>(stateName, stateSerializer);
        if (config.stateTtl() != null) {
            // Idle sensors must not grow state forever: expired keys start again as new ones,
            // and RocksDB drops expired entries while compacting (the timestamp is checked
            // again after every 1,000 entries), so idle keys leave the disk too.
            desc.enableTimeToLive(StateTtlConfig.newBuilder(config.stateTtl())
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                    .cleanupInRocksdbCompactFilter(1000)
                    .build());
        }
        keyState = runtime.getState(desc);
        if (config.outOfOrderMode() == OutOfOrderMode.EVENT_TIME) {
            String prefix = metricGroupName;
            buffer = runtime.getMapState(new MapStateDescriptor<>(prefix + "-buffer",
                    Types.LONG, Types.LIST(TypeInformation.of(SensorReading.class))));
            buffered = runtime.getState(
                    new ValueStateDescriptor<>(prefix + "-buffered", Types.INT));
        }
        group = runtime.getMetricGroup().addGroup(metricGroupName);
        metrics = new Metrics(group);
    }

    /** One record as it arrives: checked, then handled or buffered. */
    void processElement(SensorReading r, ShellContext ctx, Collector<Forecast> out)
            throws Exception {
        metrics.records.inc();
        String problem = ReadingValidator.problem(r, channels,
                ctx.timerService().currentWatermark(), config.maxFutureSkew().toMillis(),
                ctx.timerService().currentProcessingTime(), config.maxAheadOfClockMillis());
        if (problem != null) {
            metrics.deadLetters.inc();
            ctx.output(KeyedForecastFunction.DEAD_LETTERS, new RejectedReading(problem, r));
            return;
        }
        if (config.outOfOrderMode() == OutOfOrderMode.ARRIVAL) {
            process(r, ctx, out);
            return;
        }
        long wm = ctx.timerService().currentWatermark();
        if (r.timestamp <= wm) {
            metrics.late.inc();
            ctx.output(KeyedForecastFunction.LATE, new RejectedReading(
                    ReadingValidator.behindWatermarkReason(r.timestamp, wm), r));
            return;
        }
        Integer count = buffered.value();
        int n = count == null ? 0 : count;
        if (n >= config.maxBufferedPerKey()) {
            metrics.deadLetters.inc();
            ctx.output(KeyedForecastFunction.DEAD_LETTERS,
                    new RejectedReading(ReadingValidator.bufferFullReason(n), r));
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

    /** The watermark passed {@code timestamp}: the buffered records at it, in order. */
    void onTimer(long timestamp, ShellContext ctx, Collector<Forecast> out)
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

    /** One valid record in its key's time order, through the engine. */
    private void process(SensorReading r, ShellContext ctx, Collector<Forecast> out) throws Exception {
        S next = engine.onRecord(keyState.value(), r.timestamp, r.values);
        Outcome o = engine.outcome();
        int flags = o.flags();
        if (o.modelReset()) {
            metrics.modelResets.inc();
        }
        switch (o.switchAction()) {
            case RESET:
                metrics.keysResetAtSwitch.inc();
                break;
            case CARRY:
                metrics.keysCarriedAtSwitch.inc();
                break;
            case CARRY_FALLBACK:
                metrics.keysResetAtSwitch.inc();
                metrics.carryFallbacks.inc();
                break;
            default:
                break;
        }
        if ((flags & ForecastFlags.RESET) != 0) {
            metrics.resets.inc();
        }
        if ((flags & ForecastFlags.DUPLICATE_TIME) != 0) {
            metrics.duplicates.inc();
        }
        if ((flags & ForecastFlags.LONG_GAP) != 0) {
            metrics.longGaps.inc();
        }
        if (o.stepNanos() >= 0) {
            metrics.stepNanos.update(o.stepNanos());
        }
        if (o.kind() == Outcome.Kind.LATE) {
            metrics.late.inc();
            ctx.output(KeyedForecastFunction.LATE, new RejectedReading(
                    ReadingValidator.lateReason(r, o.lastTimestamp()), r));
            return;
        }
        keyState.update(next);
        Forecast f = forecast(r, o);
        if (o.kind() == Outcome.Kind.FIRST) {
            metrics.firstRecords.inc();
            out.collect(f);
            return;
        }
        metrics.forecasts.inc();
        out.collect(f);
        if (f.alert) {
            metrics.alerts.inc();
            Alert a = new Alert(r.key, r.timestamp, f.score, f.forecast, f.actual);
            a.channels = o.alertChannels().clone();
            a.directions = o.alertDirections().clone();
            a.modelId = f.modelId;
            ctx.output(KeyedForecastFunction.ALERTS, a);
        }
    }

    /**
     * The operator's output for {@code r} when the engine's outcome {@code o} is a forecast or a
     * key's first record (copies of the outcome's arrays); what a check of the outputs builds to
     * compare with, field for field.
     */
    static Forecast forecast(SensorReading r, Outcome o) {
        Forecast f = new Forecast();
        f.key = r.key;
        f.timestamp = r.timestamp;
        f.flags = o.flags();
        f.modelId = o.modelId();
        f.actual = o.actual().clone();
        if (o.kind() == Outcome.Kind.FIRST) {
            f.forecast = new double[0];
            f.residual = new double[0];
            return f;
        }
        f.dt = o.dt();
        f.forecast = o.forecast().clone();
        f.residual = o.residual().clone();
        if (o.hasInterval()) {
            f.lower = o.lower().clone();
            f.upper = o.upper().clone();
        }
        f.score = o.score();
        f.alert = o.alert();
        f.cpuNanos = o.cpuNanos();
        return f;
    }

    /** The engine (after {@link #open}). */
    KeyedForecaster<S> engine() {
        return engine;
    }

    /** The operator's metric group (after {@link #open}). */
    MetricGroup metricGroup() {
        return group;
    }

    /** The counters by name (after {@link #open}). */
    Map<String, Long> metricsSnapshot() {
        return metrics.snapshot();
    }

    /** Counters and the step-time histogram, under the operator's metric group. */
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
        final Counter keysResetAtSwitch;
        final Counter keysCarriedAtSwitch;
        final Counter carryFallbacks;
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
            keysResetAtSwitch = g.counter("keysResetAtSwitch");
            keysCarriedAtSwitch = g.counter("keysCarriedAtSwitch");
            carryFallbacks = g.counter("carryFallbacks");
            stepNanos = g.histogram("stepNanos", new DescriptiveStatisticsHistogram(1000));
        }

        /** The counters by name, for tests and reports. */
        Map<String, Long> snapshot() {
            return Map.ofEntries(Map.entry("records", records.getCount()),
                    Map.entry("forecasts", forecasts.getCount()),
                    Map.entry("firstRecords", firstRecords.getCount()),
                    Map.entry("alerts", alerts.getCount()), Map.entry("late", late.getCount()),
                    Map.entry("deadLetters", deadLetters.getCount()),
                    Map.entry("resets", resets.getCount()),
                    Map.entry("modelResets", modelResets.getCount()),
                    Map.entry("duplicateTimestamps", duplicates.getCount()),
                    Map.entry("longGaps", longGaps.getCount()),
                    Map.entry("keysResetAtSwitch", keysResetAtSwitch.getCount()),
                    Map.entry("keysCarriedAtSwitch", keysCarriedAtSwitch.getCount()),
                    Map.entry("carryFallbacks", carryFallbacks.getCount()));
        }
    }
}
