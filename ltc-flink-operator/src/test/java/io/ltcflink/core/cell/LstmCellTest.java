package io.ltcflink.core.cell;

import static io.ltcflink.core.cell.CellTestSupport.randomVector;
import static io.ltcflink.core.cell.CellTestSupport.with;
import static io.ltcflink.core.cell.CellTestSupport.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.ltcflink.core.model.ModelFormatException;
import io.ltcflink.core.model.ParameterSet;
import io.ltcflink.core.model.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests for {@link LstmCell}. */
final class LstmCellTest {

    /** The golden files' recommended tolerance: torch sums in another order (SPEC §5.9). */
    private static final double GOLDEN_TOLERANCE = 1e-12;

    private static ParameterSet goldenParameters() {
        return GoldenFiles.parameters(GoldenFiles.load("lstm_small.json").get("params"), "");
    }

    @Test
    void step_goldenLstmSmall_matchesTorchEveryStep() {
        JsonNode golden = GoldenFiles.load("lstm_small.json");
        // torch.nn.LSTM(3, 8) + Linear(8, 1), see meta.call
        LstmCell cell = LstmCell.fromParameters(3, 8, 1, goldenParameters());
        double[][] inputs = GoldenFiles.matrix(golden.get("inputs"));
        double[][] hidden = GoldenFiles.matrix(golden.get("hidden_states"));
        double[][] cells = GoldenFiles.matrix(golden.get("cell_states"));
        double[][] outputs = GoldenFiles.matrix(golden.get("outputs"));
        assertThat(inputs).hasNumberOfRows(30);

        RecurrentCell.Stepper stepper = cell.newStepper();
        double[] state = new double[cell.stateSize()];
        cell.initialState(state);
        double[] out = new double[1];
        for (int t = 0; t < inputs.length; t++) {
            stepper.step(state, inputs[t], 1.0, out);
            for (int u = 0; u < 8; u++) {
                assertThat(state[u]).as("h[%s] at t=%s", u, t)
                        .isCloseTo(hidden[t][u], within(GOLDEN_TOLERANCE));
                assertThat(state[8 + u]).as("c[%s] at t=%s", u, t)
                        .isCloseTo(cells[t][u], within(GOLDEN_TOLERANCE));
            }
            assertThat(out[0])
                    .as("output at t=%s", t)
                    .isCloseTo(outputs[t][0], within(GOLDEN_TOLERANCE));
        }
    }

    @Test
    void step_anyTimespan_isIgnored() {
        LstmCell cell = LstmCell.initialize(4, 6, 2, 11);
        SplittableRandom rng = new SplittableRandom(3);
        double[] start = randomVector(rng, cell.stateSize(), 2.0);
        double[] input = randomVector(rng, 4, 2.0);
        RecurrentCell.Stepper stepper = cell.newStepper();
        double[] expectedState = start.clone();
        double[] expectedOut = new double[2];
        stepper.step(expectedState, input, 1.0, expectedOut);
        for (double dt :
                new double[] {0.0, -1.0, 1e300, Double.NaN, Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY}) {
            double[] state = start.clone();
            double[] out = new double[2];
            stepper.step(state, input, dt, out);
            assertThat(state).as("state with dt=%s", dt).isEqualTo(expectedState);
            assertThat(out).as("output with dt=%s", dt).isEqualTo(expectedOut);
        }
        assertThat(cell.usesTime()).isFalse();
    }

    @Test
    void fromParameters_wrongShape_namesParameterAndBothShapes() {
        ParameterSet p = with(goldenParameters(), "weight_hh_l0",
                Tensor.matrix(32, 7, new double[32 * 7]));
        assertThatThrownBy(() -> LstmCell.fromParameters(3, 8, 1, p))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("weight_hh_l0")
                .hasMessageContaining("[32, 8]")
                .hasMessageContaining("[32, 7]");
    }

    @Test
    void fromParameters_hiddenSizeDisagreesWithFile_failsOnFirstParameter() {
        assertThatThrownBy(() -> LstmCell.fromParameters(3, 16, 1, goldenParameters()))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("weight_ih_l0")
                .hasMessageContaining("[64, 3]")
                .hasMessageContaining("[32, 3]");
    }

    @Test
    void fromParameters_missingParameter_namesIt() {
        ParameterSet p = without(goldenParameters(), "bias_hh_l0");
        assertThatThrownBy(() -> LstmCell.fromParameters(3, 8, 1, p))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("missing parameter 'bias_hh_l0'");
    }

    @Test
    void fromParameters_extraParameter_isRejected() {
        ParameterSet p = with(goldenParameters(), "weight_ih_l1", Tensor.vector(new double[1]));
        assertThatThrownBy(() -> LstmCell.fromParameters(3, 8, 1, p))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("unexpected parameters [weight_ih_l1]");
    }

