package io.ltcflink.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.LtcConfig;
import io.ltcflink.core.cell.LtcSolver;
import io.ltcflink.core.cell.Mapping;
import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.cell.Positivity;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.cell.SolverSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tests for {@link LtcBackprop}. */
final class LtcBackpropTest {

    /**
     * Ordinary gaps, a long gap (25, many time constants), leading and repeated Δt = 0 steps and a
     * tiny gap, where c = cm K / Δt is huge.
     */
    static final double[] TIMESPANS = {0.0, 0.3, 1.0, 0.0, 25.0, 0.05, 0.0, 0.0, 2.0, 1e-3, 0.7};

    static Stream<Arguments> configurations() {
        List<Arguments> cases = new ArrayList<>();
        long seed = 1;
        for (Positivity positivity : Positivity.values()) {
            for (Mapping in : Mapping.values()) {
                for (Mapping out : Mapping.values()) {
                    for (boolean mixed : new boolean[] {false, true}) {
                        cases.add(Arguments.of(positivity, in, out, mixed, seed++));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} in={1} out={2} mixed={3} seed={4}")
    @MethodSource("configurations")
    void run_everyConfiguration_matchesCentralDifferences(
            Positivity positivity, Mapping in, Mapping out, boolean mixed, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        LtcConfig config = RandomCells.ltcConfig(2, 4, 2, positivity, in, out, mixed);
        LtcCell cell = RandomCells.ltc(rnd, config, 0.6);
        GradientCheck.Result r =
                GradientCheck.check(cell, GradientCheck.randomChunk(rnd, cell, TIMESPANS, 0.3));
        assertThat(r.frozenNonZero()).as("masked entries and masks").isEmpty();
        assertThat(r.maxRelError()).as(r.worst()).isLessThanOrEqualTo(1e-6);
        assertThat(r.plainSteps()).as("entries at non-smooth points").isZero();
    }

    @Test
    void run_severalSeedsAndSizes_matchesCentralDifferences() {
        for (long seed = 100; seed < 106; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int units = 2 + rnd.nextInt(4);
            LtcConfig config = RandomCells.ltcConfig(
                    1 + rnd.nextInt(3), units, 1 + rnd.nextInt(units),
                    rnd.nextBoolean() ? Positivity.SOFTPLUS : Positivity.IDENTITY,
                    Mapping.AFFINE, Mapping.AFFINE, rnd.nextBoolean());
            LtcCell cell = RandomCells.ltc(rnd, config, 0.5 + 0.5 * rnd.nextDouble());
            GradientCheck.Result r =
                    GradientCheck.check(cell, GradientCheck.randomChunk(rnd, cell, TIMESPANS, 0.2));
            assertThat(r.frozenNonZero()).as("seed %s", seed).isEmpty();
            assertThat(r.maxRelError()).as("seed %s: %s", seed, r.worst())
                    .isLessThanOrEqualTo(1e-6);
            assertThat(r.plainSteps()).as("entries at non-smooth points").isZero();
        }
    }

    @Test
    void run_softplusAboveTorchThreshold_matchesCentralDifferences() {
        SplittableRandom rnd = new SplittableRandom(21);
        LtcCell cell = RandomCells.ltc(rnd, RandomCells.ltcConfig(
                2, 4, 2, Positivity.SOFTPLUS, Mapping.AFFINE, Mapping.AFFINE, false), 1.0);
        // Above 20 torch's softplus is the identity (slope 1); the steps of the check stay there.
        Parameters p = Parameters.of(cell);
        p.array("gleak")[0] = 21.0;
        p.array("cm")[1] = 30.0;
        p.array("w")[5] = 23.0;
        p.array("sensory_w")[2] = 25.0;
        LtcCell big = (LtcCell) p.toCell(cell);
        GradientCheck.Result r =
                GradientCheck.check(big, GradientCheck.randomChunk(rnd, big, TIMESPANS, 0.0));
        assertThat(r.maxRelError()).as(r.worst()).isLessThanOrEqualTo(1e-6);
        assertThat(r.plainSteps()).isZero();
    }

    @Test
    void run_forwardValues_equalTheCellsOwnStepper() {
        for (boolean mixed : new boolean[] {false, true}) {
            SplittableRandom rnd = new SplittableRandom(mixed ? 7 : 8);
            LtcCell cell = RandomCells.ltc(rnd, RandomCells.ltcConfig(
                    3, 6, 2, Positivity.SOFTPLUS, Mapping.AFFINE, Mapping.AFFINE, mixed), 0.7);
            assertForwardMatchesStepper(cell, rnd);
        }
    }

    /** Runs Backprop and the stepper side by side; every output and state within 1e-12. */
    static void assertForwardMatchesStepper(RecurrentCell cell, SplittableRandom rnd) {
        GradientCheck.Chunk c = GradientCheck.randomChunk(rnd, cell, TIMESPANS, 0.0);
        Backprop bp = Backprop.of(cell);
        double[] last = new double[cell.stateSize()];
        bp.run(c.state(), c.inputs(), c.timespans(), c.targets(), Parameters.of(cell).zerosLike(),
                last);
        RecurrentCell.Stepper stepper = cell.newStepper();
        double[] state = c.state().clone();
        double[] y = new double[cell.outputSize()];
        for (int t = 0; t < TIMESPANS.length; t++) {
            stepper.step(state, c.inputs()[t], TIMESPANS[t], y);
            for (int i = 0; i < y.length; i++) {
                assertThat(bp.output(t)[i]).as("y[%s] at t=%s", i, t)
                        .isCloseTo(y[i], within(1e-12));
            }
            for (int i = 0; i < state.length; i++) {
                assertThat(bp.stateAfter(t)[i]).as("state[%s] at t=%s", i, t)
                        .isCloseTo(state[i], within(1e-12));
            }
        }
        assertThat(last).containsExactly(bp.stateAfter(TIMESPANS.length - 1));
    }

    @Test
    void run_zeroTimespan_leavesStateAndPassesOnlyReadoutGradient() {
        SplittableRandom rnd = new SplittableRandom(5);
        LtcCell cell = RandomCells.ltc(rnd, RandomCells.ltcConfig(
                2, 4, 2, Positivity.SOFTPLUS, Mapping.AFFINE, Mapping.AFFINE, true), 1.0);
        double[] state = new double[cell.stateSize()];
        for (int i = 0; i < state.length; i++) {
            state[i] = 0.1 * i - 0.3;
        }
        double[][] x = {{0.5, -0.5}, {1.0, 2.0}};
        double[][] target = {{1.0, Double.NaN}, {0.0, 1.0}};
        Parameters g = Parameters.of(cell).zerosLike();
        double[] end = new double[state.length];
        Backprop.of(cell).run(state, x, new double[] {0.0, 0.0}, target, g, end);

        // Two Δt = 0 steps: the state is held (mixed memory's c too) and only the output
        // mapping sees the loss.
        assertThat(end).containsExactly(state);
        assertThat(g.get("output_b")[0]).isNotZero();
        for (String name : g.names()) {
            if (!name.equals("output_w") && !name.equals("output_b")) {
                assertThat(g.get(name)).as(name).containsOnly(0.0);
            }
        }
    }

    @Test
    void of_explicitSolver_isRejectedNamingIt() {
        LtcCell cell = RandomCells.ltc(new SplittableRandom(1), RandomCells.ltcConfig(
                1, 3, 1, Positivity.SOFTPLUS, Mapping.AFFINE, Mapping.AFFINE, false), 1.0);
        assertThatThrownBy(() -> Backprop.of(cell.withSolver(SolverSettings.of(LtcSolver.RK4))))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fused solver")
                .hasMessageContaining("RK4");
        assertThatThrownBy(() -> Backprop.of(
                        cell.withSolver(SolverSettings.subStepping(LtcSolver.FUSED, 0.1, 100))))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SolverSettings.NCPS");
        assertThatThrownBy(() -> Backprop.of(cell.withNumericMode(NumericMode.FAST)))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numeric mode exact")
                .hasMessageContaining("fast");
    }
}
