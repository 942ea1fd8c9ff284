package io.ltcflink.core.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ltcflink.core.model.ModelFormatException;
import io.ltcflink.core.model.ParameterSet;
import io.ltcflink.core.model.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for {@link LtcCell}. */
final class LtcCellTest {

    private static LtcCell smallCell(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        LtcConfig c = new LtcConfig(3, 6, 2, Positivity.SOFTPLUS, Mapping.AFFINE, Mapping.AFFINE,
                6, 1e-8, false);
        return RandomLtc.cell(rnd, c, 0.7);
    }

    private static double[] randomVector(SplittableRandom rnd, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * (2 * rnd.nextDouble() - 1);
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void step_randomConfigurations_matchesDenseTranscriptionOfNcps(long seed) {
        // Random sizes, densities, positivity modes, mappings and unfolds: the compressed-row
        // implementation must agree with the literal dense formula to rounding.
        SplittableRandom rnd = new SplittableRandom(seed);
        LtcConfig config = RandomLtc.config(rnd, false);
        LtcCell cell = RandomLtc.cell(rnd, config, 0.2 + 0.8 * rnd.nextDouble());
        RecurrentCell.Stepper stepper = cell.newStepper();
        double[] state = new double[cell.stateSize()];
        double[] ref = new double[cell.stateSize()];
        double[] out = new double[cell.outputSize()];
        double[] refOut = new double[cell.outputSize()];
        for (int t = 0; t < 30; t++) {
            double[] x = randomVector(rnd, config.inputSize(), 2.0);
            double dt = t % 7 == 3 ? 25.0 : 0.05 + 2 * rnd.nextDouble();
            stepper.step(state, x, dt, out);
            ref = RandomLtc.referenceStep(cell, ref, x, dt, refOut);
            for (int i = 0; i < ref.length; i++) {
                assertThat(state[i]).as("seed %s t %s state %s", seed, t, i).isCloseTo(ref[i], within(1e-12));
            }
            for (int m = 0; m < out.length; m++) {
                assertThat(out[m]).isCloseTo(refOut[m], within(1e-12));
            }
        }
    }

    @Test
    void step_zeroDt_leavesStateUnchangedAndReadsOut() {
        LtcCell cell = smallCell(1);
        RecurrentCell.Stepper s = cell.newStepper();
        double[] state = new double[cell.stateSize()];
        double[] out = new double[2];
        s.step(state, new double[] {0.3, -0.2, 1.0}, 0.7, out);
        double[] before = state.clone();
        double[] expected = new double[2];
        s.readout(before, expected);
        s.step(state, new double[] {5.0, 5.0, 5.0}, 0.0, out);
        assertThat(state).containsExactly(before);
        assertThat(out).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e-9, -3.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY})
    void step_invalidDt_isRejectedNamingTheValue(double dt) {
        LtcCell cell = smallCell(2);
        double[] state = new double[cell.stateSize()];
        assertThatThrownBy(() -> cell.newStepper().step(state, new double[3], dt, new double[2]))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dt must be finite and non-negative")
                .hasMessageContaining(String.valueOf(dt));
        assertThat(state).containsOnly(0.0);
    }

    @Test
    void step_nanInput_isRejectedNamingTheIndex() {
        LtcCell cell = smallCell(3);
        double[] state = new double[cell.stateSize()];
        assertThatThrownBy(
                        () -> cell.newStepper()
                                .step(state, new double[] {0, Double.NaN, 0}, 1.0, new double[2]))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input[1] must be finite: NaN");
        assertThat(state).containsOnly(0.0);
    }

    @Test
    void step_wrongInputWidth_isRejected() {
        LtcCell cell = smallCell(3);
        assertThatThrownBy(
                        () -> cell.newStepper()
                                .step(new double[6], new double[2], 1.0, new double[2]))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input: expected length 3 but found 2");
    }

