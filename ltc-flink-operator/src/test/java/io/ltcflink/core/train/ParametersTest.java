package io.ltcflink.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ltcflink.core.cell.Activation;
import io.ltcflink.core.cell.CfcMode;
import io.ltcflink.core.cell.LstmCell;
import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.LtcSolver;
import io.ltcflink.core.cell.Mapping;
import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.cell.Positivity;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.cell.SolverSettings;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests for {@link Parameters}. */
final class ParametersTest {

    private static LtcCell ltc(Positivity positivity) {
        return RandomCells.ltc(new SplittableRandom(1), RandomCells.ltcConfig(
                2, 4, 2, positivity, Mapping.AFFINE, Mapping.LINEAR, true), 0.5);
    }

    @Test
    void of_everyCellKind_mirrorsNamesAndShapesAndRoundTrips() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (RecurrentCell cell :
                new RecurrentCell[] {
                    ltc(Positivity.SOFTPLUS),
                    RandomCells.cfc(rnd, RandomCells.cfcConfig(
                            CfcMode.PURE, Activation.SILU, 2, 2, true)),
                    RandomCells.lstm(rnd)
                }) {
            Parameters p = Parameters.of(cell);
            assertThat(p.names()).containsExactlyElementsOf(cell.parameters().names());
            for (String name : p.names()) {
                assertThat(p.shape(name)).isEqualTo(cell.parameters().get(name).shape());
            }
            assertThat(p.toCell(cell).parameters()).isEqualTo(cell.parameters());
            assertThat(p.toParameterSet()).isEqualTo(cell.parameters());
        }
    }

    @Test
    void of_ltc_freezesMasksAndAbsentSynapses() {
        LtcCell cell = ltc(Positivity.SOFTPLUS);
        Parameters p = Parameters.of(cell);
        double[] mask = cell.parameters().get("sparsity_mask").toArray();
        for (int i = 0; i < mask.length; i++) {
            assertThat(p.isTrainable("sparsity_mask", i)).isFalse();
            assertThat(p.isTrainable("erev", i)).isEqualTo(mask[i] == 1.0);
        }
        // 3 per neuron, 4 per synapse, input_w and input_b, output_w, the LSTM's.
        assertThat(p.trainableCount()).isEqualTo(cell.parameterCount());
    }

    @Test
    void arithmetic_changesOnlyTrainableEntries() {
        Parameters p = Parameters.of(ltc(Positivity.SOFTPLUS));
        Parameters before = p.copy();
        Parameters ones = p.zerosLike();
        for (String name : ones.names()) {
            java.util.Arrays.fill(ones.array(name), 1.0);
        }
        p.add(ones);
        p.scale(2.0);
        p.addScaled(-0.5, ones);
        for (String name : p.names()) {
            for (int i = 0; i < p.get(name).length; i++) {
                double expected = p.isTrainable(name, i)
                        ? 2 * (before.get(name)[i] + 1) - 0.5 : before.get(name)[i];
                assertThat(p.get(name)[i]).as("%s[%s]", name, i).isEqualTo(expected);
            }
        }
    }

    @Test
    void l2Norm_globalOverTrainableEntries() {
        Parameters p = Parameters.of(LstmCell.initialize(1, 1, 1, 1)).zerosLike();
        p.array("head.bias")[0] = 3;
        p.array("weight_hh_l0")[2] = -4;
        assertThat(p.l2Norm()).isEqualTo(5.0);
        p.array("weight_ih_l0")[0] = 1e200;
        p.array("weight_ih_l0")[1] = 1e200;
        // Scaled, so it does not overflow.
        assertThat(p.l2Norm()).isCloseTo(Math.sqrt(2) * 1e200, within(1e186));
    }

    @Test
    void applyConstraints_identityLtc_clampsPositiveParametersOnly() {
        Parameters p = Parameters.of(ltc(Positivity.IDENTITY));
        p.array("w")[0] = -0.5;
        p.array("gleak")[1] = -0.1;
        p.array("vleak")[1] = -0.1;
        p.applyConstraints();
        assertThat(p.get("w")[0]).isIn(0.0, p.isTrainable("w", 0) ? 0.0 : -0.5);
        assertThat(p.get("gleak")[1]).isZero();
        assertThat(p.get("vleak")[1]).isEqualTo(-0.1);

        Parameters soft = Parameters.of(ltc(Positivity.SOFTPLUS));
        soft.array("gleak")[1] = -0.1;
        soft.applyConstraints();
        assertThat(soft.get("gleak")[1]).isEqualTo(-0.1);
    }

    @Test
    void toCell_keepsLtcSolverAndNumericMode() {
        LtcCell cell = ltc(Positivity.SOFTPLUS).withSolver(SolverSettings.of(LtcSolver.EULER))
                .withNumericMode(NumericMode.FAST);
        LtcCell back = (LtcCell) Parameters.of(cell).toCell(cell);
        assertThat(back.solverSettings()).isEqualTo(cell.solverSettings());
        assertThat(back.numericMode()).isEqualTo(NumericMode.FAST);
    }

    @Test
    void toCell_otherLayout_throwsNamingBoth() {
        Parameters p = Parameters.of(LstmCell.initialize(2, 3, 1, 1));
        assertThatThrownBy(() -> p.toCell(LstmCell.initialize(2, 4, 1, 1)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight_ih_l0[12, 2]")
                .hasMessageContaining("[16, 2]");
    }

    @Test
    void get_unknownName_throwsListingPresentNames() {
        Parameters p = Parameters.of(LstmCell.initialize(2, 3, 1, 1));
        assertThatThrownBy(() -> p.get("gleak"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown parameter 'gleak'")
                .hasMessageContaining("head.bias");
    }
}
