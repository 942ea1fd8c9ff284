package io.ltcflink.core.train;

import io.ltcflink.core.cell.RecurrentCell;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Central finite-difference checks of {@link Backprop}'s gradients: save, perturb, evaluate with
 * the cell's own stepper, restore.
 */
final class GradientCheck {

    /**
     * The floor of the relative error's denominator, so entries below it are held to an absolute
     * error of 1e-13 at the 1e-6 bound. The chunk losses here are O(1) and carry about 1e-15 of
     * rounding noise, so even an extrapolated central difference resolves a gradient only to about
     * 1e-14 absolute: an entry of 1e-8 (a synapse whose gate is saturated) cannot be checked to
     * 1e-6 relative in double precision, whatever the step size (measured: 1.1e-6 at best).
     */
    static final double FLOOR = 1e-7;

    private GradientCheck() {}

    /**
     * A chunk of data for one cell.
     *
     * @param state initial state
     * @param inputs input rows
     * @param timespans elapsed times
     * @param targets target rows, NaN = missing
     */
    record Chunk(double[] state, double[][] inputs, double[] timespans, double[][] targets) {}

    /**
     * The outcome of a check.
     *
     * @param maxRelError the largest |a − b| / max(|a|, |b|, FLOOR) over the trainable entries
     * @param worst where it happened, with both values
     * @param checked trainable entries compared
     * @param frozenNonZero frozen entries whose analytic or numeric gradient was not exactly 0
     * @param plainSteps entries that needed the plain small-step estimate (a C¹-only point)
     */
    record Result(
            double maxRelError,
            String worst,
            int checked,
            List<String> frozenNonZero,
            int plainSteps) {}

    /** A random chunk: inputs in ±1.5, the given timespans, targets in ±1 with some NaN. */
    static Chunk randomChunk(
            SplittableRandom rnd, RecurrentCell cell, double[] timespans, double missing) {
        int steps = timespans.length;
        double[] state = new double[cell.stateSize()];
        for (int i = 0; i < state.length; i++) {
            state[i] = rnd.nextDouble(-0.5, 0.5);
        }
        double[][] inputs = new double[steps][cell.inputSize()];
        double[][] targets = new double[steps][cell.outputSize()];
        for (int t = 0; t < steps; t++) {
            for (int k = 0; k < cell.inputSize(); k++) {
                inputs[t][k] = rnd.nextDouble(-1.5, 1.5);
            }
            for (int k = 0; k < cell.outputSize(); k++) {
                targets[t][k] = rnd.nextDouble() < missing ? Double.NaN : rnd.nextDouble(-1, 1);
            }
        }
        // At least one present target, so the loss is defined.
        if (Double.isNaN(targets[steps - 1][0])) {
            targets[steps - 1][0] = 0.25;
        }
        return new Chunk(state, inputs, timespans.clone(), targets);
    }

    /** The chunk loss (MSE over present targets) of {@code cell}, run with its own stepper. */
    static double loss(RecurrentCell cell, Chunk c) {
        RecurrentCell.Stepper stepper = cell.newStepper();
        double[] state = c.state().clone();
        double[] y = new double[cell.outputSize()];
        double sum = 0.0;
        int count = 0;
        for (int t = 0; t < c.inputs().length; t++) {
            stepper.step(state, c.inputs()[t], c.timespans()[t], y);
            for (int i = 0; i < y.length; i++) {
                double target = c.targets()[t][i];
                if (!Double.isNaN(target)) {
                    sum += (y[i] - target) * (y[i] - target);
                    count++;
                }
            }
        }
        return sum / count;
    }

    /** The analytic gradient of the chunk loss at {@code cell}'s parameters. */
    static Parameters analytic(RecurrentCell cell, Chunk c) {
        Parameters gradient = Parameters.of(cell).zerosLike();
        Backprop.of(cell).run(
                c.state(), c.inputs(), c.timespans(), c.targets(), gradient,
                new double[cell.stateSize()]);
        return gradient;
    }