    @Test
    void step_anyTimespan_keepsStateWithinReversalPotentialsAndLeak() {
        // SPEC §1.4: each sub-step is a convex combination of v, vleak and the erev values.
        SplittableRandom rnd = new SplittableRandom(99);
        for (int trial = 0; trial < 20; trial++) {
            LtcConfig config = RandomLtc.config(rnd, false);
            LtcCell cell = RandomLtc.cell(rnd, config, 0.6);
            double lo = 0;
            double hi = 0;
            for (String name : new String[] {"vleak", "erev", "sensory_erev"}) {
                for (double v : cell.parameters().get(name).toArray()) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            RecurrentCell.Stepper s = cell.newStepper();
            double[] state = new double[cell.stateSize()];
            double[] out = new double[cell.outputSize()];
            for (int t = 0; t < 50; t++) {
                double dt = Math.pow(10, rnd.nextDouble() * 10 - 5);
                s.step(state, randomVector(rnd, config.inputSize(), 50.0), dt, out);
                for (double v : state) {
                    assertThat(v).isBetween(lo - 1e-9, hi + 1e-9);
                }
            }
        }
    }

    /** The LTC ODE's state after integrating to time T with a solver and n sub-steps. */
    private static double[] integrate(LtcCell cell, LtcSolver solver, int subSteps, double total,
            double[] x) {
        LtcConfig c = cell.config();
        LtcConfig k = new LtcConfig(c.inputSize(), c.units(), c.outputSize(), c.positivity(),
                c.inputMapping(), c.outputMapping(), subSteps, 0.0, false);
        LtcCell one = LtcCell.fromParameters(k, cell.parameters()).withSolver(SolverSettings.of(solver));
        double[] state = new double[c.units()];
        for (int i = 0; i < state.length; i++) {
            state[i] = 0.5 * Math.sin(i + 1.0);
        }
        one.newStepper().step(state, x, total, new double[c.outputSize()]);
        return state;
    }

    private static double maxDiff(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    private static double observedOrder(LtcSolver solver, int steps) {
        LtcCell cell = smallCell(11);
        double[] x = {0.4, -0.8, 1.3};
        double total = 2.0;
        double[] reference = integrate(cell, LtcSolver.RK4, 4096, total, x);
        double e1 = maxDiff(integrate(cell, solver, steps, total, x), reference);
        double e2 = maxDiff(integrate(cell, solver, 2 * steps, total, x), reference);
        return Math.log(e1 / e2) / Math.log(2);
    }

    @Test
    void solvers_onTheLtcOde_convergeWithTheirOrders() {
        // Against a very fine RK4 reference: halving the sub-step halves the error of the fused
        // and Euler steps and divides RK4's by 16.
        assertThat(observedOrder(LtcSolver.FUSED, 256)).isBetween(0.9, 1.1);
        assertThat(observedOrder(LtcSolver.EULER, 256)).isBetween(0.9, 1.1);
        assertThat(observedOrder(LtcSolver.RK4, 16)).isBetween(3.7, 4.3);
    }

    @Test
    void subStepping_longGap_usesMoreStepsAndApproachesTheFineSolution() {
        LtcCell cell = smallCell(12);
        double[] x = {1.0, 0.5, -0.5};
        double gap = 40.0;
        double[] fine = integrate(cell, LtcSolver.RK4, 20000, gap, x);
        LtcCell ncps = cell;
        LtcCell sub = cell.withSolver(SolverSettings.subStepping(LtcSolver.FUSED, 0.05, 10_000));
        double[] a = new double[cell.config().units()];
        double[] b = new double[cell.config().units()];
        for (int i = 0; i < a.length; i++) {
            a[i] = b[i] = 0.5 * Math.sin(i + 1.0);
        }
        ncps.newStepper().step(a, x, gap, new double[2]);
        sub.newStepper().step(b, x, gap, new double[2]);
        assertThat(maxDiff(b, fine)).isLessThan(maxDiff(a, fine));
        assertThat(maxDiff(b, fine)).isLessThan(1e-2);
    }

    @Test
    void subSteps_policy_isMaxOfUnfoldsAndCeilUpToTheCap() {
        SolverSettings s = SolverSettings.subStepping(LtcSolver.FUSED, 0.5, 20);
        assertThat(s.subSteps(0.1, 6)).isEqualTo(6);
        assertThat(s.subSteps(3.2, 6)).isEqualTo(7);
        assertThat(s.subSteps(9.9, 6)).isEqualTo(20);
        assertThat(s.subSteps(1e12, 6)).isEqualTo(20);
        assertThat(SolverSettings.NCPS.subSteps(1e12, 6)).isEqualTo(6);
    }

    @Test
    void fromParameters_wrongShape_namesTheParameterAndBothShapes() {
        LtcCell cell = smallCell(5);
        ParameterSet.Builder b = ParameterSet.builder();
        cell.parameters().asMap().forEach(b::put);
        b.put("sigma", Tensor.matrix(6, 5, new double[30]));
        assertThatThrownBy(() -> LtcCell.fromParameters(cell.config(), b.build()))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("parameter 'sigma': expected shape [6, 6] but found [6, 5]");
    }

    @Test
    void fromParameters_missingParameter_namesIt() {
        LtcCell cell = smallCell(5);
        ParameterSet.Builder b = ParameterSet.builder();
        cell.parameters().asMap().forEach((k, v) -> {
            if (!k.equals("cm")) {
                b.put(k, v);
            }
        });
        assertThatThrownBy(() -> LtcCell.fromParameters(cell.config(), b.build()))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("missing parameter 'cm'");
    }

    @Test
    void fromParameters_maskNotBinary_isRejected() {
        LtcCell cell = smallCell(5);
        ParameterSet.Builder b = ParameterSet.builder();
        cell.parameters().asMap().forEach(b::put);
        double[] mask = cell.parameters().get("sparsity_mask").toArray();
        mask[7] = 0.5;
        b.put("sparsity_mask", Tensor.matrix(6, 6, mask));
        assertThatThrownBy(() -> LtcCell.fromParameters(cell.config(), b.build()))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("'sparsity_mask'[1][1] must be 0 or 1 but found 0.5");
    }

    @Test
    void parameterCount_sparseWiring_countsOnlyExistingSynapses() {
        LtcCell cell = smallCell(6);
        long expected = 3L * 6 + 4L * cell.synapseCount() + 4L * cell.sensorySynapseCount()
                + 2 * 3 + 2 * 2;
        assertThat(cell.parameterCount()).isEqualTo(expected);
        assertThat(cell.synapseCount()).isLessThan(36);
    }

    @Test
    void parameters_roundTrip_computesBitIdentically() {
        SplittableRandom rnd = new SplittableRandom(8);
        for (int trial = 0; trial < 5; trial++) {
            LtcConfig config = RandomLtc.config(rnd, false);
            LtcCell a = RandomLtc.cell(rnd, config, 0.5);
            LtcCell b = LtcCell.fromParameters(config, a.parameters());
            double[] sa = new double[a.stateSize()];
            double[] sb = new double[b.stateSize()];
            double[] oa = new double[a.outputSize()];
            double[] ob = new double[b.outputSize()];
            for (int t = 0; t < 10; t++) {
                double[] x = randomVector(rnd, config.inputSize(), 1.0);
                a.newStepper().step(sa, x, 0.3, oa);
                b.newStepper().step(sb, x, 0.3, ob);
            }
            assertThat(sb).containsExactly(sa);
            assertThat(ob).containsExactly(oa);
        }
    }

    @Test
    void softplus_atThreshold_matchesTorch() {
        // torch uses x only when x > 20, so softplus(20) = log1p(exp(20)).
        assertThat(Positivity.SOFTPLUS.apply(20.0)).isEqualTo(Math.log1p(Math.exp(20.0)));
        assertThat(Positivity.SOFTPLUS.apply(20.5)).isEqualTo(20.5);
        assertThat(Positivity.IDENTITY.apply(-3.0)).isEqualTo(-3.0);
    }

    @Test
    void initialize_cmScale_scalesTheCapacitancesAndNothingElse() {
        LtcConfig config = LtcConfig.ncpsDefaults(3, 8, 1);
        io.ltcflink.core.wiring.Wiring wiring =
                io.ltcflink.core.wiring.Wirings.fullyConnected(8, 1, 3);
        ParameterSet ncps = LtcCell.initialize(config, wiring, 42).parameters();
        ParameterSet one = LtcCell.initialize(config, wiring, 42, 1.0).parameters();
        ParameterSet slow = LtcCell.initialize(config, wiring, 42, 20.0).parameters();
        assertThat(one.names()).isEqualTo(ncps.names());
        for (String name : ncps.names()) {
            assertThat(one.get(name)).as(name).isEqualTo(ncps.get(name));
            if (!name.equals("cm")) {
                assertThat(slow.get(name)).as(name).isEqualTo(ncps.get(name));
            }
        }
        double[] cm = ncps.get("cm").toArray();
        double[] cmSlow = slow.get("cm").toArray();
        for (int i = 0; i < cm.length; i++) {
            assertThat(cm[i]).isBetween(0.4, 0.6);
            assertThat(cmSlow[i]).isEqualTo(20.0 * cm[i]);
        }
        assertThatThrownBy(() -> LtcCell.initialize(config, wiring, 42, 0.0))
                .hasMessageContaining("capacitance scale must be positive and finite");
        assertThatThrownBy(() -> LtcCell.initialize(config, wiring, 42, Double.NaN))
                .hasMessageContaining("capacitance scale must be positive and finite");
    }
}
