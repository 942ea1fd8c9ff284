package io.ltcflink.flink;

import io.ltcflink.core.engine.CellKeyedForecaster;
import io.ltcflink.core.engine.SwapPolicy;
import io.ltcflink.core.engine.SwitchingForecaster;
import io.ltcflink.core.model.Model;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of one subtask of the LTC operator: the configured model, and the updates it
 * accepts, each loaded and checked once when it arrives (never on a record), scheduled in a
 * {@link SwitchingForecaster}. A model that cannot be loaded or does not fit the readings is
 * rejected: an ERROR log line names the update and the reason, {@code rejectedModelUpdates}
 * counts it, and the operator keeps the models it has. Metrics, in the operator's group: {@code
 * activeModel} (the id in effect), {@code modelSwitches}, {@code acceptedModelUpdates}, {@code
 * rejectedModelUpdates}.
 */
final class ModelSwitchboard {

    private static final Logger LOG = LoggerFactory.getLogger(ModelSwitchboard.class);

    private final LtcOperatorConfig config;
    private final String where;
    private final Model initialModel;
    private final SwitchingForecaster engine;
    private Counter accepted;
    private Counter rejected;

    /**
     * Loads the configured model.
     *
     * @param where the subtask, for log messages
     */
    ModelSwitchboard(LtcOperatorConfig config, String where) throws java.io.IOException {
        this.config = config;
        this.where = where;
        this.initialModel = ModelLoader.load(config.modelLocation());
        this.engine = new SwitchingForecaster(
                LtcKeyedFunction.engine(initialModel.id(), initialModel, config),
                initialModel.id(), config.swapPolicy());
    }

    /** The subtask of {@code runtime} as log messages name it: {@code subtask 1/2}. */
    static String subtask(org.apache.flink.api.common.functions.RuntimeContext runtime) {
        return String.format("subtask %d/%d", runtime.getTaskInfo().getIndexOfThisSubtask() + 1,
                runtime.getTaskInfo().getNumberOfParallelSubtasks());
    }

    /** Registers the metrics in {@code group}; call before {@link #apply}. */
    void registerMetrics(MetricGroup group) {
        group.gauge("activeModel", (Gauge<String>) engine::activeModel);
        Counter switches = group.counter("modelSwitches");
        engine.onSwitch(switches::inc);
        accepted = group.counter("acceptedModelUpdates");
        rejected = group.counter("rejectedModelUpdates");
    }

    SwitchingForecaster engine() {
        return engine;
    }

    Model initialModel() {
        return initialModel;
    }

    /**
     * Loads, checks and schedules {@code update} under {@code sequence}; a rejected update is
     * logged and counted.
     *
     * @return whether it was accepted
     */
    boolean apply(ModelUpdate update, long sequence) {
        String problem = update.problem;
        if (problem == null) {
            try {
                Model m = ModelLoader.load(update.path);
                String id = update.model != null ? update.model : m.id();
                CellKeyedForecaster e = LtcKeyedFunction.engine(id, m, config);
                problem = engine.problem(e, m.id());
                if (problem == null) {
                    SwapPolicy policy = update.policy != null ? update.policy : config.swapPolicy();
                    engine.schedule(update.effective, e, m.id(), policy, sequence);
                    accepted.inc();
                    LOG.info("Model update {} accepted on {}: model {} {}, policy {}",
                            update.describe(), where, id, update.effective == null
                                    ? "from now on" : "from event time " + update.effective,
                            policy);
                    return true;
                }
            } catch (Exception e) {
                problem = String.format("cannot load %s: %s", update.path, e);
            }
        }
        rejected.inc();
        LOG.error("Model update {} rejected on {}: {}; the operator keeps model {}",
                update.describe(), where, problem, engine.activeModel());
        return false;
    }

    /** Drops the models superseded at or before {@code watermark}; returns their sequences. */
    List<Long> prune(long watermark) {
        return engine.prune(watermark).stream().map(SwitchingForecaster.Entry::sequence).toList();
    }
}
