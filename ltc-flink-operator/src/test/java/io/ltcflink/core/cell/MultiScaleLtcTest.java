package io.ltcflink.core.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Tests for {@link MultiScaleLtc}. */
final class MultiScaleLtcTest {

    @Test
    void step_heldInput_relaxesWithTheLiquidTimeConstant() {
        // Input 0: the synapse is half open, a = gain / 2 = 0.5, so v relaxes to
        // a / (1 + a) = 1/3 with time constant tau / (1 + a) = tau / 1.5. After tau:
        // v = (1 - e^-1.5) / 3 = 0.258957...; small steps keep the solver's error small.
        LtcCell cell = MultiScaleLtc.build(new double[] {10, 1000}, 1, 1);
        RecurrentCell.Stepper s = cell.newStepper();
        double[] h = new double[2];
        double[] out = new double[1];
        for (int i = 0; i < 1000; i++) {
            s.step(h, new double[] {0}, 0.01, out);
        }
        assertThat(h[0]).isCloseTo((1 - Math.exp(-1.5)) / 3, within(1e-4));
        // The slow neuron has moved by about t / tau' of its way: 1/3 (1 - e^(-0.015)).
        assertThat(h[1]).isCloseTo((1 - Math.exp(-0.015)) / 3, within(1e-5));
        assertThat(out[0]).isEqualTo(h[0]);
    }

    @Test
    void step_longGap_convergesToTheSquashedInput() {
        LtcCell cell = MultiScaleLtc.build(new double[] {1, 5}, 2, 1);
        RecurrentCell.Stepper s = cell.newStepper();
        double[] h = new double[2];
        s.step(h, new double[] {3}, 1e4, new double[1]);
        // ncps's epsilon (1e-8) in the solver's denominator shifts the fixed point by ~1e-9.
        double a = 1 / (1 + Math.exp(-2 * 3.0));
        assertThat(h[0]).isCloseTo(a / (1 + a), within(1e-8));
        assertThat(h[1]).isCloseTo(a / (1 + a), within(1e-8));
    }

    @Test
    void build_badTimeConstant_failsWithTheValue() {
        assertThatThrownBy(() -> MultiScaleLtc.build(new double[] {1, -2}, 1, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time constants must be positive and finite: -2.0");
    }
}
