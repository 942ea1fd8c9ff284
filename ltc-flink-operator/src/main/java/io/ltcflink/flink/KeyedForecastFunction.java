package io.ltcflink.flink;

import io.ltcflink.core.engine.KeyedForecaster;
import io.ltcflink.core.engine.Outcome;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The Flink shell around a per-key engine ({@link KeyedForecaster}) on a keyed stream: it keeps
 * each key's engine state in one value of keyed state (with idle-key expiry), checks every record
 * ({@link ReadingValidator}: bad records go to {@link #DEAD_LETTERS} with the reason), takes
 * records in arrival order or in event-time order (a per-key buffer released by the watermark),
 * and emits what the engine made of each: a forecast, an alert on {@link #ALERTS}, or a late
 * record on {@link #LATE}. Every edge case is counted in the operator's metric group. The logic is
 * {@link ForecastShell}'s, which {@link LtcSwapFunction} runs on a stream connected with model
 * updates.
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

    private transient ForecastShell<S> shell;
    private transient ForecastShell.Contexts adapter;

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

    /** Called at the end of {@link #open} with the operator's metric group; by default nothing. */
    protected void opened(MetricGroup group) throws Exception {}

    @Override
    public void open(OpenContext openContext) throws Exception {
        shell = new ForecastShell<>(config, stateSerializer, stateName, metricGroupName);
        adapter = new ForecastShell.Contexts();
        shell.open(getRuntimeContext(), createEngine());
        opened(shell.metricGroup());
    }

    @Override
    public void processElement(SensorReading r, Context ctx, Collector<Forecast> out)
            throws Exception {
        shell.processElement(r, adapter.of(ctx), out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Forecast> out)
            throws Exception {
        shell.onTimer(timestamp, adapter.of(ctx), out);
    }

    /**
     * The operator's output for {@code r} when the engine's outcome {@code o} is a forecast or a
     * key's first record (copies of the outcome's arrays). Public so that a check of the outputs
     * can build what an uninterrupted engine would have emitted, field for field.
     */
    public static Forecast forecast(SensorReading r, Outcome o) {
        return ForecastShell.forecast(r, o);
    }

    /** The engine (after {@link #open}). */
    protected KeyedForecaster<S> engine() {
        return shell.engine();
    }

    /** The counters by name (after {@link #open}). */
    public Map<String, Long> metricsSnapshot() {
        return shell.metricsSnapshot();
    }
}
