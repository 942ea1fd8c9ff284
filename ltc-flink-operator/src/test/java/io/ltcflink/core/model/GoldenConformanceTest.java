package io.ltcflink.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.LtcConfig;
import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.cell.RecurrentCell;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden file and variant, imported through {@link ReferenceDumpImporter} and run through
 * the cells from a zero state: states and outputs at every step within 1e-12 of ncps / PyTorch.
 */
final class GoldenConformanceTest {

    /** Summation order differs from torch's, so agreement is ~1e-15, checked at 1e-12. */
    private static final double TOLERANCE = 1e-12;

    static JsonNode golden(String name) {
        try (InputStream in = GoldenConformanceTest.class.getResourceAsStream("/golden/" + name)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // file, variant, block holding the expected sequences, has cell states
                Arguments.of("ltc_fc_small.json", null, null, false),
                Arguments.of("ltc_fc_small.json", "implicit_constraints_false",
                        "variant_implicit_constraints_false", false),
                Arguments.of("ltc_fc_small.json", "mixed_memory", "variant_mixed_memory", true),
                Arguments.of("ltc_autoncp.json", null, null, false),
                Arguments.of("ltc_autoncp.json", "implicit_constraints_false",
                        "variant_implicit_constraints_false", false),
                Arguments.of("ltc_autoncp.json", "mixed_memory", "variant_mixed_memory", true),
                Arguments.of("cfc_small.json", null, null, false),
                Arguments.of("cfc_small.json", "no_gate", "extra_modes.no_gate", false),
                Arguments.of("cfc_small.json", "pure", "extra_modes.pure", false),
                Arguments.of("lstm_small.json", null, null, true));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void importedModel_goldenSequence_reproducesEveryStep(
            String file, String variant, String block, boolean hasCellStates) {
        reproduce(file, variant, block, hasCellStates, false);
    }

    static Stream<Arguments> ltcCases() {
        return cases().filter(a -> ((String) a.get()[0]).startsWith("ltc_"));
    }

    /**
     * The fast numeric mode is held to the same tolerance: its sigmoid is within about 1e-14 of
     * the exact one, so it reproduces ncps as closely as the exact mode does.
     */
    @ParameterizedTest(name = "{0} {1} fast")
    @MethodSource("ltcCases")
    void importedLtc_fastMode_goldenSequence_reproducesEveryStep(
            String file, String variant, String block, boolean hasCellStates) {
        reproduce(file, variant, block, hasCellStates, true);
    }

    private static void reproduce(String file, String variant, String block,
            boolean hasCellStates, boolean fast) {
        JsonNode root = golden(file);
        JsonNode expected = root;
        if (block != null) {
            for (String part : block.split("\\.")) {
                expected = expected.get(part);
            }
        }
        Model model = ReferenceDumpImporter.importDump(root, variant);
        RecurrentCell cell = model.cell();
        if (fast) {
            cell = ((LtcCell) cell).withNumericMode(NumericMode.FAST);
            assertThat(cell.toString()).contains("fast");
        }
        JsonNode inputs = root.get("inputs");
        JsonNode timespans = root.get("timespans");
        JsonNode hidden = expected.get("hidden_states");
        JsonNode cells = expected.get("cell_states");
        JsonNode outputs = expected.get("outputs");
        int steps = inputs.size();
        int h = hidden.get(0).size();
        assertThat(cell.stateSize()).isEqualTo(hasCellStates ? 2 * h : h);

        RecurrentCell.Stepper stepper = cell.newStepper();
        double[] state = new double[cell.stateSize()];
        double[] out = new double[cell.outputSize()];
        double[] x = new double[cell.inputSize()];
        double worst = 0;
        for (int t = 0; t < steps; t++) {
            for (int k = 0; k < x.length; k++) {
                x[k] = inputs.get(t).get(k).doubleValue();
            }
            double dt = timespans == null ? 1.0 : timespans.get(t).doubleValue();
            stepper.step(state, x, dt, out);
            for (int i = 0; i < h; i++) {
                worst = Math.max(worst, Math.abs(state[i] - hidden.get(t).get(i).doubleValue()));
                if (hasCellStates) {
                    worst = Math.max(worst,
                            Math.abs(state[h + i] - cells.get(t).get(i).doubleValue()));
                }
            }
            for (int m = 0; m < out.length; m++) {
                worst = Math.max(worst, Math.abs(out[m] - outputs.get(t).get(m).doubleValue()));
            }
            assertThat(worst).as("%s %s step %s", file, variant, t).isLessThanOrEqualTo(TOLERANCE);
        }
        assertThat(steps).isGreaterThanOrEqualTo(30);
    }

    @Test
    void ltcUnfoldTrace_firstStep_matchesEverySubStep() {
        // The trace holds the state after each of the 6 fused sub-steps of step 0; one unfold of
        // dt/6 at a time computes exactly those sub-steps.
        for (String file : new String[] {"ltc_fc_small.json", "ltc_autoncp.json"}) {
            JsonNode root = golden(file);
            LtcCell cell = (LtcCell) ReferenceDumpImporter.importDump(root, null).cell();
            LtcConfig c = cell.config();
            LtcCell single = LtcCell.fromParameters(
                    new LtcConfig(c.inputSize(), c.units(), c.outputSize(), c.positivity(),
                            c.inputMapping(), c.outputMapping(), 1, c.epsilon(), false),
                    cell.parameters());
            JsonNode trace = root.get("debug_step0_unfold_trace");
            double dt = root.get("timespans").get(0).doubleValue();
            double[] x = new double[c.inputSize()];
            for (int k = 0; k < x.length; k++) {
                x[k] = root.get("inputs").get(0).get(k).doubleValue();
            }
            double[] state = new double[c.units()];
            RecurrentCell.Stepper s = single.newStepper();
            for (int u = 1; u < trace.size(); u++) {
                s.step(state, x, dt / 6, new double[c.outputSize()]);
                for (int i = 0; i < state.length; i++) {
                    assertThat(state[i])
                            .as("%s unfold %s unit %s", file, u, i)
                            .isCloseTo(trace.get(u).get(i).doubleValue(),
                                    org.assertj.core.data.Offset.offset(TOLERANCE));
                }
            }
        }
    }

    @Test
    void importedLtc_autoNcp_paysOnlyForExistingSynapses() {
        LtcCell cell = (LtcCell) ReferenceDumpImporter.importDump(golden("ltc_autoncp.json"), null)
                .cell();
        assertThat(cell.synapseCount()).isEqualTo(29);
        assertThat(cell.sensorySynapseCount()).isEqualTo(17);
    }
}
