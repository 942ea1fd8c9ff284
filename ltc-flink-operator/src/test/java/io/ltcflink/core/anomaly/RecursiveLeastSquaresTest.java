package io.ltcflink.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests for {@link RecursiveLeastSquares}. */
final class RecursiveLeastSquaresTest {

    @Test
    void update_noiseFreeLinearMap_recoversTheWeights() {
        int f = 3;
        double[] s = new double[RecursiveLeastSquares.stateSize(f, 1)];
        RecursiveLeastSquares.initialise(s, 0, f, 1, 1e6);
        SplittableRandom rnd = new SplittableRandom(1);
        double[] phi = new double[f];
        double[] y = new double[1];
        double[] scratch = new double[f];
        for (int i = 0; i < 200; i++) {
            phi[0] = rnd.nextGaussian();
            phi[1] = rnd.nextGaussian();
            phi[2] = 1;
            y[0] = 2 * phi[0] - 3 * phi[1] + 0.5;
            RecursiveLeastSquares.update(s, 0, f, 1, phi, y, 1.0, 1e12, scratch);
        }
        // W is F x M row-major by feature: with one output, entry i is feature i's weight.
        assertThat(s[0]).isCloseTo(2, within(1e-6));
        assertThat(s[1]).isCloseTo(-3, within(1e-6));
        assertThat(s[2]).isCloseTo(0.5, within(1e-6));
    }

    @Test
    void update_withoutForgetting_equalsRidgeRegression() {
        // With lambda = 1 and P0 = p0 I, RLS after n records is exactly the ridge solution
        // w = (X'X + I / p0)^-1 X'y (the recursion is the matrix inversion lemma applied n times).
        int f = 2;
        double p0 = 0.5;
        double[] s = new double[RecursiveLeastSquares.stateSize(f, 1)];
        RecursiveLeastSquares.initialise(s, 0, f, 1, p0);
        double[][] x = {{1, 2}, {0.5, -1}, {3, 0.25}, {-2, 1}};
        double[] ys = {1, 0, 2, -1};
        double[] scratch = new double[f];
        double a = 1 / p0;
        double b = 0;
        double d = 1 / p0;
        double u = 0;
        double v = 0;
        for (int i = 0; i < x.length; i++) {
            RecursiveLeastSquares.update(s, 0, f, 1, x[i], new double[] {ys[i]}, 1.0, 1e12,
                    scratch);
            a += x[i][0] * x[i][0];
            b += x[i][0] * x[i][1];
            d += x[i][1] * x[i][1];
            u += x[i][0] * ys[i];
            v += x[i][1] * ys[i];
        }
        double det = a * d - b * b;
        assertThat(s[0]).isCloseTo((d * u - b * v) / det, within(1e-12));
        assertThat(s[1]).isCloseTo((a * v - b * u) / det, within(1e-12));
    }

    @Test
    void update_twoOutputs_shareTheCorrelationAndFitEach() {
        int f = 2;
        double[] s = new double[RecursiveLeastSquares.stateSize(f, 2)];
        RecursiveLeastSquares.initialise(s, 0, f, 2, 1e6);
        SplittableRandom rnd = new SplittableRandom(2);
        double[] scratch = new double[f];
        double[] out = new double[2];
        for (int i = 0; i < 100; i++) {
            double[] phi = {rnd.nextGaussian(), 1};
            RecursiveLeastSquares.update(s, 0, f, 2, phi,
                    new double[] {4 * phi[0], -phi[0] + 2}, 0.99, 1e12, scratch);
        }
        RecursiveLeastSquares.predict(s, 0, f, 2, new double[] {1.5, 1}, out);
        assertThat(out[0]).isCloseTo(6, within(1e-6));
        assertThat(out[1]).isCloseTo(0.5, within(1e-6));
    }

    @Test
    void update_flatFeatures_boundTheCorrelationTrace() {
        // A constant feature vector excites one direction only: with lambda < 1 the other
        // directions of P would grow like lambda^-n without the trace bound.
        int f = 3;
        double[] s = new double[RecursiveLeastSquares.stateSize(f, 1)];
        RecursiveLeastSquares.initialise(s, 0, f, 1, 1);
        double[] scratch = new double[f];
        for (int i = 0; i < 20_000; i++) {
            RecursiveLeastSquares.update(s, 0, f, 1, new double[] {1, 0, 0}, new double[] {1},
                    0.99, 100, scratch);
        }
        double trace = s[3] + s[3 + 4] + s[3 + 8];
        assertThat(trace).isLessThanOrEqualTo(100 / 0.99 + 1e-9);
        assertThat(s[3 + 1]).isEqualTo(s[3 + 3]);
        assertThat(RecursiveLeastSquares.leverage(s, 0, f, 1, new double[] {0, 1, 0}))
                .isPositive();
    }
}