    /**
     * Compares every entry of every tensor with central differences of the loss, D(h) = (L(θ + h)
     * − L(θ − h)) / 2h: first a quick Richardson estimate; where that disagrees by more than 1e-7,
     * Ridders' adaptive extrapolation; where both disagree by more than 1e-6, a plain D(1e-6). Each
     * is a valid estimate of the derivative in its own regime (noise-limited, curved, C¹ only);
     * the closest counts. Frozen entries must have an analytic gradient of exactly 0, and
     * perturbing them must not change the loss at all.
     */
    static Result check(RecurrentCell cell, Chunk c) {
        Parameters base = Parameters.of(cell);
        Parameters gradient = analytic(cell, c);
        double max = 0.0;
        String worst = "none";
        int checked = 0;
        int plainSteps = 0;
        List<String> frozen = new ArrayList<>();
        for (String name : base.names()) {
            double[] g = gradient.get(name);
            for (int i = 0; i < g.length; i++) {
                if (!base.isTrainable(name, i)) {
                    // A mask must stay 0 or 1, so only the synapse entries it hides are perturbed.
                    double numeric = name.endsWith("sparsity_mask")
                            ? 0.0 : difference(cell, base, name, i, 1e-3, c);
                    if (g[i] != 0.0 || numeric != 0.0) {
                        frozen.add(String.format("%s[%s]: analytic %s numeric %s",
                                name, i, g[i], numeric));
                    }
                    continue;
                }
                double numeric = numeric(cell, base, name, i, c);
                double rel = relativeError(g[i], numeric);
                if (rel > 1e-7) {
                    // The quick estimate is not sharp enough (a tiny or a very curved entry):
                    // use the adaptive one, which is accurate to about 1e-15 absolute.
                    double adaptive = ridders(cell, base, name, i, c);
                    double relAdaptive = relativeError(g[i], adaptive);
                    if (relAdaptive < rel) {
                        numeric = adaptive;
                        rel = relAdaptive;
                    }
                }
                if (rel > 1e-6) {
                    // Extrapolation assumes a smooth loss. Where it is only C¹ (CfC pure mode's
                    // |f| crossing 0 inside the step) a small plain step is the right estimate.
                    double plain = difference(cell, base, name, i,
                            1e-6 * Math.max(1.0, Math.abs(base.array(name)[i])), c);
                    double relPlain = relativeError(g[i], plain);
                    if (relPlain < rel) {
                        numeric = plain;
                        rel = relPlain;
                        plainSteps++;
                    }
                }
                checked++;
                if (!(rel <= max)) {
                    max = rel;
                    worst = String.format("%s[%s]: analytic %s numeric %s", name, i, g[i],
                            numeric);
                }
            }
        }
        return new Result(max, worst, checked, frozen, plainSteps);
    }

    static double relativeError(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.max(Math.abs(a), Math.abs(b)), FLOOR);
    }

    /**
     * Richardson-extrapolated central difference (4 D(h/2) − D(h)) / 3 with h = 1e-3 max(1, |θ|):
     * O(h⁴) truncation, about 1e-13 of rounding noise.
     */
    private static double numeric(RecurrentCell cell, Parameters base, String name, int i,
            Chunk c) {
        double h = 1e-3 * Math.max(1.0, Math.abs(base.array(name)[i]));
        double d1 = difference(cell, base, name, i, h, c);
        double d2 = difference(cell, base, name, i, h / 2, c);
        return (4 * d2 - d1) / 3;
    }

    /**
     * Ridders' method: central differences from h = 0.1 max(1, |θ|) down by halving, extrapolated
     * to h → 0 in a Neville tableau, returning the estimate with the smallest error estimate.
     * High-order extrapolation from large steps keeps the rounding noise (about ulp(L) / h) near
     * 1e-15 instead of the 1e-13 of a small step.
     */
    private static double ridders(RecurrentCell cell, Parameters base, String name, int i,
            Chunk c) {
        int size = 10;
        double con = 2.0;
        double con2 = con * con;
        double[][] a = new double[size][size];
        double h = 0.1 * Math.max(1.0, Math.abs(base.array(name)[i]));
        a[0][0] = difference(cell, base, name, i, h, c);
        double err = Double.MAX_VALUE;
        double best = a[0][0];
        for (int k = 1; k < size; k++) {
            h /= con;
            a[0][k] = difference(cell, base, name, i, h, c);
            double fac = con2;
            for (int j = 1; j <= k; j++) {
                a[j][k] = (a[j - 1][k] * fac - a[j - 1][k - 1]) / (fac - 1.0);
                fac *= con2;
                double e = Math.max(Math.abs(a[j][k] - a[j - 1][k]),
                        Math.abs(a[j][k] - a[j - 1][k - 1]));
                if (e <= err) {
                    err = e;
                    best = a[j][k];
                }
            }
            if (Math.abs(a[k][k] - a[k - 1][k - 1]) >= 2.0 * err) {
                break;
            }
        }
        return best;
    }

    private static double difference(
            RecurrentCell cell, Parameters base, String name, int i, double h, Chunk c) {
        double[] values = base.array(name);
        double saved = values[i];
        values[i] = saved + h;
        double plus = loss(base.toCell(cell), c);
        values[i] = saved - h;
        double minus = loss(base.toCell(cell), c);
        values[i] = saved;
        return (plus - minus) / (2 * h);
    }
}
