package io.ltcflink.flink;

import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.engine.CellKeyedForecaster;
import io.ltcflink.core.engine.KeyState;
import io.ltcflink.core.engine.KeyedForecaster;
import io.ltcflink.core.engine.Scorer;
import io.ltcflink.core.model.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The keyed cell operator (LTC, CfC, stateful LSTM): a Flink shell ({@link
 * KeyedForecastFunction}) around {@link CellKeyedForecaster}, which handles every record as
 * <b>evolve, then read, then compare</b>: with {@code Δ = t_k − t_{k−1}} in model units, the key's
 * state evolves across the gap driven by the previous reading, the forecast is read out, compared
 * with {@code x_k}, scored and (state, {@code t_k}, {@code x_k}) stored.
 *
 * <p>The model is loaded once per subtask in {@link #open} and shared by all its keys; what it was
 * trained with ({@code log Δ} input, forecast channels, normalisation) is read from its file.
 * Inference runs the LTC's fast kernel unless the configuration asks for the exact one. Edge cases
 * are named policies, each counted in the "ltc" metric group: first record (no forecast),
 * duplicate timestamp, out of order, long gap, bad records, model change (reset, or carry).
 *
 * <p>Model updates in the configuration ({@link LtcOperatorConfig#modelUpdates()}, e.g. a replay's
 * schedule) are loaded in {@link #open} and switch at their effective event times; {@link
 * LtcSwapFunction} takes them from a stream instead.
 */
public class LtcKeyedFunction extends KeyedForecastFunction<KeyState> {

    private static final long serialVersionUID = 2L;

    private final LtcOperatorConfig config;

    private transient ModelSwitchboard models;

    public LtcKeyedFunction(LtcOperatorConfig config) {
        super(config, KeyStateSerializer.INSTANCE, "ltc-key-state", "ltc");
        this.config = config;
    }

    @Override
    protected KeyedForecaster<KeyState> createEngine() throws Exception {
        models = new ModelSwitchboard(config, ModelSwitchboard.subtask(getRuntimeContext()));
        return models.engine();
    }

    /** Registers the model metrics and schedules the configured model updates. */
    @Override
    protected void opened(org.apache.flink.metrics.MetricGroup group) {
        models.registerMetrics(group);
        long sequence = 0;
        for (ModelUpdate u : config.modelUpdates()) {
            models.apply(u, sequence++);
        }
    }

    /**
     * The engine {@code config} runs {@code model} with: its cell with the configured solver and
     * numeric mode (the fast kernel by default), and the configured policies.
     */
    public static CellKeyedForecaster engine(Model model, LtcOperatorConfig config) {
        return engine(model.id(), model, config);
    }

    /** As {@link #engine(Model, LtcOperatorConfig)}, with the model known as {@code modelId}. */
    public static CellKeyedForecaster engine(String modelId, Model model,
            LtcOperatorConfig config) {
        return new CellKeyedForecaster(modelId, model, inferenceCell(model, config),
                new CellKeyedForecaster.Settings(config.millisPerModelUnit(model.metadata()),
                        config.maxGap() == null
                                ? Double.POSITIVE_INFINITY : config.maxGap().toNanos() / 1e6,
                        config.longGapPolicy(), config.logDelta(), config.targetChannels(),
                        config.scorer(), config.normalizer(), config.readoutAdapter(),
                        config.alertGate(), config.measureCpuTime(), config.interval()));
    }

    /**
     * The cell inference runs: the model's, with the configured solver settings and numeric
     * mode; an LTC runs {@link NumericMode#FAST} unless {@link NumericMode#EXACT} is asked for
     * (both meet the same conformance tests; sparse wirings run the same arithmetic in both).
     */
    public static RecurrentCell inferenceCell(Model model, LtcOperatorConfig config) {
        RecurrentCell c = model.cell();
        if (c instanceof LtcCell) {
            LtcCell ltc = (LtcCell) c;
            if (config.solver() != null) {
                ltc = ltc.withSolver(config.solver());
            }
            ltc = ltc.withNumericMode(
                    config.numericMode() != null ? config.numericMode() : NumericMode.FAST);
            c = ltc;
        }
        return c;
    }

    /**
     * The serialized size in bytes of one key's state as this operator keeps it for {@code model}
     * on readings of {@code channels} values compared on {@code targets} channels: the cell state,
     * the last reading, the scorer's statistics, the prediction interval's half-widths, the model
     * id, the timestamps and the alert flag.
     * Flink's key bytes and the state backend's own overhead are not included.
     */
    public static int stateBytesPerKey(Model model, int channels, int targets, Scorer scorer) {
        KeyState s = new KeyState(model.id(), 0L, new double[model.cell().stateSize()],
                new double[channels],
                new double[scorer.stateSize(targets, model.cell().stateSize())]);
        s.interval = new double[targets]; // the default prediction interval's half-widths
        DataOutputSerializer out = new DataOutputSerializer(256);
        try {
            KeyStateSerializer.INSTANCE.serialize(s, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.length();
    }

    /** The configured model, as loaded (after {@link #open}). */
    Model model() {
        return models.initialModel();
    }
}
