package io.ltcflink.core.cell;

import static io.ltcflink.core.cell.CellTestSupport.maxAbs;
import static io.ltcflink.core.cell.CellTestSupport.randomVector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.ltcflink.core.model.ModelFormatException;
import io.ltcflink.core.model.ParameterSet;
import io.ltcflink.core.model.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests for {@link MixedMemoryLstm}. */
final class MixedMemoryLstmTest {

    private static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /**
     * ncps {@code LSTMCell.forward} written out directly from the parameter set: the matrices as
     * rows, z chunked into four named vectors, then the gate equations. Returns {h', c'}.
     */
    static double[][] reference(ParameterSet p, double[] x, double[] h, double[] c) {
        double[][] w = p.get(MixedMemoryLstm.INPUT_WEIGHT).toMatrix();
        double[] b = p.get(MixedMemoryLstm.INPUT_BIAS).toArray();
        double[][] r = p.get(MixedMemoryLstm.RECURRENT_WEIGHT).toMatrix();
        int n = h.length;
        double[] z = new double[4 * n];
        for (int j = 0; j < 4 * n; j++) {
            double mapped = 0.0;
            for (int k = 0; k < x.length; k++) {
                mapped += w[j][k] * x[k];
            }
            double recurrent = 0.0;
            for (int k = 0; k < n; k++) {
                recurrent += r[j][k] * h[k];
            }
            z[j] = (mapped + b[j]) + recurrent;
        }
        double[] i = Arrays.copyOfRange(z, 0, n);
        double[] ig = Arrays.copyOfRange(z, n, 2 * n);
        double[] fg = Arrays.copyOfRange(z, 2 * n, 3 * n);
        double[] og = Arrays.copyOfRange(z, 3 * n, 4 * n);
        double[] hNew = new double[n];
        double[] cNew = new double[n];
        for (int u = 0; u < n; u++) {
            cNew[u] = c[u] * sigmoid(fg[u] + 1.0) + Math.tanh(i[u]) * sigmoid(ig[u]);
            hNew[u] = Math.tanh(cNew[u]) * sigmoid(og[u]);
        }
        return new double[][] {hNew, cNew};
    }

    /** Random parameters with weights of order one, so every gate is exercised. */
    private static ParameterSet randomParameters(SplittableRandom rng, int s, int n) {
        return ParameterSet.builder()
                .matrix(MixedMemoryLstm.INPUT_WEIGHT, 4 * n, s, randomVector(rng, 4 * n * s, 1.0))
                .vector(MixedMemoryLstm.INPUT_BIAS, randomVector(rng, 4 * n, 0.5))
                .matrix(MixedMemoryLstm.RECURRENT_WEIGHT, 4 * n, n,
                        randomVector(rng, 4 * n * n, 1.0))
                .build();
    }

    @Test
    void step_randomData_matchesDirectEvaluation() {
        SplittableRandom rng = new SplittableRandom(2024);
        for (int trial = 0; trial < 20; trial++) {
            int s = 1 + rng.nextInt(6);
            int n = 1 + rng.nextInt(12);
            ParameterSet p = randomParameters(rng, s, n);
            MixedMemoryLstm lstm = MixedMemoryLstm.fromParameters(s, n, p);
            double[] state = randomVector(rng, 2 * n, 1.5);
            double[] scratch = new double[lstm.scratchSize()];
            for (int t = 0; t < 5; t++) {
                double[] x = randomVector(rng, s, 2.0);
                double[][] expected = reference(p, x, Arrays.copyOfRange(state, 0, n),
                        Arrays.copyOfRange(state, n, 2 * n));
                lstm.step(x, state, 0, n, scratch);
                for (int u = 0; u < n; u++) {
                    assertThat(state[u]).isCloseTo(expected[0][u], within(1e-15));
                    assertThat(state[n + u]).isCloseTo(expected[1][u], within(1e-15));
                }
            }
        }
    }

