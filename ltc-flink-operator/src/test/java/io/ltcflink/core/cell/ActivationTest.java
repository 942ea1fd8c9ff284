package io.ltcflink.core.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests for {@link Activation}. */
final class ActivationTest {

    @Test
    void fromFileName_everyConstant_roundTrips() {
        for (Activation a : Activation.values()) {
            assertThat(Activation.fromFileName(a.fileName())).isSameAs(a);
        }
        assertThat(Activation.LECUN_TANH.fileName()).isEqualTo("lecun_tanh");
        assertThat(Activation.fromFileName("GELU")).isSameAs(Activation.GELU);
    }

    @Test
    void fromFileName_unknownName_listsValidNames() {
        assertThatThrownBy(() -> Activation.fromFileName("softplus"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'softplus'")
                .hasMessageContaining("lecun_tanh, tanh, relu, silu, gelu");
    }

    @Test
    void apply_lecunTanh_isScaledTanh() {
        // ncps LeCun: 1.7159 * tanh(0.666 * x); tanh(0) = 0 and the slope at 0 is 1.7159 * 0.666.
        assertThat(Activation.LECUN_TANH.apply(0.0)).isEqualTo(0.0);
        assertThat(Activation.LECUN_TANH.apply(1.5)).isEqualTo(1.7159 * Math.tanh(0.666 * 1.5));
        assertThat(Activation.LECUN_TANH.apply(100.0)).isEqualTo(1.7159);
    }

    @Test
    void apply_simpleActivations_matchDefinitions() {
        assertThat(Activation.RELU.apply(-2.0)).isEqualTo(0.0);
        assertThat(Activation.RELU.apply(3.0)).isEqualTo(3.0);
        assertThat(Activation.RELU.apply(Double.NaN)).isNaN();
        assertThat(Activation.TANH.apply(0.3)).isEqualTo(Math.tanh(0.3));
        // silu(x) = x * sigmoid(x); sigmoid(0) = 1/2.
        assertThat(Activation.SILU.apply(0.0)).isEqualTo(0.0);
        assertThat(Activation.SILU.apply(2.0)).isCloseTo(2.0 / (1.0 + Math.exp(-2.0)), within(0.0));
    }

    @Test
    void apply_gelu_matchesHighPrecisionValues() {
        // x/2 (1 + erf(x / sqrt 2)) = x Phi(x), evaluated with 40-digit arithmetic (mpmath).
        double[][] cases = {
            {1.0, 0.841344746068542948585232545632},
            {-1.0, -0.158655253931457051414767454368},
            {2.0, 1.95449973610364158559943472567},
            {-3.0, -0.00404969409489028357995544430278},
            {0.5, 0.345731230637006551818852305304},
            {-0.5, -0.154268769362993448181147694696},
            {5.0, 4.99999856674214060403044163124},
            {1e-3, 0.000500398942213911073009540481714},
        };
        for (double[] c : cases) {
            // 1e-15 absolute: for negative x, 1 + erf cancels as it does in PyTorch.
            assertThat(Activation.GELU.apply(c[0]))
                    .as("gelu(%s)", c[0])
                    .isCloseTo(c[1], within(1e-15));
        }
    }

    @Test
    void applyInPlace_randomValues_equalsApplyBitForBit() {
        SplittableRandom rng = new SplittableRandom(7);
        double[] v = new double[257];
        for (Activation a : Activation.values()) {
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextDouble(-8.0, 8.0);
            }
            double[] copy = v.clone();
            a.applyInPlace(v, 1, v.length - 1);
            assertThat(v[0]).isEqualTo(copy[0]);
            assertThat(v[v.length - 1]).isEqualTo(copy[v.length - 1]);
            for (int i = 1; i < v.length - 1; i++) {
                assertThat(v[i]).as("%s(%s)", a, copy[i]).isEqualTo(a.apply(copy[i]));
            }
        }
    }
}
