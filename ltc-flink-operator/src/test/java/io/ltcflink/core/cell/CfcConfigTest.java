package io.ltcflink.core.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Tests for {@link CfcConfig}. */
final class CfcConfigTest {

    private static CfcConfig config(
            int s, int h, CfcMode mode, Activation act, int units, int layers, int proj) {
        return new CfcConfig(s, h, mode, act, units, layers, proj, false);
    }

    @Test
    void ncpsDefaults_matchCfcWrapperDefaults() {
        CfcConfig cfg = CfcConfig.ncpsDefaults(3, 8);
        assertThat(cfg).isEqualTo(
                new CfcConfig(3, 8, CfcMode.DEFAULT, Activation.LECUN_TANH, 128, 1, 0, false));
        assertThat(cfg.stateSize()).isEqualTo(8);
        assertThat(cfg.outputSize()).isEqualTo(8);
        assertThat(cfg.headInputSize()).isEqualTo(128);
    }

    @Test
    void derivedSizes_mixedMemoryProjectionNoBackbone_followFields() {
        CfcConfig cfg = new CfcConfig(3, 8, CfcMode.PURE, Activation.RELU, 64, 0, 2, true);
        assertThat(cfg.stateSize()).isEqualTo(16);
        assertThat(cfg.outputSize()).isEqualTo(2);
        assertThat(cfg.headInputSize()).isEqualTo(11);
    }

    @Test
    void constructor_invalidField_namesFieldAndValue() {
        CfcMode m = CfcMode.DEFAULT;
        Activation a = Activation.TANH;
        assertThatThrownBy(() -> config(0, 8, m, a, 16, 1, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inputSize must be at least 1: 0");
        assertThatThrownBy(() -> config(3, -1, m, a, 16, 1, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hiddenSize must be at least 1: -1");
        assertThatThrownBy(() -> config(3, 8, null, a, 16, 1, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mode must not be null");
        assertThatThrownBy(() -> config(3, 8, m, null, 16, 1, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backboneActivation must not be null");
        assertThatThrownBy(() -> config(3, 8, m, a, 0, 1, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backboneUnits must be at least 1: 0");
        assertThatThrownBy(() -> config(3, 8, m, a, 16, -1, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backboneLayers must be non-negative: -1");
        assertThatThrownBy(() -> config(3, 8, m, a, 16, 1, -2))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("projectionSize must be non-negative")
                .hasMessageContaining("(0 = no projection): -2");
    }

    @Test
    void constructor_matrixLargerThanAnArray_isRejected() {
        assertThatThrownBy(() -> config(3, 8, CfcMode.DEFAULT, Activation.TANH, 100_000, 1, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sizes too large")
                .hasMessageContaining("10000000000");
        assertThatThrownBy(
                        () -> config(Integer.MAX_VALUE, Integer.MAX_VALUE, CfcMode.PURE,
                                Activation.TANH, Integer.MAX_VALUE, 0, Integer.MAX_VALUE))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sizes too large");
    }
}
