package io.ltcflink.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ltcflink.core.cell.Activation;
import io.ltcflink.core.cell.CellKind;
import io.ltcflink.core.cell.CfcMode;
import io.ltcflink.core.cell.LstmCell;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.model.ParameterSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests for {@link Backprop}. */
final class BackpropTest {

    private static final double[] DT = {1, 1, 1, 1};

    private final LstmCell cell = RandomCells.lstm(new SplittableRandom(1));
    private final GradientCheck.Chunk chunk =
            GradientCheck.randomChunk(new SplittableRandom(2), cell, DT, 0.0);

    @Test
    void run_returnsMseOverPresentTargetsAndTheFinalState() {
        double[][] targets = {{0.1, Double.NaN}, {Double.NaN, Double.NaN}, {0.3, -0.2}, {0, 1}};
        Parameters g = Parameters.of(cell).zerosLike();
        double[] end = new double[cell.stateSize()];
        Backprop.ChunkLoss loss = Backprop.of(cell).run(
                chunk.state(), chunk.inputs(), DT, targets, g, end);

        GradientCheck.Chunk same =
                new GradientCheck.Chunk(chunk.state(), chunk.inputs(), DT, targets);
        assertThat(loss.count()).isEqualTo(5);
        assertThat(loss.loss()).isCloseTo(GradientCheck.loss(cell, same), within(1e-15));
        double[] state = chunk.state().clone();
        RecurrentCell.Stepper stepper = cell.newStepper();
        for (double[] x : chunk.inputs()) {
            stepper.step(state, x, 1.0, new double[2]);
        }
        assertThat(end).containsExactly(state);
    }

    @Test
    void run_twice_accumulatesTheGradient() {
        Parameters once = Parameters.of(cell).zerosLike();
        Parameters twice = once.zerosLike();
        Backprop bp = Backprop.of(cell);
        double[] end = new double[cell.stateSize()];
        bp.run(chunk.state(), chunk.inputs(), DT, chunk.targets(), once, end);
        bp.run(chunk.state(), chunk.inputs(), DT, chunk.targets(), twice, end);
        bp.run(chunk.state(), chunk.inputs(), DT, chunk.targets(), twice, end);
        once.scale(2.0);
        for (String name : once.names()) {
            assertThat(twice.get(name)).as(name).containsExactly(once.get(name));
        }
    }

    @Test
    void run_subRange_equalsRunOnTheSlice() {
        Parameters whole = Parameters.of(cell).zerosLike();
        Parameters part = whole.zerosLike();
        double[] end = new double[cell.stateSize()];
        Backprop bp = Backprop.of(cell);
        bp.run(chunk.state(), chunk.inputs(), DT, chunk.targets(), 1, 3, part, end);
        double[][] x = {chunk.inputs()[1], chunk.inputs()[2]};
        double[][] y = {chunk.targets()[1], chunk.targets()[2]};
        bp.run(chunk.state(), x, new double[] {1, 1}, y, whole, new double[end.length]);
        assertThat(part.toParameterSet()).isEqualTo(whole.toParameterSet());
    }

    @Test
    void run_noTargetPresent_returnsNaNAndLeavesGradient() {
        double[][] none = new double[4][2];
        for (double[] row : none) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        Parameters g = Parameters.of(cell).zerosLike();
        Backprop.ChunkLoss loss = Backprop.of(cell).run(chunk.state(), chunk.inputs(), DT, none,
                g, new double[cell.stateSize()]);
        assertThat(loss.count()).isZero();
        assertThat(loss.loss()).isNaN();
        assertThat(g.l2Norm()).isZero();
    }

    @Test
    void run_badArguments_throwNamingThem() {
        Backprop bp = Backprop.of(cell);
        Parameters g = Parameters.of(cell).zerosLike();
        double[] s = chunk.state();
        double[][] x = chunk.inputs();
        double[][] y = chunk.targets();
        double[] end = new double[s.length];
        assertThatThrownBy(() -> bp.run(s, x, DT, y, 2, 2, g, end))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunk [2, 2) must be a non-empty range within 4 steps");
        assertThatThrownBy(() -> bp.run(new double[3], x, DT, y, g, end))
                .hasMessageContaining("initialState: expected length 6 but found 3");
        double[][] nan = {x[0], {Double.NaN, 0}, x[2], x[3]};
        assertThatThrownBy(() -> bp.run(s, nan, DT, y, g, end))
                .hasMessageContaining("inputs[1][0] must be finite: NaN");
        assertThatThrownBy(() -> bp.run(s, x, new double[] {1, 1}, y, g, end))
                .hasMessageContaining("there are 2 timespans");
        Parameters other = Parameters.of(LstmCell.initialize(2, 4, 2, 1)).zerosLike();
        assertThatThrownBy(() -> bp.run(s, x, DT, y, other, end))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match the cell's");
    }

    @Test
    void run_negativeTimespanForATimedCell_throws() {
        RecurrentCell cfc = RandomCells.cfc(new SplittableRandom(1),
                RandomCells.cfcConfig(CfcMode.DEFAULT, Activation.TANH, 1, 0, false));
        GradientCheck.Chunk c = GradientCheck.randomChunk(new SplittableRandom(3), cfc, DT, 0);
        assertThatThrownBy(() -> Backprop.of(cfc).run(c.state(), c.inputs(),
                        new double[] {1, -0.5, 1, 1}, c.targets(),
                        Parameters.of(cfc).zerosLike(), new double[cfc.stateSize()]))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dt must be finite and non-negative: -0.5");
    }

    @Test
    void of_cellWithoutBackwardPass_throwsNamingItsClass() {
        RecurrentCell custom = new ForeignCell();
        assertThatThrownBy(() -> Backprop.of(custom))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no backward pass for cells of class")
                .hasMessageContaining("ForeignCell");
    }

    /** A cell from outside this project: there is no backward pass for it. */
    private static final class ForeignCell implements RecurrentCell {
        @Override
        public CellKind kind() {
            return CellKind.LSTM;
        }

        @Override
        public int inputSize() {
            return 1;
        }

        @Override
        public int stateSize() {
            return 1;
        }

        @Override
        public int outputSize() {
            return 1;
        }

        @Override
        public boolean usesTime() {
            return false;
        }

        @Override
        public long parameterCount() {
            return 0;
        }

        @Override
        public ParameterSet parameters() {
            return ParameterSet.builder().build();
        }

        @Override
        public Stepper newStepper() {
            throw new UnsupportedOperationException("not needed");
        }
    }
}
