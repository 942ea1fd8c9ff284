package io.ltcflink.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Tests for {@link DenseTrajectory} with the three built-in systems. */
final class DenseTrajectoryTest {

    private static double[] lorenzAt(double t, double step) {
        DenseTrajectory tr = new DenseTrajectory(Lorenz63.CLASSIC, new double[] {1, 1, 20}, step);
        tr.advanceTo(t);
        double[] y = new double[3];
        tr.valueAt(t, y);
        return y;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    @Test
    void lorenz_longRun_staysOnTheAttractor() {
        DenseTrajectory tr = new DenseTrajectory(Lorenz63.CLASSIC, new double[] {-3, 7, 31}, 0.01);
        double[] y = new double[3];
        tr.advanceTo(20);
        for (double t = 20; t < 520; t += 0.037) {
            tr.advanceTo(t);
            tr.valueAt(t, y);
            assertThat(Math.abs(y[0])).isLessThan(30);
            assertThat(Math.abs(y[1])).isLessThan(30);
            assertThat(y[2]).isStrictlyBetween(0.0, 60.0);
        }
    }

    @Test
    void lorenz_stepHalving_convergesWithOrderFour() {
        // t = 0.5 is a grid point of all three step sizes, so the differences are pure
        // integration error: e(h) ≈ C h⁴ gives |y_h − y_{h/2}| / |y_{h/2} − y_{h/4}| ≈ 2⁴. (The
        // horizon is short because chaos amplifies errors; near t = 1 the error vector turns and
        // the ratio is briefly off.)
        double[] a = lorenzAt(0.5, 0.02);
        double[] b = lorenzAt(0.5, 0.01);
        double[] c = lorenzAt(0.5, 0.005);
        double order = Math.log(distance(a, b) / distance(b, c)) / Math.log(2);
        assertThat(order).isBetween(3.7, 4.3);
    }

    @Test
    void oscillator_afterTransient_matchesClosedFormSteadyStateBetweenGridPoints() {
        DampedOscillator o = DampedOscillator.DEFAULT.withPhase(0.8);
        DenseTrajectory tr = new DenseTrajectory(o, new double[] {0.7, -0.4}, 0.01);
        double[] y = new double[2];
        double[] exact = new double[2];
        // The transient decays like e^{−ζωt} = e^{−0.1 t}: below 1e-8 after t = 200.
        for (double t = 200; t < 260; t += 0.0731) {
            tr.advanceTo(t);
            tr.valueAt(t, y);
            o.steadyState(t, exact);
            assertThat(y[0]).isCloseTo(exact[0], within(1e-7));
            assertThat(y[1]).isCloseTo(exact[1], within(1e-7));
        }
    }

    @Test
    void mackeyGlass_afterTransient_staysInRangeAndOscillatesWithPeriodAboutFifty() {
        DenseTrajectory tr = new DenseTrajectory(MackeyGlass.NEUROBENCH, new double[] {1.2}, 0.1);
        int n = 6000;
        double[] x = new double[n];
        double[] y = new double[1];
        for (int k = 0; k < n; k++) {
            double t = 500 + k;
            tr.advanceTo(t);
            tr.valueAt(t, y);
            x[k] = y[0];
            assertThat(y[0]).isStrictlyBetween(0.2, 1.5);
        }
        // τ = 17 gives an irregular oscillation with a dominant period near 50 (≈ 3τ): the
        // autocorrelation is strongly negative half a period away and positive a period away.
        assertThat(autocorrelation(x, 25)).isLessThan(-0.5);
        assertThat(autocorrelation(x, 50)).isGreaterThan(0.5);
        assertThat(autocorrelation(x, 5)).isBetween(0.5, 0.95);
    }

    private static double autocorrelation(double[] x, int lag) {
        double m = 0;
        for (double v : x) {
            m += v;
        }
        m /= x.length;
        double num = 0;
        double den = 0;
        for (int k = 0; k < x.length; k++) {
            den += (x[k] - m) * (x[k] - m);
            if (k + lag < x.length) {
                num += (x[k] - m) * (x[k + lag] - m);
            }
        }
        return num / den;
    }

    @Test
    void mackeyGlass_step_dividesTheDelay() {
        DenseTrajectory tr = new DenseTrajectory(MackeyGlass.NEUROBENCH, new double[] {1.2}, 0.3);
        // 17 / 0.3 = 56.7, so 57 steps per delay.
        assertThat(tr.step()).isEqualTo(17.0 / 57);
    }

    @Test
    void mackeyGlass_stepHalving_convergesWithOrderFour() {
        // The constant history makes the derivative jump at t = 0, τ, 2τ, ...; with h = τ/m those
        // jumps sit on grid points and the Hermite history is O(h⁴), so RK4 keeps its order.
        double[] x = new double[3];
        double[] steps = {0.5, 0.25, 0.125};
        for (int i = 0; i < 3; i++) {
            DenseTrajectory tr =
                    new DenseTrajectory(MackeyGlass.NEUROBENCH, new double[] {1.2}, steps[i]);
            tr.advanceTo(60);
            double[] y = new double[1];
            tr.valueAt(60, y);
            x[i] = y[0];
        }
        double order = Math.log(Math.abs(x[0] - x[1]) / Math.abs(x[1] - x[2])) / Math.log(2);
        assertThat(order).isBetween(3.8, 4.2);
    }

    @Test
    void valueAt_beforeTheHistoryWindow_failsWithState() {
        DenseTrajectory tr = new DenseTrajectory(Lorenz63.CLASSIC, new double[] {1, 1, 20}, 0.01);
        tr.advanceTo(5);
        assertThat(tr.earliest()).isGreaterThan(4.9);
        assertThatThrownBy(() -> tr.valueAt(1.0, new double[3]))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has left the history window");
    }

    @Test
    void valueAt_beforeTimeZero_readsTheConstantHistory() {
        DenseTrajectory tr = new DenseTrajectory(MackeyGlass.NEUROBENCH, new double[] {0.9}, 0.1);
        tr.advanceTo(3);
        double[] y = new double[1];
        tr.valueAt(-4, y);
        assertThat(y[0]).isEqualTo(0.9);
    }

    @Test
    void switchTo_otherDelay_isRejected() {
        DenseTrajectory tr = new DenseTrajectory(MackeyGlass.NEUROBENCH, new double[] {0.9}, 0.1);
        assertThatThrownBy(() -> tr.switchTo(new MackeyGlass(20, 0.2, 0.1, 10)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delay 17.0 but has 1 and 20.0");
    }
}