    @Test
    void step_goldenLtcMixedMemory_reproducesCellStates() {
        // In ncps's mixed-memory LTC, c is written only by this cell, and the LTC step consumes h
        // afterwards. So c_t = LSTM(x_t, h_{t-1}, c_{t-1}).c with the golden h and c of step t-1:
        // every stored c checks this cell (all gates but the output gate) without an LTC cell.
        JsonNode golden = GoldenFiles.load("ltc_fc_small.json");
        JsonNode variant = golden.get("variant_mixed_memory");
        MixedMemoryLstm lstm = MixedMemoryLstm.fromParameters(
                3, 8, GoldenFiles.parameters(variant.get("lstm_params"), ""));
        double[][] inputs = GoldenFiles.matrix(golden.get("inputs"));
        double[][] hidden = GoldenFiles.matrix(variant.get("hidden_states"));
        double[][] cells = GoldenFiles.matrix(variant.get("cell_states"));
        double[] state = new double[16];
        double[] scratch = new double[lstm.scratchSize()];
        for (int t = 0; t < inputs.length; t++) {
            if (t > 0) {
                System.arraycopy(hidden[t - 1], 0, state, 0, 8);
                System.arraycopy(cells[t - 1], 0, state, 8, 8);
            }
            lstm.step(inputs[t], state, 0, 8, scratch);
            for (int u = 0; u < 8; u++) {
                assertThat(state[8 + u]).as("c[%s] at t=%s", u, t)
                        .isCloseTo(cells[t][u], within(1e-12));
            }
        }
    }

    @Test
    void step_offsetsInsideLargerArray_touchOnlyHAndC() {
        SplittableRandom rng = new SplittableRandom(77);
        int s = 3;
        int n = 5;
        ParameterSet p = randomParameters(rng, s, n);
        MixedMemoryLstm lstm = MixedMemoryLstm.fromParameters(s, n, p);
        double[] x = randomVector(rng, s, 1.0);
        double[] compact = randomVector(rng, 2 * n, 1.0);
        // c before h, with gaps: [junk 2][c 5][junk 1][h 5][junk 3]
        double[] wide = randomVector(rng, 16, 9.0);
        System.arraycopy(compact, n, wide, 2, n);
        System.arraycopy(compact, 0, wide, 8, n);
        double[] before = wide.clone();

        lstm.step(x, compact, 0, n, new double[lstm.scratchSize()]);
        lstm.step(x, wide, 8, 2, new double[lstm.scratchSize() + 7]);

        assertThat(Arrays.copyOfRange(wide, 8, 13)).isEqualTo(Arrays.copyOfRange(compact, 0, n));
        assertThat(Arrays.copyOfRange(wide, 2, 7)).isEqualTo(Arrays.copyOfRange(compact, n, 2 * n));
        for (int i : new int[] {0, 1, 7, 13, 14, 15}) {
            assertThat(wide[i]).isEqualTo(before[i]);
        }
    }

    @Test
    void step_badArguments_failBeforeModifyingState() {
        MixedMemoryLstm lstm = MixedMemoryLstm.initialize(2, 4, 1);
        double[] state = new double[8];
        double[] scratch = new double[16];
        assertThatThrownBy(() -> lstm.step(new double[3], state, 0, 4, scratch))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x: expected length 2 but found 3");
        assertThatThrownBy(() -> lstm.step(new double[2], state, 0, 4, new double[15]))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scratch: expected at least 16 doubles but found 15");
        assertThatThrownBy(() -> lstm.step(new double[2], state, 0, 2, scratch))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be disjoint");
        assertThatThrownBy(() -> lstm.step(new double[2], state, 0, 5, scratch))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("h at 0 and c at 5 (4 units each)")
                .hasMessageContaining("length 8");
        assertThatThrownBy(() -> lstm.step(new double[2], state, -1, 4, scratch))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThat(state).containsOnly(0.0);
    }

    @Test
    void fromParameters_wrongShape_namesParameterAndBothShapes() {
        ParameterSet p = ParameterSet.builder()
                .matrix(MixedMemoryLstm.INPUT_WEIGHT, 32, 3, new double[96])
                .vector(MixedMemoryLstm.INPUT_BIAS, new double[32])
                .matrix(MixedMemoryLstm.RECURRENT_WEIGHT, 32, 4, new double[128])
                .build();
        assertThatThrownBy(() -> MixedMemoryLstm.fromParameters(3, 8, p))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("lstm.recurrent_map.weight")
                .hasMessageContaining("[32, 8]")
                .hasMessageContaining("[32, 4]");
    }

