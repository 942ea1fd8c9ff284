package io.ltcflink.core.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import static io.ltcflink.core.cell.FastSigmoid.SCALE;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for {@link NumericMode#FAST} ({@link LtcFastOde}, {@link FastSigmoid}). */
final class FastModeTest {

    @Test
    void fastSigmoid_overTheClampedRange_isWithin2e14OfExact() {
        // Degree-9 polynomial on x/256 then 8 squarings: rounding dominates, ~6e-14 relative on e^x
        // in the worst case, a quarter of that or less on σ.
        double worst = 0;
        for (double z = -60; z <= 60; z += 0.001) {
            double exact = 1.0 / (1.0 + Math.exp(-z));
            worst = Math.max(worst, Math.abs(FastSigmoid.sigmoid(z) - exact));
        }
        assertThat(worst).isLessThan(2e-14);
    }

    @Test
    void fastSigmoid_farOutsideTheRange_saturatesLikeExact() {
        for (double z : new double[] {-1e300, -5000, -745, -100, -40.5, 40.5, 100, 745, 5000, 1e300}) {
            double exact = 1.0 / (1.0 + Math.exp(-z));
            assertThat(FastSigmoid.sigmoid(z)).as("σ(%s)", z).isCloseTo(exact, within(1e-17));
        }
        assertThat(FastSigmoid.sigmoid(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
        assertThat(FastSigmoid.sigmoid(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(FastSigmoid.sigmoid(Double.NaN)).isNaN();
        double[] out = new double[3];
        FastSigmoid.sigmoidOfScaledAffine(new double[] {SCALE, SCALE, SCALE}, new double[3],
                new double[] {-1e308, 1e308, Double.NaN}, out, 3);
        assertThat(out[0]).isEqualTo(0.0);
        assertThat(out[1]).isEqualTo(1.0);
        assertThat(out[2]).isNaN();
    }

    @Test
    void sigmoidOfScaledAffine_matchesScalarSigmoid() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 37;
        double[] a = new double[n];
        double[] b = new double[n];
        double[] x = new double[n];
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            a[k] = 3 + 5 * rnd.nextDouble();
            b[k] = a[k] * rnd.nextDouble();
            x[k] = 40 * rnd.nextDouble() - 20;
        }
        double[] as = new double[n];
        double[] bs = new double[n];
        for (int k = 0; k < n; k++) {
            as[k] = a[k] * FastSigmoid.SCALE;
            bs[k] = b[k] * FastSigmoid.SCALE;
        }
        FastSigmoid.sigmoidOfScaledAffine(as, bs, x, out, n);
        for (int k = 0; k < n; k++) {
            assertThat(out[k]).isCloseTo(FastSigmoid.sigmoid(a[k] * x[k] - b[k]), within(1e-15));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void fastMode_wholeRuns_stayWithin1e12OfExact(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        LtcConfig config = RandomLtc.config(rnd, seed % 2 == 0);
        LtcCell exact = RandomLtc.cell(rnd, config, 0.5 + 0.5 * rnd.nextDouble());
        assertThat(worstGapOverARun(exact, rnd)).isLessThanOrEqualTo(1e-12);
        assertThat(exact.withNumericMode(NumericMode.FAST).toString()).contains("fast");
    }

    /** Powers of two from 4 to 64 take the source-major layout (rows folded), others do not. */
    @ParameterizedTest
    @ValueSource(ints = {3, 4, 6, 8, 12, 16, 24, 32, 64})
    void fastMode_everyLayoutAndFoldDepth_staysWithin1e12OfExact(int units) {
        SplittableRandom rnd = new SplittableRandom(units);
        LtcConfig config = new LtcConfig(3, units, 2, Positivity.SOFTPLUS, Mapping.AFFINE,
                Mapping.AFFINE, 6, 1e-8, false);
        LtcCell exact = RandomLtc.cell(rnd, config, 1.0);
        assertThat(LtcFastOde.foldable(units)).isEqualTo(Integer.bitCount(units) == 1);
        assertThat(worstGapOverARun(exact, rnd)).isLessThanOrEqualTo(1e-12);
    }

    /** The largest relative gap between exact and fast states and outputs over 200 steps. */
    private static double worstGapOverARun(LtcCell exact, SplittableRandom rnd) {
        LtcCell fast = exact.withNumericMode(NumericMode.FAST);
        RecurrentCell.Stepper se = exact.newStepper();
        RecurrentCell.Stepper sf = fast.newStepper();
        double[] he = new double[exact.stateSize()];
        double[] hf = new double[exact.stateSize()];
        double[] oe = new double[exact.outputSize()];
        double[] of = new double[exact.outputSize()];
        double worst = 0;
        for (int t = 0; t < 200; t++) {
            double[] x = new double[exact.inputSize()];
            for (int k = 0; k < x.length; k++) {
                x[k] = 4 * rnd.nextDouble() - 2;
            }
            double dt = t % 50 == 10 ? 30.0 : 0.01 + 2 * rnd.nextDouble();
            se.step(he, x, dt, oe);
            sf.step(hf, x, dt, of);
            for (int i = 0; i < he.length; i++) {
                worst = Math.max(worst, Math.abs(he[i] - hf[i]) / Math.max(1.0, Math.abs(he[i])));
            }
            for (int m = 0; m < oe.length; m++) {
                worst = Math.max(worst, Math.abs(oe[m] - of[m]) / Math.max(1.0, Math.abs(oe[m])));
            }
        }
        // a run that drifted would also show here: the states must not be all zero
        assertThat(he).isNotEqualTo(new double[he.length]);
        return worst;
    }

    @Test
    void fastMode_sparseWiring_fallsBackToTheExactLayout() {
        SplittableRandom rnd = new SplittableRandom(11);
        LtcConfig config = new LtcConfig(3, 20, 2, Positivity.SOFTPLUS, Mapping.AFFINE,
                Mapping.AFFINE, 6, 1e-8, false);
        LtcCell exact = RandomLtc.cell(rnd, config, 0.1);
        assertThat(LtcFastOde.suits(exact)).isFalse();
        LtcCell fast = exact.withNumericMode(NumericMode.FAST);
        double[] he = new double[20];
        double[] hf = new double[20];
        double[] x = {0.5, -1, 2};
        exact.newStepper().step(he, x, 0.7, new double[2]);
        fast.newStepper().step(hf, x, 0.7, new double[2]);
        assertThat(hf).containsExactly(he);
    }
}
