package io.ltcflink.core.engine;

import io.ltcflink.core.train.WindowForecaster;

/**
 * The per-key engine of a windowed model (the discrete-time baseline): per key it keeps the last W
 * readings and the gaps before them, and on each record forecasts that record before seeing it by
 * running the model over the window from the zero state ({@link WindowForecaster}), with the
 * record's gap as the last step's gap: W cell steps per record instead of one.
 *
 * <p>The time semantics are those of {@link CellKeyedForecaster}: a key's first record starts the
 * window (no forecast); a record older than the key's last one is late; a duplicate timestamp is
 * forecast from the window without its newest reading and then replaces that reading's values; a
 * window of another width starts afresh. It raises no alerts: the baseline is compared on its
 * forecasts, and its state keeps no alert hysteresis.
 */
public final class WindowKeyedForecaster extends AbstractKeyedForecaster<WindowState> {

    private static final double[] NO_HIDDEN = new double[0];

    private final WindowForecaster forecaster;
    private final int window;
    private final double millisPerUnit;
    private final Scorer scorer;
    private final boolean measureCpu;
    private final double[] output;

    /**
     * @param forecaster the model over a window
     * @param targetChannels the reading channels compared with the outputs; null: those the
     *     model was trained to forecast (its metadata), else 0..M−1
     * @param modelMetadata the model's metadata
     * @param millisPerUnit event-time milliseconds per model time unit
     * @param scorer the anomaly scorer
     * @param measureCpu whether each forecast's thread CPU time is measured
     */
    public WindowKeyedForecaster(WindowForecaster forecaster, int[] targetChannels,
            java.util.Map<String, String> modelMetadata, double millisPerUnit, Scorer scorer,
            boolean measureCpu) {
        super(forecaster.channels(), TargetChannels.resolve(targetChannels, modelMetadata,
                forecaster.outputSize(), forecaster.channels()), measureCpu);
        this.forecaster = forecaster;
        this.window = forecaster.window();
        this.millisPerUnit = millisPerUnit;
        this.scorer = scorer;
        this.measureCpu = measureCpu;
        this.output = new double[forecaster.outputSize()];
    }

    /** The window W. */
    public int window() {
        return window;
    }

    @Override
    public WindowState onRecord(WindowState s, long timestamp, double[] values) {
        Outcome out = outcome;
        out.reset();
        int flags = 0;
        if (s != null && s.channels != channels) {
            // A window of readings of another width means nothing to this model: start afresh.
            s = null;
            flags |= ForecastFlags.RESET;
        }
        if (s == null) {
            s = new WindowState(timestamp, channels, window,
                    new double[scorer.stateSize(targets.length, 0)]);
            s.push(values, 0.0, window);
            return first(s, timestamp, values, flags, true);
        }
        long gapMillis = timestamp - s.lastTimestamp;
        if (gapMillis < 0) {
            out.kind = Outcome.Kind.LATE;
            out.lastTimestamp = s.lastTimestamp;
            return null;
        }
        double dt = gapMillis / millisPerUnit;
        long cpu0 = measureCpu ? ThreadCpuClock.nanos() : 0L;
        long t0 = System.nanoTime();
        if (gapMillis == 0) {
            // No time has passed: forecast this time as it was forecast before the newest reading
            // arrived, then let the newer reading replace it.
            flags |= ForecastFlags.DUPLICATE_TIME;
            if (s.count < 2) {
                s.replaceNewest(values);
                return first(s, timestamp, values, flags, false);
            }
            forecaster.forecast(s.values, s.gaps, 0, s.count - 1, s.gaps[s.count - 1], output);
            out.stepNanos = System.nanoTime() - t0;
            out.cpuNanos = measureCpu ? ThreadCpuClock.nanos() - cpu0 : 0L;
            s.replaceNewest(values);
        } else {
            forecaster.forecast(s.values, s.gaps, 0, s.count, dt, output);
            out.stepNanos = System.nanoTime() - t0;
            out.cpuNanos = measureCpu ? ThreadCpuClock.nanos() - cpu0 : 0L;
            s.push(values, dt, window);
        }
        double[] forecast = out.forecast;
        double[] actual = out.actual;
        double[] residual = out.residual;
        for (int i = 0; i < targets.length; i++) {
            forecast[i] = output[i];
            actual[i] = values[targets[i]];
            residual[i] = actual[i] - output[i];
        }
        out.kind = Outcome.Kind.FORECAST;
        out.dt = dt;
        out.score = scorer.score(s.scorer,
                observation.set(timestamp, dt, actual, forecast, residual, residual, NO_HIDDEN));
        out.flags = flags;
        s.lastTimestamp = timestamp;
        return s;
    }

    /** A first record (or first after a reset, or a duplicate of a one-reading window). */
    private WindowState first(WindowState s, long timestamp, double[] values, int flags,
            boolean fresh) {
        Outcome out = outcome;
        readActual(values);
        if (fresh) {
            scorer.first(s.scorer, observation.setFirst(timestamp, out.actual, NO_HIDDEN));
        }
        out.kind = Outcome.Kind.FIRST;
        out.flags = flags | ForecastFlags.FIRST;
        return s;
    }
}
