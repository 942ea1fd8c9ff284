package io.ltcflink.core.ode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests for {@link SemiImplicitEuler}. */
final class SemiImplicitEulerTest {

    private static double error(int steps) {
        TestProblems.LinearConductance p = new TestProblems.LinearConductance(0.5, 0.8, 2.0);
        double[] y = {-1.0};
        new SemiImplicitEuler(1, 0.0).integrate(p, y, 1.0 / steps, steps);
        return Math.abs(y[0] - p.exact(-1.0, 1.0));
    }

    @Test
    void step_linearConductance_convergesWithOrderOne() {
        for (int steps : new int[] {64, 128, 256}) {
            double order = Math.log(error(steps) / error(2 * steps)) / Math.log(2);
            assertThat(order).isBetween(0.95, 1.05);
        }
    }

    @Test
    void step_anyStepSize_staysBetweenStateAndEquilibrium() {
        // With C, β ≥ 0 the new value is a convex combination of the old one and α/β.
        SplittableRandom rnd = new SplittableRandom(7);
        SemiImplicitEuler engine = new SemiImplicitEuler(1, 0.0);
        for (int i = 0; i < 1000; i++) {
            double c = 0.01 + rnd.nextDouble() * 5;
            double beta = 0.01 + rnd.nextDouble() * 5;
            double eq = rnd.nextDouble() * 4 - 2;
            double y0 = rnd.nextDouble() * 4 - 2;
            double h = Math.pow(10, rnd.nextDouble() * 12 - 6);
            double[] y = {y0};
            engine.step(new TestProblems.LinearConductance(c, eq * beta, beta), y, h);
            assertThat(y[0]).isBetween(Math.min(y0, eq) - 1e-12, Math.max(y0, eq) + 1e-12);
        }
    }

    @Test
    void step_hugeStep_reachesEquilibrium() {
        // h → ∞ gives c → 0, so one step lands on α/β.
        double[] y = {5.0};
        new SemiImplicitEuler(1, 0.0)
                .step(new TestProblems.LinearConductance(1.0, 3.0, 2.0), y, 1e300);
        assertThat(y[0]).isCloseTo(1.5, org.assertj.core.data.Offset.offset(1e-12));
    }
}
