package io.ltcflink.core.train;

import io.ltcflink.core.Checks;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.Normalization;
import io.ltcflink.core.data.Series;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;

/*
 * Implementation notes
 *
 * The discrete-time baseline of the sidecar benchmark: a cell (in practice an LSTM) that forgets
 * everything between records and is run, for every forecast, over the last W readings from the
 * zero state. Forecasting reading k from the window x_{k−W} .. x_{k−1}:
 *
 *   h ← 0
 *   for j = k−W .. k−1:   h ← step(h, [x_j, log Δ_{j+1}], Δ_{j+1})     (log Δ only if enabled)
 *   ŷ_k = readout(h)
 *
 * Step j is exactly step j of the ForecastTask (input x_j, optional log Δ_{j+1}, timespan
 * Δ_{j+1}), so a windowed forecast is the task's forecast of sample k with the state reset W
 * steps earlier. The last step's gap Δ_k = t_k − t_{k−1} is known when reading k arrives, before
 * its value is seen, just as the LTC operator integrates across it. The cost is W cell steps per
 * forecast, against one step for a stateful model.
 */

/**
 * Forecasts the next reading from a window of the last readings, running a model's cell over the
 * window from the zero state: the windowed forecaster of {@link WindowTrainer} and of the LSTM
 * sidecar operator, one implementation for both. Inputs and outputs are in raw units; the model's
 * {@link Normalization} is applied inside.
 *
 * <p>Not thread-safe (it owns the cell's scratch space); forecasts allocate nothing.
 */
public final class WindowForecaster {

    /** Model metadata key of the window length W of a windowed model. */
    public static final String KEY_WINDOW = "task.window";

    private final RecurrentCell cell;
    private final RecurrentCell.Stepper stepper;
    private final Normalization normalization;
    private final int window;
    private final int channels;
    private final boolean logDelta;
    private final double[] state;
    private final double[] input;

    private WindowForecaster(Model model, int window, boolean logDelta) {
        Checks.requireArgument(model != null, "model must not be null");
        Checks.requireArgument(window >= 1, "window must be at least 1: %s", window);
        this.cell = model.cell();
        this.channels = cell.inputSize() - (logDelta ? 1 : 0);
        Checks.requireArgument(channels >= 1,
                "the model takes %s inputs, too few for the log Δ feature", cell.inputSize());
        this.stepper = cell.newStepper();
        this.normalization = model.normalization().orElse(null);
        this.window = window;
        this.logDelta = logDelta;
        this.state = new double[cell.stateSize()];
        this.input = new double[cell.inputSize()];
    }

    /**
     * A forecaster for a model trained by {@link WindowTrainer}: the window comes from the
     * model's {@link #KEY_WINDOW} metadata and the log Δ feature from its task metadata.
     *
     * @throws IllegalArgumentException if the model has no window in its metadata
     */
    public static WindowForecaster of(Model model) {
        Checks.requireArgument(model != null, "model must not be null");
        OptionalInt w = window(model.metadata());
        Checks.requireArgument(w.isPresent(),
                "the model has no '%s' in its metadata: give the window explicitly", KEY_WINDOW);
        boolean logDelta = ForecastTask.fromMetadata(model.metadata())
                .map(ForecastTask::logDelta).orElse(false);
        return new WindowForecaster(model, w.getAsInt(), logDelta);
    }

    /** A forecaster over windows of {@code window} readings, with or without the log Δ input. */
    public static WindowForecaster of(Model model, int window, boolean logDelta) {
        return new WindowForecaster(model, window, logDelta);
    }

