package io.ltcflink.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tests for {@link SampleIterator}: each injected anomaly labels exactly its window and changes
 * the signal as specified, compared sample by sample with the same run without it.
 */
final class SampleIteratorTest {

    private static final double[] LORENZ_SCALES = SystemKind.LORENZ.scales(Lorenz63.CLASSIC);

    /** Lorenz, 100 time units with jitter, drops and noise; window [30, 45). */
    private static Generator.Builder run() {
        return Generator.builder().system("lorenz").samples(2000).seed(21).sampling(
                Sampling.builder().period(0.05).jitter(0.2).dropRate(0.1).noise(0.05).build());
    }

    private static Series with(Anomaly anomaly) {
        return run().anomalies(anomaly).build().generate();
    }

    @ParameterizedTest
    @EnumSource(AnomalyType.class)
    void labels_coverExactlyTheWindow(AnomalyType type) {
        Anomaly a = new Anomaly(type, 30.0, 45.0, type == AnomalyType.STUCK ? 0 : 0.5);
        Series s = with(a);
        int inside = 0;
        for (int k = 0; k < s.size(); k++) {
            boolean in = s.time(k) >= 30.0 && s.time(k) < 45.0;
            assertThat(s.label(k)).as("t=%s", s.time(k)).isEqualTo(in ? type.code() : 0);
            inside += in ? 1 : 0;
        }
        assertThat(inside).isGreaterThan(200);
    }

    @ParameterizedTest
    @EnumSource(AnomalyType.class)
    void samplesBeforeTheWindow_areUntouched(AnomalyType type) {
        Series clean = run().build().generate();
        Series s = with(new Anomaly(type, 30.0, 45.0, 0.5));
        for (int k = 0; s.time(k) < 30.0; k++) {
            assertThat(s.values(k)).containsExactly(clean.values(k));
        }
    }

    @Test
    void spike_addsMagnitudeTimesScaleInsideOnly() {
        Series clean = run().build().generate();
        Series s = with(new Anomaly(AnomalyType.SPIKE, 30.0, 30.05, -6.0));
        int spiked = 0;
        for (int k = 0; k < s.size(); k++) {
            for (int c = 0; c < 3; c++) {
                double expected = s.label(k) != 0 ? -6.0 * LORENZ_SCALES[c] : 0.0;
                assertThat(s.value(k, c) - clean.value(k, c)).isCloseTo(expected, within(1e-9));
            }
            spiked += s.label(k) != 0 ? 1 : 0;
        }
        // A window one period long holds at most two jittered ticks; this seed keeps one.
        assertThat(spiked).isBetween(1, 2);
    }

    @Test
    void levelShift_offsetsTheWholeWindowAndNothingElse() {
        Series clean = run().build().generate();
        Series s = with(new Anomaly(AnomalyType.LEVEL_SHIFT, 30.0, 45.0, 2.0));
        for (int k = 0; k < s.size(); k++) {
            for (int c = 0; c < 3; c++) {
                double expected = s.label(k) != 0 ? 2.0 * LORENZ_SCALES[c] : 0.0;
                assertThat(s.value(k, c) - clean.value(k, c)).isCloseTo(expected, within(1e-9));
            }
        }
    }

    @Test
    void stuck_repeatsTheFirstValueOfTheWindowAndRecoversAfter() {
        Series clean = run().build().generate();
        Series s = with(new Anomaly(AnomalyType.STUCK, 30.0, 45.0, 0.0));
        double[] frozen = null;
        for (int k = 0; k < s.size(); k++) {
            if (s.label(k) == 0) {
                assertThat(s.values(k)).containsExactly(clean.values(k));
            } else if (frozen == null) {
                frozen = s.values(k);
                assertThat(frozen).containsExactly(clean.values(k));
            } else {
                // Constant: no new noise either.
                assertThat(s.values(k)).containsExactly(frozen);
            }
        }
        assertThat(frozen).isNotNull();
    }

    @Test
    void noiseBurst_addsNoiseOfStdMagnitudeTimesScaleInsideOnly() {
        Series clean = run().build().generate();
        Series s = with(new Anomaly(AnomalyType.NOISE_BURST, 20.0, 80.0, 1.5));
        double sq = 0;
        int n = 0;
        for (int k = 0; k < s.size(); k++) {
            double d = s.value(k, 1) - clean.value(k, 1);
            if (s.label(k) == 0) {
                assertThat(d).isZero();
            } else {
                sq += d * d;
                n++;
            }
        }
        // About 1000 draws: the std estimate is within a few percent; allow 10 %.
        assertThat(Math.sqrt(sq / n) / (1.5 * LORENZ_SCALES[1])).isCloseTo(1.0, within(0.1));
    }

    @Test
    void dynamicsChange_visiblyAltersTheTrajectoryInsideTheWindow() {
        Series clean = run().build().generate();
        // ρ = 28 × 0.4 = 11.2 < 24.74: the chaotic attractor gives way to a stable focus.
        Series s = with(new Anomaly(AnomalyType.DYNAMICS_CHANGE, 30.0, 45.0, -0.6));
        double maxInside = 0;
        double zEnd = 0;
        for (int k = 0; k < s.size(); k++) {
            if (s.label(k) != 0) {
                maxInside = Math.max(maxInside, Math.abs(s.value(k, 2) - clean.value(k, 2)));
                zEnd = s.value(k, 2);
            }
        }
        assertThat(maxInside).isGreaterThan(5.0);
        // Near the end of the window z has settled near the focus at z = ρ − 1 = 10.2.
        assertThat(zEnd).isCloseTo(10.2, within(2.0));
    }

    @Test
    void dynamicsChange_mackeyGlassAndOscillator_alterTheirSignals() {
        for (SystemKind kind : new SystemKind[] {SystemKind.MACKEY_GLASS, SystemKind.OSCILLATOR}) {
            Generator.Builder b = Generator.builder().system(kind).samples(600).seed(4);
            Series clean = b.build().generate();
            double start = 100 * kind.defaultPeriod();
            double end = 400 * kind.defaultPeriod();
            Series s = b.anomalies(new Anomaly(AnomalyType.DYNAMICS_CHANGE, start, end, 0.5))
                    .build().generate();
            double maxDiff = 0;
            for (int k = 0; k < s.size(); k++) {
                double d = Math.abs(s.value(k, 0) - clean.value(k, 0));
                if (s.time(k) < start) {
                    assertThat(d).isZero();
                } else if (s.time(k) < end) {
                    maxDiff = Math.max(maxDiff, d);
                }
            }
            double[] scales = kind.scales(kind.system());
            assertThat(maxDiff).as(kind.id()).isGreaterThan(0.5 * scales[0]);
        }
    }

    @Test
    void anomalyBetweenKeptSamples_labelsNothingButIsListed() {
        // With period 1 and no jitter, the window (3.2, 3.7) holds no tick.
        Anomaly a = new Anomaly(AnomalyType.SPIKE, 3.2, 3.7, 5);
        Generator g = Generator.builder().system("mackey-glass").samples(10).anomalies(a).build();
        Series s = g.generate();
        for (int k = 0; k < s.size(); k++) {
            assertThat(s.label(k)).isZero();
        }
        assertThat(g.anomalies()).containsExactly(a);
    }

    @Test
    void next_afterTheEnd_throws() {
        var it = Generator.builder().system("oscillator").samples(2).build().stream();
        it.next();
        it.next();
        assertThat(it.hasNext()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(it::next)
                .isExactlyInstanceOf(NoSuchElementException.class);
    }
}
