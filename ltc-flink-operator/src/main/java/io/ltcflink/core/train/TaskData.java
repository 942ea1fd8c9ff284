package io.ltcflink.core.train;

import io.ltcflink.core.data.Series;
import io.ltcflink.core.model.Normalization;

/**
 * The steps of a {@link ForecastTask} over one series as arrays: step {@code s} forecasts sample
 * {@code s + 1}. Immutable after construction.
 */
final class TaskData {

    final double[][] inputs;
    final double[] timespans;
    final double[][] targets;

    private TaskData(double[][] inputs, double[] timespans, double[][] targets) {
        this.inputs = inputs;
        this.timespans = timespans;
        this.targets = targets;
    }

    /** The {@code series.size() − 1} steps of {@code task} over {@code series}. */
    static TaskData of(Series series, ForecastTask task) {
        int steps = Math.max(series.size() - 1, 0);
        double[][] inputs = new double[steps][task.inputSize()];
        double[] timespans = new double[steps];
        double[][] targets = new double[steps][task.outputSize()];
        for (int s = 0; s < steps; s++) {
            task.input(series, s + 1, inputs[s]);
            timespans[s] = series.gap(s + 1);
            task.target(series, s + 1, targets[s]);
        }
        return new TaskData(inputs, timespans, targets);
    }

    int steps() {
        return timespans.length;
    }

    /**
     * Per-channel mean and standard deviation of the inputs and targets of steps {@code 0 ..
     * trainSteps − 1}; a channel that is constant there keeps scale 1.
     */
    Normalization fitNormalization(int trainSteps) {
        double[][] in = moments(inputs, trainSteps);
        double[][] out = moments(targets, trainSteps);
        return new Normalization(in[0], in[1], out[0], out[1]);
    }

    /** These steps with inputs and targets normalised. */
    TaskData normalized(Normalization n) {
        double[] inShift = n.inputShift();
        double[] inScale = n.inputScale();
        double[] outShift = n.outputShift();
        double[] outScale = n.outputScale();
        double[][] in = new double[inputs.length][];
        double[][] out = new double[targets.length][];
        for (int s = 0; s < inputs.length; s++) {
            in[s] = new double[inShift.length];
            n.normalizeInput(inputs[s], in[s]);
            out[s] = new double[outShift.length];
            for (int i = 0; i < outShift.length; i++) {
                out[s][i] = (targets[s][i] - outShift[i]) / outScale[i];
            }
        }
        return new TaskData(in, timespans, out);
    }

    /** {mean, std} per column over the first {@code rows} rows (two-pass, population std). */
    private static double[][] moments(double[][] x, int rows) {
        int cols = x.length == 0 ? 0 : x[0].length;
        double[] mean = new double[cols];
        double[] std = new double[cols];
        for (int c = 0; c < cols; c++) {
            double sum = 0.0;
            for (int r = 0; r < rows; r++) {
                sum += x[r][c];
            }
            double mu = sum / rows;
            double ss = 0.0;
            for (int r = 0; r < rows; r++) {
                double d = x[r][c] - mu;
                ss += d * d;
            }
            double sd = Math.sqrt(ss / rows);
            mean[c] = mu;
            std[c] = sd > 1e-12 * Math.max(1.0, Math.abs(mu)) ? sd : 1.0;
        }
        return new double[][] {mean, std};
    }
}
