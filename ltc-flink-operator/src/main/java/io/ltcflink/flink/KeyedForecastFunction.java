package io.ltcflink.flink;

import io.ltcflink.core.engine.ForecastFlags;
import io.ltcflink.core.engine.KeyedForecaster;
import io.ltcflink.core.engine.Outcome;
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
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The Flink shell around a per-key engine ({@link KeyedForecaster}): it keeps each key's engine
 * state in one value of keyed state (with idle-key expiry), checks every record ({@link
 * ReadingValidator}: bad records go to {@link #DEAD_LETTERS} with the reason), takes records in
 * arrival order or in event-time order (a per-key buffer released by the watermark), and emits
 * what the engine made of each: a forecast, an alert on {@link #ALERTS}, or a late record on
 * {@link #LATE}. Every edge case is counted in the operator's metric group.
 *
 * @param <S> the engine's per-key state
 */
public abstract class KeyedForecastFunction<S>
        extends KeyedProcessFunction<String, SensorReading, Forecast> {

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

    private final ForecastOperatorConfig config;
    private final TypeSerializer<S> stateSerializer;
    private final String stateName;
    private final String metricGroupName;

    private transient KeyedForecaster<S> engine;
    private transient int channels;
    private transient ValueState<S> keyState;
    private transient MapState<Long, List<SensorReading>> buffer;
    private transient ValueState<Integer> buffered;
    private transient Metrics metrics;

    /**
     * @param config the shared settings
     * @param stateSerializer the serializer of the engine's per-key state
     * @param stateName the name of the keyed state holding it (part of savepoints)
     * @param metricGroupName the operator's metric group; also the prefix of its event-time
     *     buffer's state names ({@code <name>-buffer}, {@code <name>-buffered}), part of savepoints
     */
    protected KeyedForecastFunction(ForecastOperatorConfig config, TypeSerializer<S> stateSerializer,
            String stateName, String metricGroupName) {
        this.config = config;
        this.stateSerializer = stateSerializer;
        this.stateName = stateName;
        this.metricGroupName = metricGroupName;
    }

    /** The engine for this subtask, built once in {@link #open} (loads the model). */
    protected abstract KeyedForecaster<S> createEngine() throws Exception;

    @Override
    public void open(OpenContext openContext) throws Exception {
        engine = createEngine();
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
        keyState = getRuntimeContext().getState(desc);
        if (config.outOfOrderMode() == OutOfOrderMode.EVENT_TIME) {
            String prefix = metricGroupName;
            buffer = getRuntimeContext().getMapState(new MapStateDescriptor<>(prefix + "-buffer",
                    Types.LONG, Types.LIST(TypeInformation.of(SensorReading.class))));
            buffered = getRuntimeContext().getState(
                    new ValueStateDescriptor<>(prefix + "-buffered", Types.INT));
        }
        metrics = new Metrics(getRuntimeContext().getMetricGroup().addGroup(metricGroupName));
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
            ctx.output(LATE, new RejectedReading(
                    ReadingValidator.behindWatermarkReason(r.timestamp, wm), r));
            return;
        }
        Integer count = buffered.value();
        int n = count == null ? 0 : count;
        if (n >= config.maxBufferedPerKey()) {
            metrics.deadLetters.inc();
            ctx.output(DEAD_LETTERS,
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

    /** One valid record in its key's time order, through the engine. */
    private void process(SensorReading r, Context ctx, Collector<Forecast> out) throws Exception {
        S next = engine.onRecord(keyState.value(), r.timestamp, r.values);
        Outcome o = engine.outcome();
        int flags = o.flags();
        if (o.modelReset()) {
            metrics.modelResets.inc();
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
            ctx.output(LATE, new RejectedReading(
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
            ctx.output(ALERTS, a);
        }
    }

    /**
     * The operator's output for {@code r} when the engine's outcome {@code o} is a forecast or a
     * key's first record (copies of the outcome's arrays). Public so that a check of the outputs
     * can build what an uninterrupted engine would have emitted, field for field.
     */
    public static Forecast forecast(SensorReading r, Outcome o) {
        Forecast f = new Forecast();
        f.key = r.key;
        f.timestamp = r.timestamp;
        f.flags = o.flags();
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
    protected KeyedForecaster<S> engine() {
        return engine;
    }

    /** The counters by name (after {@link #open}). */
    public Map<String, Long> metricsSnapshot() {
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
}
