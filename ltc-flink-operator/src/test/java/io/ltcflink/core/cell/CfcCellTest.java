package io.ltcflink.core.cell;

import static io.ltcflink.core.cell.CellTestSupport.maxAbs;
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
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests for {@link CfcCell}. */
final class CfcCellTest {

    /** The golden files' recommended tolerance: torch sums in another order (SPEC §5.9). */
    private static final double GOLDEN_TOLERANCE = 1e-12;

    /** The golden model: CfC(3, 8, proj_size=1, lecun_tanh, backbone 128 x 1), see meta.call. */
    private static CfcConfig goldenConfig(CfcMode mode) {
        return new CfcConfig(3, 8, mode, Activation.LECUN_TANH, 128, 1, 1, false);
    }

    private static ParameterSet goldenParameters(CfcMode mode) {
        JsonNode golden = GoldenFiles.load("cfc_small.json");
        JsonNode node =
                mode == CfcMode.DEFAULT ? golden : golden.get("extra_modes").get(mode.fileName());
        return GoldenFiles.parameters(node.get("params"), "rnn_cell.");
    }

    private static CfcConfig randomConfig(SplittableRandom rng) {
        CfcMode[] modes = CfcMode.values();
        Activation[] activations = Activation.values();
        return new CfcConfig(
                1 + rng.nextInt(5),
                1 + rng.nextInt(10),
                modes[rng.nextInt(modes.length)],
                activations[rng.nextInt(activations.length)],
                1 + rng.nextInt(16),
                rng.nextInt(4),
                rng.nextBoolean() ? 0 : 1 + rng.nextInt(3),
                rng.nextBoolean());
    }

    // ---------------------------------------------------------------- golden conformance

    private static void assertMatchesGolden(CfcMode mode) {
        JsonNode golden = GoldenFiles.load("cfc_small.json");
        JsonNode expected =
                mode == CfcMode.DEFAULT ? golden : golden.get("extra_modes").get(mode.fileName());
        CfcCell cell = CfcCell.fromParameters(goldenConfig(mode), goldenParameters(mode));
        double[][] inputs = GoldenFiles.matrix(golden.get("inputs"));
        double[] timespans = GoldenFiles.vector(golden.get("timespans"));
        double[][] hidden = GoldenFiles.matrix(expected.get("hidden_states"));
        double[][] outputs = GoldenFiles.matrix(expected.get("outputs"));
        assertThat(inputs).hasNumberOfRows(40);

        RecurrentCell.Stepper stepper = cell.newStepper();
        double[] state = new double[cell.stateSize()];
        cell.initialState(state);
        double[] out = new double[1];
        for (int t = 0; t < inputs.length; t++) {
            stepper.step(state, inputs[t], timespans[t], out);
            for (int u = 0; u < 8; u++) {
                assertThat(state[u]).as("%s: h[%s] at t=%s", mode, u, t)
                        .isCloseTo(hidden[t][u], within(GOLDEN_TOLERANCE));
            }
            assertThat(out[0]).as("%s: output at t=%s", mode, t)
                    .isCloseTo(outputs[t][0], within(GOLDEN_TOLERANCE));
        }
    }

    @Test
    void step_goldenDefaultMode_matchesNcpsEveryStep() {
        assertMatchesGolden(CfcMode.DEFAULT);
    }

    @Test
    void step_goldenNoGateMode_matchesNcpsEveryStep() {
        assertMatchesGolden(CfcMode.NO_GATE);
    }

    @Test
    void step_goldenPureMode_matchesNcpsEveryStep() {
        assertMatchesGolden(CfcMode.PURE);
    }

    // ---------------------------------------------------------------- direct evaluation

