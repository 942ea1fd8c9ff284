package io.ltcflink.core.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Tests for {@link CfcMode}. */
final class CfcModeTest {

    @Test
    void fileName_eachMode_isTheNcpsName() {
        assertThat(CfcMode.DEFAULT.fileName()).isEqualTo("default");
        assertThat(CfcMode.NO_GATE.fileName()).isEqualTo("no_gate");
        assertThat(CfcMode.PURE.fileName()).isEqualTo("pure");
    }

    @Test
    void fromFileName_everyMode_roundTrips() {
        for (CfcMode m : CfcMode.values()) {
            assertThat(CfcMode.fromFileName(m.fileName())).isSameAs(m);
        }
        assertThat(CfcMode.fromFileName("No_Gate")).isSameAs(CfcMode.NO_GATE);
    }

    @Test
    void fromFileName_unknownName_listsValidNames() {
        assertThatThrownBy(() -> CfcMode.fromFileName("gated"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'gated'")
                .hasMessageContaining("default, no_gate, pure");
        assertThatThrownBy(() -> CfcMode.fromFileName(null))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'null'");
    }
}
