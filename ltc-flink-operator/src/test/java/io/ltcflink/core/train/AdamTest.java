package io.ltcflink.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ltcflink.core.cell.LstmCell;
import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.Mapping;
import io.ltcflink.core.cell.Positivity;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests for {@link Adam}. */
final class AdamTest {

    private static Parameters lstmParameters() {
        return Parameters.of(LstmCell.initialize(2, 3, 1, 5));
    }

    /** A gradient of the layout of {@code p} filled with {@code value}. */
    private static Parameters filled(Parameters p, double value) {
        Parameters g = p.zerosLike();
        for (String name : g.names()) {
            java.util.Arrays.fill(g.array(name), value);
        }
        return g;
    }

    @Test
    void step_twoSteps_matchKingmaAndBaAlgorithmOne() {
        Parameters p = lstmParameters();
        double theta0 = p.get("head.bias")[0];
        Adam adam = new Adam(0.1, 0.9, 0.999, 1e-8, 0);
        adam.initialise(p);
        adam.step(p, filled(p, 2.0));
        adam.step(p, filled(p, -1.0));

        // By hand: m1 = 0.2, v1 = 0.004; m2 = 0.18 - 0.1 = 0.08, v2 = 0.003996 + 0.001 = 0.004996.
        double step1 = 0.1 * (0.2 / 0.1) / (Math.sqrt(0.004 / 0.001) + 1e-8);
        double step2 = 0.1 * (0.08 / (1 - 0.81)) / (Math.sqrt(0.004996 / (1 - 0.998001)) + 1e-8);
        assertThat(p.get("head.bias")[0]).isCloseTo(theta0 - step1 - step2, within(1e-15));
        assertThat(adam.steps()).isEqualTo(2);
    }

    @Test
    void step_quadratic_converges() {
        Parameters p = lstmParameters();
        Parameters g = p.zerosLike();
        Adam adam = Adam.of(0.05, 0);
        adam.initialise(p);
        for (int i = 0; i < 2000; i++) {
            // f = Σ (θ − 0.3)², ∇f = 2 (θ − 0.3)
            for (String name : p.names()) {
                double[] theta = p.array(name);
                double[] d = g.array(name);
                for (int q = 0; q < theta.length; q++) {
                    d[q] = 2 * (theta[q] - 0.3);
                }
            }
            adam.step(p, g);
        }
        for (String name : p.names()) {
            for (double v : p.get(name)) {
                assertThat(v).as(name).isCloseTo(0.3, within(1e-3));
            }
        }
    }

    @Test
    void step_normAboveClip_equalsStepWithGradientRescaledToTheClipNorm() {
        Parameters g1 = filled(lstmParameters(), 0.0);
        Parameters g2 = filled(lstmParameters(), 0.0);
        SplittableRandom rnd = new SplittableRandom(4);
        for (String name : g1.names()) {
            for (int i = 0; i < g1.array(name).length; i++) {
                g1.array(name)[i] = rnd.nextDouble(-100, 100); // norm far above 2
                g2.array(name)[i] = rnd.nextDouble(-0.01, 0.01); // norm below 2: not clipped
            }
        }
        Parameters clipped = lstmParameters();
        Adam withClip = Adam.of(0.01, 2.0);
        withClip.initialise(clipped);
        withClip.step(clipped, g1);
        withClip.step(clipped, g2);

        Parameters rescaled = lstmParameters();
        Adam without = Adam.of(0.01, 0.0);
        without.initialise(rescaled);
        Parameters g1Scaled = g1.copy();
        g1Scaled.scale(2.0 / g1.l2Norm());
        without.step(rescaled, g1Scaled);
        without.step(rescaled, g2);

        Parameters unclipped = lstmParameters();
        Adam plain = Adam.of(0.01, 0.0);
        plain.initialise(unclipped);
        plain.step(unclipped, g1);
        plain.step(unclipped, g2);

        for (String name : clipped.names()) {
            double[] a = clipped.get(name);
            double[] b = rescaled.get(name);
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).as("%s[%s]", name, i).isCloseTo(b[i], within(1e-15));
            }
        }
        assertThat(unclipped.toParameterSet()).isNotEqualTo(clipped.toParameterSet());
    }

    @Test
    void step_frozenEntries_neverMove() {
        LtcCell cell = RandomCells.ltc(new SplittableRandom(2), RandomCells.ltcConfig(
                2, 5, 2, Positivity.SOFTPLUS, Mapping.AFFINE, Mapping.AFFINE, false), 0.5);
        Parameters p = Parameters.of(cell);
        Parameters before = p.copy();
        Adam adam = Adam.of(0.1, 1.0);
        adam.initialise(p);
        adam.step(p, filled(p, 1.0)); // even a gradient that is non-zero where it must not be
        for (String name : p.names()) {
            for (int i = 0; i < p.get(name).length; i++) {
                if (!p.isTrainable(name, i)) {
                    assertThat(p.get(name)[i]).as("%s[%s]", name, i)
                            .isEqualTo(before.get(name)[i]);
                } else {
                    assertThat(p.get(name)[i]).isNotEqualTo(before.get(name)[i]);
                }
            }
        }
    }

    @Test
    void lifecycle_stepBeforeInitialiseOrAfterReset_throws() {
        Parameters p = lstmParameters();
        Adam adam = Adam.of(0.1, 0);
        assertThatThrownBy(() -> adam.step(p, p.zerosLike()))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not initialised");
        adam.initialise(p);
        adam.step(p, p.zerosLike());
        adam.reset();
        assertThat(adam.steps()).isZero();
        assertThatThrownBy(() -> adam.step(p, p.zerosLike()))
                .isExactlyInstanceOf(IllegalStateException.class);
    }

    @Test
    void copy_sameHyperParametersWithoutState() {
        Parameters a = lstmParameters();
        Parameters b = a.copy();
        Adam adam = new Adam(0.02, 0.8, 0.99, 1e-7, 3.0);
        adam.initialise(a);
        adam.step(a, filled(a, 1.0));
        Adam copy = adam.copy();
        assertThat(copy.toString()).isEqualTo(adam.toString());
        assertThatThrownBy(() -> copy.step(b, b.zerosLike()))
                .isExactlyInstanceOf(IllegalStateException.class);
        // A fresh copy takes the same first step as the original did.
        copy.initialise(b);
        copy.step(b, filled(b, 1.0));
        assertThat(b.toParameterSet()).isEqualTo(a.toParameterSet());
    }

    @Test
    void step_nonFiniteGradient_throws() {
        Parameters p = lstmParameters();
        Adam adam = Adam.of(0.1, 1.0);
        adam.initialise(p);
        assertThatThrownBy(() -> adam.step(p, filled(p, Double.NaN)))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gradient norm is not finite: NaN");
    }

    @Test
    void new_badHyperParameters_throwNamingTheValue() {
        assertThatThrownBy(() -> Adam.of(-1e-3, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learning rate must be positive and finite: -0.001");
        assertThatThrownBy(() -> new Adam(0.1, 1.0, 0.999, 1e-8, 0))
                .hasMessageContaining("beta1 must be in [0, 1): 1.0");
        assertThatThrownBy(() -> Adam.of(0.1, -1))
                .hasMessageContaining("clip norm must be finite and >= 0");
    }

    @Test
    void step_otherLayout_throws() {
        Parameters p = lstmParameters();
        Adam adam = Adam.of(0.1, 0);
        adam.initialise(p);
        Parameters other = Parameters.of(LstmCell.initialize(2, 4, 1, 5));
        assertThatThrownBy(() -> adam.step(other, other.zerosLike()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter layouts differ");
    }
}
