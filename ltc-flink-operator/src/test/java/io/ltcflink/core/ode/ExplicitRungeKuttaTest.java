package io.ltcflink.core.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Tests for {@link ExplicitRungeKutta} and {@link ButcherTableau}. */
final class ExplicitRungeKuttaTest {

    /** Global error at t = 1 of {@code steps} equal steps. */
    private static double decayError(ButcherTableau tableau, int steps) {
        TestProblems.Decay p = new TestProblems.Decay(1.3);
        double[] y = {1.0};
        new ExplicitRungeKutta(tableau, 1).integrate(p, 0.0, y, 1.0 / steps, steps);
        return Math.abs(y[0] - p.exact(1.0, 1.0));
    }

    private static double oscillatorError(ButcherTableau tableau, int steps) {
        TestProblems.Oscillator p = new TestProblems.Oscillator(2.0);
        double[] y = {1.0, 0.0};
        new ExplicitRungeKutta(tableau, 2).integrate(p, 0.0, y, 2.0 / steps, steps);
        return Math.abs(y[0] - p.exactX(2.0));
    }

    /** Halving h divides the error by about 2^p; the observed order is log2 of that ratio. */
    private static double observedOrder(java.util.function.IntToDoubleFunction error, int steps) {
        return Math.log(error.applyAsDouble(steps) / error.applyAsDouble(2 * steps)) / Math.log(2);
    }

    @Test
    void euler_decay_convergesWithOrderOne() {
        for (int steps : new int[] {64, 128, 256}) {
            assertThat(observedOrder(n -> decayError(ButcherTableau.EULER, n), steps))
                    .isBetween(0.95, 1.05);
        }
    }

    @Test
    void rk4_decay_convergesWithOrderFour() {
        for (int steps : new int[] {8, 16, 32}) {
            assertThat(observedOrder(n -> decayError(ButcherTableau.RK4, n), steps))
                    .isBetween(3.8, 4.2);
        }
    }

    @Test
    void euler_oscillator_convergesWithOrderOne() {
        assertThat(observedOrder(n -> oscillatorError(ButcherTableau.EULER, n), 512))
                .isBetween(0.9, 1.1);
    }

    @Test
    void rk4_oscillator_convergesWithOrderFour() {
        assertThat(observedOrder(n -> oscillatorError(ButcherTableau.RK4, n), 32))
                .isBetween(3.8, 4.2);
    }

    @Test
    void rk4_oneStep_matchesTaylorSeriesToFifthOrder() {
        // For y' = −y one RK4 step multiplies by 1 − h + h²/2 − h³/6 + h⁴/24 exactly.
        double h = 0.1;
        double[] y = {1.0};
        new ExplicitRungeKutta(ButcherTableau.RK4, 1).step(new TestProblems.Decay(1.0), 0, y, h);
        double taylor = 1 - h + h * h / 2 - h * h * h / 6 + h * h * h * h / 24;
        assertThat(y[0]).isCloseTo(taylor, org.assertj.core.data.Offset.offset(1e-16));
    }

    @Test
    void tableau_implicitRow_isRejected() {
        assertThatThrownBy(
                        () -> new ButcherTableau(
                                "bad", 1, new double[] {0, 1}, new double[][] {{}, {0.5, 0.5}},
                                new double[] {0.5, 0.5}))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a row 1: expected 1 entries");
    }
}
