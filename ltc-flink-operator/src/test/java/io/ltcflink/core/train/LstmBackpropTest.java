package io.ltcflink.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.core.cell.LstmCell;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests for {@link LstmBackprop}. */
final class LstmBackpropTest {

    @Test
    void run_severalSeeds_matchesCentralDifferences() {
        for (long seed = 1; seed <= 6; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            LstmCell cell = RandomCells.lstm(rnd);
            GradientCheck.Result r = GradientCheck.check(
                    cell, GradientCheck.randomChunk(rnd, cell, LtcBackpropTest.TIMESPANS, 0.3));
            assertThat(r.frozenNonZero()).isEmpty();
            assertThat(r.maxRelError()).as("seed %s: %s", seed, r.worst())
                    .isLessThanOrEqualTo(1e-6);
            assertThat(r.plainSteps()).as("entries at non-smooth points").isZero();
        }
    }

    @Test
    void run_forwardValues_equalTheCellsOwnStepper() {
        SplittableRandom rnd = new SplittableRandom(9);
        LtcBackpropTest.assertForwardMatchesStepper(RandomCells.lstm(rnd), rnd);
    }
}
