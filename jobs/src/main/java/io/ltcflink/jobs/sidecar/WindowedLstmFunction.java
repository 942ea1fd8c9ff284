package io.ltcflink.jobs.sidecar;

import io.ltcflink.core.engine.KeyedForecaster;
import io.ltcflink.core.engine.Scorer;
import io.ltcflink.core.engine.WindowKeyedForecaster;
import io.ltcflink.core.engine.WindowState;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.train.ForecastTask;
import io.ltcflink.core.train.WindowForecaster;
import io.ltcflink.flink.KeyedForecastFunction;
import io.ltcflink.flink.ModelLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The LSTM sidecar's keyed operator: a Flink shell ({@link KeyedForecastFunction}) around {@link
 * WindowKeyedForecaster}, which per key keeps the last W readings and the gaps before them and on
 * each record forecasts that record before seeing it by running the model over the window from
 * the zero state, with the record's gap as the last step's gap. The discrete-time baseline against
 * the LTC operator on the same stream: W cell steps per record instead of one, and a window of
 * readings per key instead of one hidden state.
 *
 * <p>Records are checked, ordered and rejected exactly as by the LTC operator (the same shell, the
 * same side outputs and reasons); the time semantics are the engine's. Forecasts are scored with
 * the configured scorer; the sidecar raises no alerts. Counters are in the "lstm" metric group.
 */
public final class WindowedLstmFunction extends KeyedForecastFunction<WindowState> {

    private static final long serialVersionUID = 2L;

    private final SidecarConfig config;

    public WindowedLstmFunction(SidecarConfig config) {
        super(config, WindowStateSerializer.INSTANCE, "lstm-window", "lstm");
        this.config = config;
    }

    @Override
    protected KeyedForecaster<WindowState> createEngine() throws Exception {
        Model model = ModelLoader.load(config.modelLocation());
        return new WindowKeyedForecaster(forecaster(model, config.window()),
                config.targetChannels(), model.metadata(), config.millisPerModelUnit(model.metadata()),
                config.scorer(), config.measureCpuTime());
    }

    /** The model's windowed forecaster, with the window from the configuration or the model. */
    public static WindowForecaster forecaster(Model model, int configuredWindow) {
        Map<String, String> meta = model.metadata();
        boolean logDelta =
                ForecastTask.fromMetadata(meta).map(ForecastTask::logDelta).orElse(false);
        if (configuredWindow > 0) {
            return WindowForecaster.of(model, configuredWindow, logDelta);
        }
        OptionalInt w = WindowForecaster.window(meta);
        if (w.isEmpty()) {
            throw new IllegalArgumentException(String.format(
                    "the model has no '%s' in its metadata: configure the window",
                    WindowForecaster.KEY_WINDOW));
        }
        return WindowForecaster.of(model, w.getAsInt(), logDelta);
    }

    /**
     * The serialized size in bytes of one key's state with a full window of {@code window}
     * readings of {@code channels} values, compared on {@code targets} channels: the readings,
     * their gaps, the last timestamp, the sizes and the scorer's statistics. Flink's key bytes
     * and the state backend's own overhead are not included.
     */
    public static int stateBytesPerKey(int window, int channels, int targets, Scorer scorer) {
        WindowState s = new WindowState(0L, channels, window,
                new double[scorer.stateSize(targets, 0)]);
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
        return ((WindowKeyedForecaster) engine()).window();
    }
}