    /**
     * The window stored in a model's metadata, if any.
     *
     * @throws IllegalArgumentException if the entry is there but not a positive integer
     */
    public static OptionalInt window(Map<String, String> metadata) {
        String w = metadata.get(KEY_WINDOW);
        if (w == null) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(w.trim());
            Checks.requireArgument(n >= 1, "window must be at least 1: %s", n);
            return OptionalInt.of(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    String.format("metadata '%s' is not an integer: '%s'", KEY_WINDOW, w), e);
        }
    }

    /** The number of readings W a forecast looks at. */
    public int window() {
        return window;
    }

    /** The width of a reading. */
    public int channels() {
        return channels;
    }

    /** Whether {@code log Δ} is an input feature. */
    public boolean logDelta() {
        return logDelta;
    }

    /** The number of forecast values. */
    public int outputSize() {
        return cell.outputSize();
    }

    /**
     * Forecasts the reading that follows readings {@code from .. from + count − 1} of a row-major
     * array, after a gap of {@code nextGap}. Only the last {@link #window()} of them are used when
     * {@code count} is larger.
     *
     * @param values raw readings, {@link #channels()} values per reading, oldest first. Not
     *     modified.
     * @param gaps {@code gaps[i]} is the gap before reading {@code i}, in model time units (the
     *     window's first reading's own gap is not used). Not modified.
     * @param from the index of the window's first reading
     * @param count the number of readings, at least 1
     * @param nextGap the gap from the newest reading to the forecast time, positive
     * @param out receives the raw forecast, length {@link #outputSize()}. Modified.
     */
    public void forecast(double[] values, double[] gaps, int from, int count, double nextGap,
            double[] out) {
        Checks.requireArgument(count >= 1 && from >= 0,
                "a window needs at least one reading: from %s, count %s", from, count);
        Checks.requireArgument((long) (from + count) * channels <= values.length
                        && from + count <= gaps.length,
                "readings %s..%s are outside %s values and %s gaps", from, from + count - 1,
                values.length, gaps.length);
        Checks.requireLength(out, cell.outputSize(), "out");
        int n = Math.min(count, window);
        int first = from + count - n;
        cell.initialState(state);
        for (int j = first; j < first + n; j++) {
            double gap = j == first + n - 1 ? nextGap : gaps[j + 1];
            System.arraycopy(values, j * channels, input, 0, channels);
            if (logDelta) {
                input[channels] = Math.log(gap);
            }
            if (normalization != null) {
                normalization.normalizeInput(input, input);
            }
            stepper.step(state, input, gap, out);
        }
        if (normalization != null) {
            normalization.denormalizeOutput(out);
        }
    }

    /**
     * The windowed one-step-ahead forecasts of a model trained by {@link WindowTrainer} over
     * {@code series}: row {@code k ≥ 1} forecasts sample {@code k}'s target channels from samples
     * {@code max(0, k − W) .. k − 1}; row 0 is NaN.
     */
    public static double[][] forecasts(Model model, Series data) {
        Checks.requireArgument(data != null, "series must not be null");
        Series series = ModelTimeUnit.rescale(data, ModelTimeUnit.of(model.metadata()));
        WindowForecaster f = of(model);
        ForecastTask task = ForecastTask.forModel(model, series.channels());
        int n = series.size();
        int c = series.channels();
        double[] values = new double[n * c];
        double[] gaps = new double[n];
        for (int k = 0; k < n; k++) {
            System.arraycopy(series.values(k), 0, values, k * c, c);
            gaps[k] = k == 0 ? 0.0 : series.gap(k);
        }
        double[][] out = new double[n][task.outputSize()];
        if (n > 0) {
            Arrays.fill(out[0], Double.NaN);
        }
        for (int k = 1; k < n; k++) {
            int from = Math.max(0, k - f.window());
            f.forecast(values, gaps, from, k - from, gaps[k], out[k]);
        }
        return out;
    }

    /**
     * Scores {@link #forecasts(Model, Series)} against the persistence forecast over samples
     * {@code 1 .. n − 1}, as {@link Forecasting#evaluate} does for a stateful model.
     */
    public static ForecastScore evaluate(Model model, Series series) {
        Checks.requireArgument(series != null && series.size() >= 2,
                "evaluation needs a series of at least 2 samples: %s", series);
        int[] targets = ForecastTask.forModel(model, series.channels()).targetChannels();
        double[][] forecasts = forecasts(model, series);
        Forecasting.Errors mod = new Forecasting.Errors();
        Forecasting.Errors persistence = new Forecasting.Errors();
        for (int k = 1; k < series.size(); k++) {
            for (int t = 0; t < targets.length; t++) {
                double actual = series.value(k, targets[t]);
                mod.add(forecasts[k][t], actual);
                persistence.add(series.value(k - 1, targets[t]), actual);
            }
        }
        return new ForecastScore(mod.count, mod.mse(), mod.smape(), persistence.mse(),
                persistence.smape());
    }

    @Override
    public String toString() {
        return String.format("WindowForecaster{window=%s, logDelta=%s, %s}", window, logDelta,
                cell);
    }
}