    @Test
    void fromParameters_nonPositiveSize_throwsIllegalArgument() {
        assertThatThrownBy(() -> LstmCell.fromParameters(0, 8, 1, goldenParameters()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inputSize must be at least 1: 0");
        assertThatThrownBy(() -> LstmCell.initialize(3, -2, 1, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hiddenSize must be at least 1: -2");
        assertThatThrownBy(() -> LstmCell.initialize(3, 2, 0, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outputSize must be at least 1: 0");
    }

    @Test
    void step_wrongLengths_namesTheArray() {
        LstmCell cell = LstmCell.initialize(3, 4, 2, 1);
        RecurrentCell.Stepper stepper = cell.newStepper();
        assertThatThrownBy(() -> stepper.step(new double[7], new double[3], 1.0, new double[2]))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state: expected length 8 but found 7");
        assertThatThrownBy(() -> stepper.step(new double[8], new double[4], 1.0, new double[2]))
                .hasMessageContaining("input: expected length 3 but found 4");
        assertThatThrownBy(() -> stepper.readout(new double[8], new double[1]))
                .hasMessageContaining("output: expected length 2 but found 1");
    }

    @Test
    void layout_randomSizes_matchesTorch() {
        SplittableRandom rng = new SplittableRandom(42);
        for (int trial = 0; trial < 10; trial++) {
            int s = 1 + rng.nextInt(6);
            int h = 1 + rng.nextInt(12);
            int m = 1 + rng.nextInt(4);
            LstmCell cell = LstmCell.initialize(s, h, m, trial);
            assertThat(cell.kind()).isEqualTo(CellKind.LSTM);
            assertThat(cell.inputSize()).isEqualTo(s);
            assertThat(cell.hiddenSize()).isEqualTo(h);
            assertThat(cell.outputSize()).isEqualTo(m);
            assertThat(cell.stateSize()).isEqualTo(2 * h);
            ParameterSet p = cell.parameters();
            assertThat(p.names()).containsExactly("weight_ih_l0", "weight_hh_l0", "bias_ih_l0",
                    "bias_hh_l0", "head.weight", "head.bias");
            assertThat(p.get("weight_ih_l0").shape()).containsExactly(4 * h, s);
            assertThat(p.get("head.weight").shape()).containsExactly(m, h);
            // torch: sum(p.numel() for p in lstm.parameters()) + head
            assertThat(cell.parameterCount()).isEqualTo(p.scalarCount(java.util.Set.of()));
        }
        // The golden model: 4*8*(3+8+2) LSTM + 8+1 head.
        assertThat(LstmCell.fromParameters(3, 8, 1, goldenParameters()).parameterCount())
                .isEqualTo(425);
    }

    @Test
    void parameters_roundTrip_computesBitIdentically() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 8; trial++) {
            int s = 1 + rng.nextInt(5);
            int h = 1 + rng.nextInt(10);
            int m = 1 + rng.nextInt(3);
            LstmCell original = LstmCell.initialize(s, h, m, rng.nextLong());
            LstmCell copy = LstmCell.fromParameters(s, h, m, original.parameters());
            assertThat(copy.parameters()).isEqualTo(original.parameters());
            double[] a = randomVector(rng, 2 * h, 2.0);
            double[] b = a.clone();
            double[] outA = new double[m];
            double[] outB = new double[m];
            RecurrentCell.Stepper sa = original.newStepper();
            RecurrentCell.Stepper sb = copy.newStepper();
            for (int t = 0; t < 5; t++) {
                double[] x = randomVector(rng, s, 2.0);
                sa.step(a, x, 1.0, outA);
                sb.step(b, x, 1.0, outB);
                assertThat(b).isEqualTo(a);
                assertThat(outB).isEqualTo(outA);
            }
        }
    }

    @Test
    void step_sameStateTwice_givesIdenticalResults() {
        LstmCell cell = LstmCell.initialize(3, 9, 2, 99);
        SplittableRandom rng = new SplittableRandom(8);
        RecurrentCell.Stepper stepper = cell.newStepper();
        double[] start = randomVector(rng, cell.stateSize(), 2.0);
        double[] x = randomVector(rng, 3, 2.0);
        double[] first = start.clone();
        double[] second = start.clone();
        double[] out1 = new double[2];
        double[] out2 = new double[2];
        stepper.step(first, x, 1.0, out1);
        stepper.step(second, x, 1.0, out2);
        assertThat(second).isEqualTo(first);
        assertThat(out2).isEqualTo(out1);
        double[] readout = new double[2];
        stepper.readout(first, readout);
        assertThat(readout).isEqualTo(out1);
    }

    @Test
    void initialize_sameSeed_isReproducibleAndWithinTorchBounds() {
        LstmCell a = LstmCell.initialize(5, 16, 3, 1234);
        assertThat(LstmCell.initialize(5, 16, 3, 1234).parameters()).isEqualTo(a.parameters());
        assertThat(LstmCell.initialize(5, 16, 3, 1235).parameters()).isNotEqualTo(a.parameters());
        double bound = 1.0 / Math.sqrt(16); // torch: U(-1/sqrt(H), 1/sqrt(H)) for all of them
        for (Tensor t : a.parameters().asMap().values()) {
            for (double v : t.toArray()) {
                assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
            }
        }
    }

    @Test
    void step_afterWarmup_allocatesNothing() {
        LstmCell cell = LstmCell.initialize(3, 16, 2, 4);
        RecurrentCell.Stepper stepper = cell.newStepper();
        double[] state = new double[cell.stateSize()];
        double[] x = {0.1, -0.4, 0.9};
        double[] out = new double[2];
        Runnable step = () -> stepper.step(state, x, 1.0, out);
        // Under one byte per step on average: any object allocated per step is >= 16 bytes, while
        // one-off allocations of the JIT's transitions stay below a few kB.
        assertThat(Allocations.bytesAllocated(step, 5_000, 20_000)).isLessThan(20_000);
    }
}
