package io.ltcflink.flink;

import io.ltcflink.core.engine.KeyState;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The LTC operator on readings connected with a broadcast stream of {@link ModelUpdate}s: the
 * model changes while the job runs. Records go through the same {@link ForecastShell} as in
 * {@link LtcKeyedFunction}; each update is loaded and checked on arrival (on the broadcast side,
 * never per record), and from its effective event time on (or, without one, for every record
 * processed after it) its model handles the records, each key switching by the update's policy
 * ({@link ModelSwitchboard}, {@link io.ltcflink.core.engine.SwitchingForecaster}).
 *
 * <p>The accepted updates are broadcast state ({@link #UPDATES}, in every savepoint): a restored
 * job loads them again in order and runs the model it ran. Updates superseded before the
 * watermark are dropped from it.
 */
public class LtcSwapFunction
        extends KeyedBroadcastProcessFunction<String, SensorReading, ModelUpdate, Forecast>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    /** The accepted model updates by sequence number: the operator's broadcast state. */
    public static final MapStateDescriptor<Long, ModelUpdate> UPDATES = new MapStateDescriptor<>(
            "ltc-model-updates", Types.LONG, TypeInformation.of(ModelUpdate.class));

    private final LtcOperatorConfig config;

    private transient TreeMap<Long, ModelUpdate> restored;
    private transient long nextSequence;
    private transient ForecastShell<KeyState> shell;
    private transient ModelSwitchboard models;
    private transient ForecastShell.Contexts adapter;

    public LtcSwapFunction(LtcOperatorConfig config) {
        this.config = config;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        // Ordered by sequence: the updates are applied again in the order they were accepted.
        restored = new TreeMap<>();
        for (Map.Entry<Long, ModelUpdate> e
                : context.getOperatorStateStore().getBroadcastState(UPDATES).entries()) {
            restored.put(e.getKey(), e.getValue());
        }
        nextSequence = restored.isEmpty() ? 0 : restored.lastKey() + 1;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // The broadcast state is snapshot by Flink; nothing else is kept.
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        models = new ModelSwitchboard(config, ModelSwitchboard.subtask(getRuntimeContext()));
        shell = new ForecastShell<>(config, KeyStateSerializer.INSTANCE, "ltc-key-state", "ltc");
        adapter = new ForecastShell.Contexts();
        shell.open(getRuntimeContext(), models.engine());
        models.registerMetrics(shell.metricGroup());
        // Updates known in advance first (numbered below the initial model's −1: they are not
        // broadcast state), then the restored ones in the order they were accepted.
        long sequence = -2;
        for (ModelUpdate u : config.modelUpdates()) {
            models.apply(u, sequence--);
        }
        for (Map.Entry<Long, ModelUpdate> e : restored.entrySet()) {
            models.apply(e.getValue(), e.getKey());
        }
    }

    @Override
    public void processElement(SensorReading r, ReadOnlyContext ctx, Collector<Forecast> out)
            throws Exception {
        shell.processElement(r, adapter.of(ctx), out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Forecast> out)
            throws Exception {
        shell.onTimer(timestamp, adapter.of(ctx), out);
    }

    @Override
    public void processBroadcastElement(ModelUpdate update, Context ctx, Collector<Forecast> out)
            throws Exception {
        BroadcastState<Long, ModelUpdate> state = ctx.getBroadcastState(UPDATES);
        long sequence = nextSequence++;
        if (!models.apply(update, sequence)) {
            return;
        }
        if (update.effective == null) {
            // It supersedes everything scheduled before it.
            state.clear();
        }
        state.put(sequence, update);
        for (long gone : models.prune(ctx.currentWatermark())) {
            state.remove(gone);
        }
    }

    /** The counters by name (after {@link #open}). */
    public Map<String, Long> metricsSnapshot() {
        return shell.metricsSnapshot();
    }
}
