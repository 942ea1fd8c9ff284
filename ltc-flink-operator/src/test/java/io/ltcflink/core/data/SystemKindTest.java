package io.ltcflink.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Tests for {@link SystemKind}. */
final class SystemKindTest {

    @Test
    void parse_validNames_inAnyCase() {
        assertThat(SystemKind.parse("lorenz")).isSameAs(SystemKind.LORENZ);
        assertThat(SystemKind.parse(" Mackey-Glass ")).isSameAs(SystemKind.MACKEY_GLASS);
        assertThat(SystemKind.parse("MACKEY_GLASS")).isSameAs(SystemKind.MACKEY_GLASS);
        assertThat(SystemKind.parse("oscillator")).isSameAs(SystemKind.OSCILLATOR);
    }

    @Test
    void parse_unknownOrNull_listsTheValidNames() {
        assertThatThrownBy(() -> SystemKind.parse("henon"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown system 'henon': expected one of lorenz, mackey-glass,"
                        + " oscillator");
        assertThatThrownBy(() -> SystemKind.parse(null))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown system 'null'");
    }

    @Test
    void dimensionsAndDelays_matchTheSystems() {
        assertThat(SystemKind.LORENZ.dimension()).isEqualTo(3);
        assertThat(SystemKind.MACKEY_GLASS.dimension()).isEqualTo(1);
        assertThat(SystemKind.MACKEY_GLASS.system().delay()).isEqualTo(17.0);
        assertThat(SystemKind.OSCILLATOR.dimension()).isEqualTo(2);
        assertThat(SystemKind.LORENZ.system().delay()).isZero();
    }

    @Test
    void oscillatorScales_areTheSteadyStateStds() {
        // R = 1/√((1 − 0.49)² + 0.14²) ≈ 1.89083; a sinusoid's std is R/√2, v's is RΩ/√2.
        double[] s = SystemKind.OSCILLATOR.scales(SystemKind.OSCILLATOR.system());
        assertThat(s[0]).isCloseTo(1.89083 / Math.sqrt(2), within(1e-4));
        assertThat(s[1]).isCloseTo(0.7 * 1.89083 / Math.sqrt(2), within(1e-4));
    }

    @Test
    void changed_scalesTheMainParameter() {
        Lorenz63 lorenz = (Lorenz63) SystemKind.LORENZ.changed(Lorenz63.CLASSIC, 0.5);
        MackeyGlass mg =
                (MackeyGlass) SystemKind.MACKEY_GLASS.changed(MackeyGlass.NEUROBENCH, -0.5);
        DampedOscillator osc =
                (DampedOscillator) SystemKind.OSCILLATOR.changed(DampedOscillator.DEFAULT, 1.0);
        assertThat(lorenz.rho()).isEqualTo(42.0);
        assertThat(mg.beta()).isCloseTo(0.1, within(1e-15));
        assertThat(osc.omega()).isEqualTo(2.0);
    }
}