    @Test
    void fromParameters_missingParameter_namesIt() {
        ParameterSet p = ParameterSet.builder()
                .matrix(MixedMemoryLstm.INPUT_WEIGHT, 32, 3, new double[96])
                .put("gleak", Tensor.vector(new double[8]))
                .build();
        assertThatThrownBy(() -> MixedMemoryLstm.fromParameters(3, 8, p))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("missing parameter 'lstm.input_map.bias'");
    }

    @Test
    void putParameters_roundTrip_computesBitIdentically() {
        SplittableRandom rng = new SplittableRandom(31);
        MixedMemoryLstm original = MixedMemoryLstm.initialize(4, 7, 5);
        ParameterSet.Builder b = ParameterSet.builder().put("other", Tensor.vector(new double[1]));
        original.putParameters(b);
        ParameterSet p = b.build();
        MixedMemoryLstm copy = MixedMemoryLstm.fromParameters(4, 7, p);
        assertThat(p.names()).containsExactly("other", "lstm.input_map.weight",
                "lstm.input_map.bias", "lstm.recurrent_map.weight");
        double[] a = randomVector(rng, 14, 1.0);
        double[] c = a.clone();
        double[] x = randomVector(rng, 4, 1.0);
        original.step(x, a, 0, 7, new double[28]);
        copy.step(x, c, 0, 7, new double[28]);
        assertThat(c).isEqualTo(a);
        assertThat(copy.parameterCount()).isEqualTo(original.parameterCount());
    }

    @Test
    void initialize_sameSeed_drawsNcpsDistributions() {
        int s = 3;
        int n = 6;
        MixedMemoryLstm lstm = MixedMemoryLstm.initialize(s, n, 17);
        ParameterSet.Builder b = ParameterSet.builder();
        lstm.putParameters(b);
        ParameterSet p = b.build();
        ParameterSet.Builder again = ParameterSet.builder();
        MixedMemoryLstm.initialize(s, n, 17).putParameters(again);
        assertThat(again.build()).isEqualTo(p);

        double xavier = Math.sqrt(6.0 / (s + 4 * n)); // fan_in S, fan_out 4N
        assertThat(maxAbs(p.get(MixedMemoryLstm.INPUT_WEIGHT))).isLessThanOrEqualTo(xavier);
        assertThat(maxAbs(p.get(MixedMemoryLstm.INPUT_BIAS))).isLessThanOrEqualTo(0.1);
        // orthogonal_ on a [4N, N] matrix: the N columns are orthonormal, W^T W = I.
        double[][] r = p.get(MixedMemoryLstm.RECURRENT_WEIGHT).toMatrix();
        for (int a = 0; a < n; a++) {
            for (int c = 0; c < n; c++) {
                double dot = 0.0;
                for (double[] row : r) {
                    dot += row[a] * row[c];
                }
                assertThat(dot).isCloseTo(a == c ? 1.0 : 0.0, within(1e-12));
            }
        }
        // 4N (S + 1 + N): input weight, input bias, recurrent weight (no recurrent bias).
        assertThat(lstm.parameterCount()).isEqualTo(4 * 6 * (3 + 1 + 6));
        assertThat(lstm.scratchSize()).isEqualTo(4 * n);
    }

    @Test
    void initialize_nonPositiveSize_throwsIllegalArgument() {
        assertThatThrownBy(() -> MixedMemoryLstm.initialize(0, 4, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inputSize must be at least 1: 0");
        assertThatThrownBy(() -> MixedMemoryLstm.initialize(2, 0, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("units must be at least 1: 0");
    }

    @Test
    void step_afterWarmup_allocatesNothing() {
        MixedMemoryLstm lstm = MixedMemoryLstm.initialize(3, 16, 4);
        double[] state = new double[32];
        double[] scratch = new double[lstm.scratchSize()];
        double[] x = {0.1, -0.4, 0.9};
        Runnable step = () -> lstm.step(x, state, 0, 16, scratch);
        // Under one byte per step on average: any object allocated per step is >= 16 bytes, while
        // one-off allocations of the JIT's transitions stay below a few kB.
        assertThat(Allocations.bytesAllocated(step, 5_000, 20_000)).isLessThan(20_000);
    }
}