    private static double[] linear(ParameterSet p, String prefix, double[] x) {
        double[][] w = p.get(prefix + ".weight").toMatrix();
        double[] b = p.get(prefix + ".bias").toArray();
        double[] y = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            double s = 0.0;
            for (int k = 0; k < x.length; k++) {
                s += w[j][k] * x[k];
            }
            y[j] = s + b[j];
        }
        return y;
    }

    private static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /**
     * ncps {@code CfC.forward} for one step, written out from the parameter set: LSTM first with
     * mixed memory, then concat, backbone, heads and projection. Returns {state, output}.
     */
    private static double[][] reference(
            CfcConfig cfg, ParameterSet p, double[] state, double[] x, double dt) {
        int hs = cfg.hiddenSize();
        double[] h = Arrays.copyOfRange(state, 0, hs);
        double[] c = cfg.mixedMemory() ? Arrays.copyOfRange(state, hs, 2 * hs) : null;
        if (cfg.mixedMemory()) {
            double[][] hc = MixedMemoryLstmTest.reference(p, x, h, c);
            h = hc[0];
            c = hc[1];
        }
        double[] z = new double[x.length + hs];
        System.arraycopy(x, 0, z, 0, x.length);
        System.arraycopy(h, 0, z, x.length, hs);
        for (int l = 0; l < cfg.backboneLayers(); l++) {
            z = linear(p, "backbone." + 2 * l, z);
            for (int i = 0; i < z.length; i++) {
                z[i] = cfg.backboneActivation().apply(z[i]);
            }
        }
        double[] ff1 = linear(p, "ff1", z);
        double[] next = new double[hs];
        if (cfg.mode() == CfcMode.PURE) {
            double[] wTau = p.get("w_tau").toArray();
            double[] a = p.get("A").toArray();
            for (int i = 0; i < hs; i++) {
                double decay = Math.exp(-dt * (Math.abs(wTau[i]) + Math.abs(ff1[i])));
                next[i] = -a[i] * decay * ff1[i] + a[i];
            }
        } else {
            double[] ff2 = linear(p, "ff2", z);
            double[] ta = linear(p, "time_a", z);
            double[] tb = linear(p, "time_b", z);
            for (int i = 0; i < hs; i++) {
                double g = sigmoid(ta[i] * dt + tb[i]);
                double t1 = Math.tanh(ff1[i]);
                double t2 = Math.tanh(ff2[i]);
                next[i] = cfg.mode() == CfcMode.DEFAULT ? t1 * (1.0 - g) + g * t2 : t1 + g * t2;
            }
        }
        double[] out = cfg.projectionSize() > 0 ? linear(p, "fc", next) : next.clone();
        double[] newState = new double[cfg.stateSize()];
        System.arraycopy(next, 0, newState, 0, hs);
        if (cfg.mixedMemory()) {
            System.arraycopy(c, 0, newState, hs, hs);
        }
        return new double[][] {newState, out};
    }

    private static void assertMatchesReference(CfcConfig cfg, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        CfcCell cell = CfcCell.initialize(cfg, rng.nextLong());
        ParameterSet p = cell.parameters();
        RecurrentCell.Stepper stepper = cell.newStepper();
        double[] state = randomVector(rng, cell.stateSize(), 1.0);
        double[] out = new double[cell.outputSize()];
        for (int t = 0; t < 6; t++) {
            double[] x = randomVector(rng, cfg.inputSize(), 2.0);
            double dt = t == 3 ? 0.0 : rng.nextDouble(0.0, 5.0);
            double[][] expected = reference(cfg, p, state, x, dt);
            stepper.step(state, x, dt, out);
            for (int i = 0; i < state.length; i++) {
                assertThat(state[i]).as("%s: state[%s] at t=%s", cfg, i, t)
                        .isCloseTo(expected[0][i], within(1e-14));
            }
            for (int i = 0; i < out.length; i++) {
                assertThat(out[i]).as("%s: output[%s] at t=%s", cfg, i, t)
                        .isCloseTo(expected[1][i], within(1e-14));
            }
        }
    }

    @Test
    void step_mixedMemoryEveryMode_matchesDirectEvaluation() {
        SplittableRandom rng = new SplittableRandom(404);
        for (CfcMode mode : CfcMode.values()) {
            for (int layers = 0; layers <= 2; layers++) {
                CfcConfig cfg =
                        new CfcConfig(3, 1 + rng.nextInt(9), mode, Activation.LECUN_TANH, 12,
                                layers, layers, true);
                assertMatchesReference(cfg, rng.nextLong());
            }
        }
    }

    @Test
    void step_randomConfigs_matchDirectEvaluation() {
        SplittableRandom rng = new SplittableRandom(505);
        for (int trial = 0; trial < 60; trial++) {
            assertMatchesReference(randomConfig(rng), rng.nextLong());
        }
    }

    // ---------------------------------------------------------------- timespans

    @Test
    void step_invalidTimespan_throwsWithValueAndKeepsState() {
        CfcConfig cfg = new CfcConfig(2, 4, CfcMode.DEFAULT, Activation.TANH, 8, 1, 0, true);
        CfcCell cell = CfcCell.initialize(cfg, 3);
        RecurrentCell.Stepper stepper = cell.newStepper();
        double[] state = randomVector(new SplittableRandom(1), 8, 1.0);
        double[] before = state.clone();
        String[][] cases = {{"-0.5", "-0.5"}, {"NaN", "NaN"}, {"Infinity", "Infinity"},
            {"-Infinity", "-Infinity"}, {"-4.9E-324", "-4.9E-324"}};
        for (String[] c : cases) {
            double dt = Double.parseDouble(c[0]);
            assertThatThrownBy(() -> stepper.step(state, new double[2], dt, new double[4]))
                    .as("dt=%s", c[0])
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("dt must be finite and non-negative: " + c[1]);
        }
        // Rejected before the memory cell or the CfC update touched anything.
        assertThat(state).isEqualTo(before);
    }

    @Test
    void step_zeroTimespan_computesNormally() {
        // Unlike the LTC solver (c = cm / 0), CfC only multiplies by dt: dt = 0 gives
        // g = sigmoid(time_b) in default mode and h' = -A f + A in pure mode.
        for (CfcMode mode : CfcMode.values()) {
            CfcCell cell = CfcCell.fromParameters(goldenConfig(mode), goldenParameters(mode));
            double[] state = new double[8];
            double[] out = new double[1];
            cell.newStepper().step(state, new double[] {0.3, -0.2, 1.0}, 0.0, out);
            assertThat(state).as("%s", mode).doesNotContain(Double.NaN);
            assertThat(Double.isFinite(out[0])).isTrue();
        }
    }

    @Test
    void usesTime_always_isTrue() {
        assertThat(CfcCell.initialize(CfcConfig.ncpsDefaults(2, 3), 1).usesTime()).isTrue();
    }

    // ---------------------------------------------------------------- parameters

    @Test
    void fromParameters_wrongShape_namesParameterAndBothShapes() {
        ParameterSet p = with(goldenParameters(CfcMode.DEFAULT), "time_a.weight",
                Tensor.matrix(8, 127, new double[8 * 127]));
        assertThatThrownBy(() -> CfcCell.fromParameters(goldenConfig(CfcMode.DEFAULT), p))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("time_a.weight")
                .hasMessageContaining("[8, 128]")
                .hasMessageContaining("[8, 127]");
    }

    @Test
    void fromParameters_pureVectorStoredWithoutLeadingOne_isRejectedWithShapes() {
        ParameterSet p =
                with(goldenParameters(CfcMode.PURE), "w_tau", Tensor.vector(new double[8]));
        assertThatThrownBy(() -> CfcCell.fromParameters(goldenConfig(CfcMode.PURE), p))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("'w_tau'")
                .hasMessageContaining("[1, 8]")
                .hasMessageContaining("found [8]");
    }

    @Test
    void fromParameters_missingParameter_namesIt() {
        ParameterSet p = without(goldenParameters(CfcMode.DEFAULT), "time_b.bias");
        assertThatThrownBy(() -> CfcCell.fromParameters(goldenConfig(CfcMode.DEFAULT), p))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("missing parameter 'time_b.bias'");
    }

    @Test
    void fromParameters_mixedMemoryWithoutLstm_namesMissingLstmTensor() {
        CfcConfig cfg = new CfcConfig(3, 8, CfcMode.DEFAULT, Activation.LECUN_TANH, 128, 1, 1,
                true);
        assertThatThrownBy(() -> CfcCell.fromParameters(cfg, goldenParameters(CfcMode.DEFAULT)))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("missing parameter 'lstm.input_map.weight'");
    }

    @Test
    void fromParameters_projectionInFileButNotInConfig_isRejected() {
        CfcConfig noProjection =
                new CfcConfig(3, 8, CfcMode.DEFAULT, Activation.LECUN_TANH, 128, 1, 0, false);
        assertThatThrownBy(
                        () -> CfcCell.fromParameters(
                                noProjection, goldenParameters(CfcMode.DEFAULT)))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("unexpected parameters [fc.weight, fc.bias]");
    }

    @Test
    void fromParameters_modeDisagreesWithFile_isRejected() {
        // A pure-mode file read as default mode lacks ff2 and carries w_tau and A.
        assertThatThrownBy(
                        () -> CfcCell.fromParameters(
                                goldenConfig(CfcMode.DEFAULT), goldenParameters(CfcMode.PURE)))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("missing parameter 'ff2.weight'");
    }

    @Test
    void fromParameters_backboneLayerCountDiffers_reportsIndices() {
        CfcConfig twoLayers =
                new CfcConfig(3, 8, CfcMode.DEFAULT, Activation.LECUN_TANH, 128, 2, 1, false);
        assertThatThrownBy(
                        () -> CfcCell.fromParameters(twoLayers, goldenParameters(CfcMode.DEFAULT)))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("expected 2 backbone layers")
                .hasMessageContaining("found 1: indices [0]");
    }

    @Test
    void fromParameters_dropoutStyleIndices_areReadInOrderAndWrittenBackAsEven() {
        // With backbone_dropout > 0, nn.Sequential numbers the Linear layers 0, 2, 5, 8, ...
        CfcConfig cfg = new CfcConfig(2, 3, CfcMode.DEFAULT, Activation.RELU, 5, 3, 0, false);
        CfcCell cell = CfcCell.initialize(cfg, 9);
        ParameterSet even = cell.parameters();
        ParameterSet.Builder b = ParameterSet.builder();
        for (Map.Entry<String, Tensor> e : even.asMap().entrySet()) {
            String name = e.getKey().replace("backbone.2.", "backbone.5.")
                    .replace("backbone.4.", "backbone.10.");
            b.put(name, e.getValue());
        }
        ParameterSet dropoutNames = b.build();
        assertThat(dropoutNames.names()).contains("backbone.5.weight", "backbone.10.bias");

        CfcCell read = CfcCell.fromParameters(cfg, dropoutNames);

        assertThat(read.parameters()).isEqualTo(even);
        assertThat(read.parameters().names()).contains("backbone.2.weight", "backbone.4.bias");
    }

    @Test
    void fromParameters_zeroLayersWithNcpsUnusedBackbone_keepsItButDoesNotApplyIt() {
        // ncps builds backbone.0 even for backbone_layers=0 and never calls it.
        CfcConfig cfg = new CfcConfig(2, 4, CfcMode.NO_GATE, Activation.SILU, 6, 0, 0, false);
        CfcCell plain = CfcCell.initialize(cfg, 21);
        SplittableRandom rng = new SplittableRandom(4);
        ParameterSet withUnused = ParameterSet.builder()
                .matrix("backbone.0.weight", 6, 6, randomVector(rng, 36, 1.0))
                .vector("backbone.0.bias", randomVector(rng, 6, 1.0))
                .build();
        ParameterSet.Builder b = ParameterSet.builder();
        withUnused.asMap().forEach(b::put);
        plain.parameters().asMap().forEach(b::put);
        CfcCell imported = CfcCell.fromParameters(cfg, b.build());

        double[] s1 = randomVector(rng, 4, 1.0);
        double[] s2 = s1.clone();
        double[] x = randomVector(rng, 2, 1.0);
        plain.newStepper().step(s1, x, 0.7, new double[4]);
        imported.newStepper().step(s2, x, 0.7, new double[4]);
        assertThat(s2).isEqualTo(s1);
        assertThat(imported.parameters().names()).contains("backbone.0.weight");
        assertThat(imported.parameterCount()).isEqualTo(plain.parameterCount() + 42);
        assertThat(plain.parameters().names()).noneMatch(n -> n.startsWith("backbone."));
    }

    @Test
    void fromParameters_zeroLayersUnusedBackboneOfWrongWidth_isRejected() {
        CfcConfig cfg = new CfcConfig(2, 4, CfcMode.NO_GATE, Activation.SILU, 6, 0, 0, false);
        ParameterSet.Builder b = ParameterSet.builder();
        CfcCell.initialize(cfg, 1).parameters().asMap().forEach(b::put);
        b.matrix("backbone.0.weight", 6, 5, new double[30]);
        b.vector("backbone.0.bias", new double[6]);
        assertThatThrownBy(() -> CfcCell.fromParameters(cfg, b.build()))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("backbone.0.weight")
                .hasMessageContaining("[6, 6]");
    }

    @Test
    void parameters_goldenDefault_areTheFileTensors() {
        ParameterSet p = goldenParameters(CfcMode.DEFAULT);
        CfcCell cell = CfcCell.fromParameters(goldenConfig(CfcMode.DEFAULT), p);
        assertThat(cell.parameters()).isEqualTo(p);
        // 128*11+128 backbone, 4 heads of 8*128+8, projection 8+1
        assertThat(cell.parameterCount()).isEqualTo(128 * 12 + 4 * (8 * 129) + 9);
    }

    // ---------------------------------------------------------------- properties

    @Test
    void parameters_roundTripRandomConfigs_computesBitIdentically() {
        SplittableRandom rng = new SplittableRandom(606);
        for (int trial = 0; trial < 40; trial++) {
            CfcConfig cfg = randomConfig(rng);
            CfcCell original = CfcCell.initialize(cfg, rng.nextLong());
            CfcCell copy = CfcCell.fromParameters(cfg, original.parameters());
            assertThat(copy.parameters()).isEqualTo(original.parameters());
            assertThat(copy.parameterCount()).isEqualTo(original.parameterCount());
            double[] a = randomVector(rng, cfg.stateSize(), 1.0);
            double[] b = a.clone();
            double[] outA = new double[cfg.outputSize()];
            double[] outB = new double[cfg.outputSize()];
            RecurrentCell.Stepper sa = original.newStepper();
            RecurrentCell.Stepper sb = copy.newStepper();
            for (int t = 0; t < 4; t++) {
                double[] x = randomVector(rng, cfg.inputSize(), 2.0);
                double dt = rng.nextDouble(0.0, 3.0);
                sa.step(a, x, dt, outA);
                sb.step(b, x, dt, outB);
                assertThat(b).as("%s", cfg).isEqualTo(a);
                assertThat(outB).as("%s", cfg).isEqualTo(outA);
            }
        }
    }

    @Test
    void step_sameStateTwice_givesIdenticalResults() {
        SplittableRandom rng = new SplittableRandom(707);
        for (int trial = 0; trial < 30; trial++) {
            CfcConfig cfg = randomConfig(rng);
            CfcCell cell = CfcCell.initialize(cfg, rng.nextLong());
            RecurrentCell.Stepper stepper = cell.newStepper();
            double[] start = randomVector(rng, cfg.stateSize(), 1.0);
            double[] x = randomVector(rng, cfg.inputSize(), 2.0);
            double dt = rng.nextDouble(0.0, 3.0);
            double[] first = start.clone();
            double[] second = start.clone();
            double[] out1 = new double[cfg.outputSize()];
            double[] out2 = new double[cfg.outputSize()];
            stepper.step(first, x, dt, out1);
            stepper.step(second, x, dt, out2);
            assertThat(second).as("%s", cfg).isEqualTo(first);
            assertThat(out2).as("%s", cfg).isEqualTo(out1);
            double[] readout = new double[cfg.outputSize()];
            stepper.readout(first, readout);
            assertThat(readout).as("%s", cfg).isEqualTo(out1);
        }
    }

    @Test
    void layout_randomConfigs_followConfig() {
        SplittableRandom rng = new SplittableRandom(808);
        for (int trial = 0; trial < 30; trial++) {
            CfcConfig cfg = randomConfig(rng);
            CfcCell cell = CfcCell.initialize(cfg, rng.nextLong());
            int h = cfg.hiddenSize();
            assertThat(cell.kind()).isEqualTo(CellKind.CFC);
            assertThat(cell.config()).isEqualTo(cfg);
            assertThat(cell.inputSize()).isEqualTo(cfg.inputSize());
            assertThat(cell.stateSize()).isEqualTo(cfg.mixedMemory() ? 2 * h : h);
            assertThat(cell.outputSize())
                    .isEqualTo(cfg.projectionSize() > 0 ? cfg.projectionSize() : h);
            ParameterSet p = cell.parameters();
            assertThat(cell.parameterCount()).isEqualTo(p.scalarCount(Set.of()));
            long backbone = p.names().stream().filter(n -> n.startsWith("backbone.")).count();
            assertThat(backbone).isEqualTo(2L * cfg.backboneLayers());
            assertThat(p.contains("w_tau")).isEqualTo(cfg.mode() == CfcMode.PURE);
            assertThat(p.contains("time_a.weight")).isEqualTo(cfg.mode() != CfcMode.PURE);
            assertThat(p.contains("fc.weight")).isEqualTo(cfg.projectionSize() > 0);
            assertThat(p.contains("lstm.input_map.weight")).isEqualTo(cfg.mixedMemory());
            double[] state = randomVector(rng, cfg.stateSize(), 1.0);
            cell.initialState(state);
            assertThat(state).containsOnly(0.0);
        }
    }

    @Test
    void step_mixedMemory_carriesCellStateInSecondHalf() {
        CfcConfig cfg = new CfcConfig(2, 3, CfcMode.DEFAULT, Activation.TANH, 4, 1, 0, true);
        CfcCell cell = CfcCell.initialize(cfg, 12);
        double[] state = new double[6];
        double[] out = new double[3];
        cell.newStepper().step(state, new double[] {1.0, -1.0}, 1.0, out);
        // From a zero state c' = tanh(i) sigmoid(ig) is non-zero; the output is h' itself.
        assertThat(Arrays.copyOfRange(state, 3, 6)).doesNotContain(0.0);
        assertThat(out).isEqualTo(Arrays.copyOfRange(state, 0, 3));
    }

    @Test
    void step_wrongLengths_namesTheArray() {
        CfcCell cell = CfcCell.initialize(
                new CfcConfig(2, 3, CfcMode.PURE, Activation.GELU, 4, 1, 2, true), 1);
        RecurrentCell.Stepper stepper = cell.newStepper();
        assertThatThrownBy(() -> stepper.step(new double[3], new double[2], 1.0, new double[2]))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state: expected length 6 but found 3");
        assertThatThrownBy(() -> stepper.step(new double[6], new double[3], 1.0, new double[2]))
                .hasMessageContaining("input: expected length 2 but found 3");
        assertThatThrownBy(() -> stepper.step(new double[6], new double[2], 1.0, new double[3]))
                .hasMessageContaining("output: expected length 2 but found 3");
    }

    @Test
    void initialize_sameSeed_isReproducibleWithNcpsBounds() {
        CfcConfig cfg = new CfcConfig(3, 5, CfcMode.PURE, Activation.LECUN_TANH, 16, 2, 2, false);
        CfcCell a = CfcCell.initialize(cfg, 77);
        assertThat(CfcCell.initialize(cfg, 77).parameters()).isEqualTo(a.parameters());
        assertThat(CfcCell.initialize(cfg, 78).parameters()).isNotEqualTo(a.parameters());
        ParameterSet p = a.parameters();
        // xavier_uniform on [1, H]: fan_in H, fan_out 1 (ncps overwrites the 0 / 1 start).
        assertThat(maxAbs(p.get("w_tau"))).isLessThanOrEqualTo(Math.sqrt(6.0 / (5 + 1)));
        assertThat(maxAbs(p.get("A"))).isLessThanOrEqualTo(Math.sqrt(6.0 / (5 + 1)));
        assertThat(maxAbs(p.get("backbone.0.weight")))
                .isLessThanOrEqualTo(Math.sqrt(6.0 / (16 + 8)));
        assertThat(maxAbs(p.get("backbone.0.bias"))).isLessThanOrEqualTo(1.0 / Math.sqrt(8));
        assertThat(maxAbs(p.get("ff1.weight"))).isLessThanOrEqualTo(Math.sqrt(6.0 / (5 + 16)));
        assertThat(maxAbs(p.get("ff1.bias"))).isLessThanOrEqualTo(1.0 / Math.sqrt(16));
        assertThat(maxAbs(p.get("fc.weight"))).isLessThanOrEqualTo(1.0 / Math.sqrt(5));
    }

    @Test
    void step_afterWarmup_allocatesNothing() {
        for (CfcMode mode : CfcMode.values()) {
            for (Activation act : Activation.values()) {
                CfcConfig cfg = new CfcConfig(3, 8, mode, act, 16, 2, 1, true);
                CfcCell cell = CfcCell.initialize(cfg, 5);
                RecurrentCell.Stepper stepper = cell.newStepper();
                double[] state = new double[cell.stateSize()];
                double[] x = {0.1, -0.4, 0.9};
                double[] out = new double[1];
                Runnable step = () -> stepper.step(state, x, 0.5, out);
                // Under one byte per step on average: any object allocated per step is >= 16
                // bytes, while one-off allocations of the JIT's transitions stay below a few kB.
                assertThat(Allocations.bytesAllocated(step, 2_000, 10_000))
                        .as("%s", cfg)
                        .isLessThan(10_000);
            }
        }
    }
}
