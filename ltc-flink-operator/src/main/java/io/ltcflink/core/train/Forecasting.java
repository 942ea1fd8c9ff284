package io.ltcflink.core.train;

import io.ltcflink.core.Checks;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.stats.Stats;
import io.ltcflink.core.model.Normalization;
import java.util.Arrays;

/**
 * Runs a trained {@link Model} on a {@link Series} as the operator does: one-step-ahead forecasts
 * and their scores, and autoregressive rollouts. Inputs are normalised and outputs de-normalised
 * with the model's {@link Normalization} when it has one, so everything here is in raw units.
 */
public final class Forecasting {

    private Forecasting() {}

    /**
     * The one-step-ahead forecasts of {@code model} over {@code series} from the zero state: row
     * {@code k ≥ 1} forecasts sample {@code k}'s target channels; row 0 is NaN, because the first
     * sample only starts the sequence. The task comes from the model ({@link
     * ForecastTask#forModel}), and the model steps in its own time unit ({@link ModelTimeUnit}).
     */
    public static double[][] forecasts(Model model, Series data) {
        Checks.requireArgument(model != null, "model must not be null");
        Checks.requireArgument(data != null, "series must not be null");
        // The model steps in its own time unit: the data's gaps divided by it.
        Series series = ModelTimeUnit.rescale(data, ModelTimeUnit.of(model.metadata()));
        ForecastTask task = ForecastTask.forModel(model, series.channels());
        Runner runner = new Runner(model, task);
        double[][] out = new double[series.size()][task.outputSize()];
        if (series.size() > 0) {
            Arrays.fill(out[0], Double.NaN);
        }
        double[] input = new double[task.inputSize()];
        for (int k = 1; k < series.size(); k++) {
            task.input(series, k, input);
            runner.step(input, series.gap(k), out[k]);
        }
        return out;
    }

    /**
     * Scores the one-step-ahead forecasts of {@code model} on {@code series} against the
     * persistence forecast, over samples {@code 1 .. n − 1} and the model's target channels.
     *
     * @throws IllegalArgumentException if the series has fewer than 2 samples or does not fit the
     *     model's task
     */
    public static ForecastScore evaluate(Model model, Series series) {
        Checks.requireArgument(series != null && series.size() >= 2,
                "evaluation needs a series of at least 2 samples: %s", series);
        ForecastTask task = ForecastTask.forModel(model, series.channels());
        double[][] forecasts = forecasts(model, series);
        int[] targets = task.targetChannels();
        Errors mod = new Errors();
        Errors persistence = new Errors();
        for (int k = 1; k < series.size(); k++) {
            for (int i = 0; i < targets.length; i++) {
                double actual = series.value(k, targets[i]);
                mod.add(forecasts[k][i], actual);
                persistence.add(series.value(k - 1, targets[i]), actual);
            }
        }
        return new ForecastScore(mod.count, mod.mse(), mod.smape(), persistence.mse(),
                persistence.smape());
    }

    /**
     * An autoregressive rollout: the model first runs over {@code warmup} one step ahead from the
     * zero state (teacher forcing), then forecasts {@code horizon} samples at the regular spacing
     * {@code dt} after the last warm-up sample, each fed back as the next input. Row {@code j} is
     * the forecast for time {@code t_last + (j + 1) dt}. The model must forecast every channel in
     * order, so that a forecast can serve as the next input.
     *
     * @throws IllegalArgumentException if the model does not forecast every channel, the warm-up
     *     is empty, the horizon is below 1 or dt is not positive and finite
     */
    public static double[][] rollout(Model model, Series warmup, int horizon, double dt) {
        Checks.requireArgument(model != null, "model must not be null");
        Checks.requireArgument(warmup != null && warmup.size() >= 1,
                "the warm-up series needs at least 1 sample: %s", warmup);
        Checks.requireArgument(horizon >= 1, "horizon must be at least 1: %s", horizon);
        Checks.requireArgument(dt > 0 && Double.isFinite(dt),
                "dt must be positive and finite: %s", dt);
        double unit = ModelTimeUnit.of(model.metadata());
        warmup = ModelTimeUnit.rescale(warmup, unit);
        dt = dt / unit;
        ForecastTask task = ForecastTask.forModel(model, warmup.channels());
        Checks.requireArgument(task.forecastsAllChannels(),
                "a rollout feeds forecasts back as inputs, so the model must forecast every"
                        + " channel in order, but it forecasts %s",
                Arrays.toString(task.targetChannels()));
        Runner runner = new Runner(model, task);
        int channels = task.channels();
        double[] input = new double[task.inputSize()];
        double[] forecast = new double[channels];
        for (int k = 1; k < warmup.size(); k++) {
            task.input(warmup, k, input);
            runner.step(input, warmup.gap(k), forecast);
        }
        double[][] out = new double[horizon][];
        double[] last = warmup.values(warmup.size() - 1);
        for (int j = 0; j < horizon; j++) {
            System.arraycopy(last, 0, input, 0, channels);
            if (task.logDelta()) {
                input[channels] = Math.log(dt);
            }
            runner.step(input, dt, forecast);
            out[j] = forecast.clone();
            last = out[j];
        }
        return out;
    }

    /** A model's cell with its normalisation, stepping one sequence. */
    private static final class Runner {
        private final RecurrentCell.Stepper stepper;
        private final Normalization normalization;
        private final double[] state;
        private final double[] normalized;

        Runner(Model model, ForecastTask task) {
            RecurrentCell cell = model.cell();
            this.stepper = cell.newStepper();
            this.normalization = model.normalization().orElse(null);
            this.state = new double[cell.stateSize()];
            cell.initialState(state);
            this.normalized = new double[task.inputSize()];
        }

        /** Steps with a raw input over dt and writes the raw forecast. Modified: out. */
        void step(double[] input, double dt, double[] out) {
            double[] x = input;
            if (normalization != null) {
                normalization.normalizeInput(input, normalized);
                x = normalized;
            }
            stepper.step(state, x, dt, out);
            if (normalization != null) {
                normalization.denormalizeOutput(out);
            }
        }
    }

    /** Running squared and symmetric-percentage errors. */
    static final class Errors {
        long count;
        double squared;
        final Stats.RunningSmape symmetric = new Stats.RunningSmape();

        void add(double forecast, double actual) {
            double e = forecast - actual;
            squared += e * e;
            count++;
            symmetric.add(forecast, actual);
        }

        double mse() {
            return count == 0 ? Double.NaN : squared / count;
        }

        double smape() {
            return symmetric.percent();
        }
    }
}
