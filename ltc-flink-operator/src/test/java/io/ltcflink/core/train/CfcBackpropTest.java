package io.ltcflink.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.core.cell.Activation;
import io.ltcflink.core.cell.CfcCell;
import io.ltcflink.core.cell.CfcConfig;
import io.ltcflink.core.cell.CfcMode;
import io.ltcflink.core.model.ParameterSet;
import io.ltcflink.core.model.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tests for {@link CfcBackprop}. */
final class CfcBackpropTest {

    static Stream<Arguments> configurations() {
        List<Arguments> cases = new ArrayList<>();
        long seed = 1;
        for (CfcMode mode : CfcMode.values()) {
            for (Activation activation : Activation.values()) {
                for (int layers = 0; layers <= 2; layers++) {
                    for (int variant = 0; variant < 2; variant++) {
                        // Alternate mixed memory and projection so each meets every mode,
                        // activation and depth, alone and together.
                        boolean mixed = variant == 1;
                        int projection = (layers + variant) % 2 == 0 ? 2 : 0;
                        cases.add(Arguments.of(mode, activation, layers, projection, mixed,
                                seed++));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} layers={2} proj={3} mixed={4} seed={5}")
    @MethodSource("configurations")
    void run_everyConfiguration_matchesCentralDifferences(
            CfcMode mode, Activation activation, int layers, int projection, boolean mixed,
            long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        CfcCell cell = RandomCells.cfc(rnd,
                RandomCells.cfcConfig(mode, activation, layers, projection, mixed));
        GradientCheck.Result r = GradientCheck.check(
                cell, GradientCheck.randomChunk(rnd, cell, LtcBackpropTest.TIMESPANS, 0.3));
        assertThat(r.frozenNonZero()).isEmpty();
        assertThat(r.maxRelError()).as(r.worst()).isLessThanOrEqualTo(1e-6);
        if (mode != CfcMode.PURE) {
            // Only the pure mode's |f| makes the loss merely C¹ somewhere.
            assertThat(r.plainSteps()).as("entries at non-smooth points").isZero();
        }
    }

    @Test
    void run_forwardValues_equalTheCellsOwnStepper() {
        for (CfcMode mode : CfcMode.values()) {
            SplittableRandom rnd = new SplittableRandom(mode.ordinal());
            CfcCell cell = RandomCells.cfc(
                    rnd, RandomCells.cfcConfig(mode, Activation.GELU, 2, 2, true));
            LtcBackpropTest.assertForwardMatchesStepper(cell, rnd);
        }
    }

    @Test
    void run_unusedNcpsBackboneLayer_isFrozenWithZeroGradient() {
        SplittableRandom rnd = new SplittableRandom(4);
        CfcConfig config = RandomCells.cfcConfig(
                CfcMode.DEFAULT, Activation.LECUN_TANH, 0, 0, false);
        CfcCell plain = RandomCells.cfc(rnd, config);
        // ncps always builds backbone.0, [U, S + H], even when backbone_layers = 0.
        ParameterSet.Builder b = ParameterSet.builder();
        plain.parameters().asMap().forEach(b::put);
        b.put("backbone.0.weight", Tensor.matrix(4, 5, new double[20]));
        b.put("backbone.0.bias", Tensor.vector(new double[] {1, 2, 3, 4}));
        CfcCell cell = CfcCell.fromParameters(config, b.build());

        GradientCheck.Result r = GradientCheck.check(
                cell, GradientCheck.randomChunk(rnd, cell, LtcBackpropTest.TIMESPANS, 0.0));

        assertThat(Parameters.of(cell).isTrainable("backbone.0.bias", 0)).isFalse();
        assertThat(r.frozenNonZero()).isEmpty();
        assertThat(r.maxRelError()).as(r.worst()).isLessThanOrEqualTo(1e-6);
    }
}
