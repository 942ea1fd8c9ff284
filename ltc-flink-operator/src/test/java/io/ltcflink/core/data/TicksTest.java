package io.ltcflink.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests for {@link Ticks}: the sampling faults match their parameters over long runs. */
final class TicksTest {

    private static Ticks ticks(Sampling s, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new Ticks(s, r.split(), r.split(), r.split());
    }

    @Test
    void next_noFaults_ticksEveryPeriodFromZero() {
        Ticks t = ticks(Sampling.regular(0.25), 1);
        for (int k = 0; k < 100; k++) {
            t.next();
            assertThat(t.time()).isCloseTo(0.25 * k, within(1e-12));
            assertThat(t.lost()).isFalse();
        }
    }

    @Test
    void next_jitter_keepsIntervalsInRangeWithMeanPeriod() {
        double period = 2.0;
        double j = 0.4;
        int n = 100_000;
        Ticks t = ticks(Sampling.builder().period(period).jitter(j).build(), 2);
        t.next();
        double previous = t.time();
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int k = 0; k < n; k++) {
            t.next();
            double interval = t.time() - previous;
            previous = t.time();
            sum += interval;
            min = Math.min(min, interval);
            max = Math.max(max, interval);
        }
        assertThat(min).isGreaterThanOrEqualTo((1 - j) * period - 1e-9);
        assertThat(max).isLessThanOrEqualTo((1 + j) * period + 1e-9);
        // Both ends are approached: the factor is uniform over the whole range.
        assertThat(min).isLessThan((1 - j) * period + 0.01);
        assertThat(max).isGreaterThan((1 + j) * period - 0.01);
        // The factor has std j/√3, so the mean of n intervals has std period·j/√(3n) ≈ 0.0015.
        assertThat(sum / n).isCloseTo(period, within(0.008));
    }

    @Test
    void next_bernoulliDrops_loseAboutAFractionP() {
        double p = 0.2;
        int n = 100_000;
        Ticks t = ticks(Sampling.builder().dropRate(p).build(), 3);
        int lost = 0;
        for (int k = 0; k < n; k++) {
            t.next();
            lost += t.lost() ? 1 : 0;
        }
        // Binomial: std √(p(1−p)/n) ≈ 0.0013; allow five of them.
        assertThat((double) lost / n).isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / n)));
    }

    @Test
    void next_bursts_loseRunsWithTheConfiguredMeanLength() {
        double rate = 0.01;
        double mean = 6.0;
        int n = 400_000;
        Ticks t = ticks(Sampling.builder().burstRate(rate).burstLength(mean).build(), 4);
        long runs = 0;
        long lostTicks = 0;
        boolean inRun = false;
        for (int k = 0; k < n; k++) {
            t.next();
            if (t.lost()) {
                lostTicks++;
                runs += inRun ? 0 : 1;
            }
            inRun = t.lost();
        }
        // A burst that starts on the tick right after another one (probability `rate`) merges
        // with it, so an observed run holds 1/(1 − rate) bursts on average. About 3800 runs with
        // a geometric std of √(mean(mean − 1)) ≈ 5.5 give a std of the mean near 0.09.
        assertThat((double) lostTicks / runs).isCloseTo(mean / (1 - rate), within(0.4));
    }

    @Test
    void next_burstLengthOne_losesSingleTicks() {
        Ticks t = ticks(Sampling.builder().burstRate(0.05).burstLength(1).build(), 5);
        boolean previousLost = false;
        int doubles = 0;
        int lost = 0;
        for (int k = 0; k < 100_000; k++) {
            t.next();
            lost += t.lost() ? 1 : 0;
            doubles += previousLost && t.lost() ? 1 : 0;
            previousLost = t.lost();
        }
        // Two in a row only when a new burst starts right after one: about rate × lost.
        assertThat((double) doubles / lost).isCloseTo(0.05, within(0.015));
    }

    @Test
    void next_sameRandomStreams_giveTheSameClock() {
        Sampling s = Sampling.builder().jitter(0.5).dropRate(0.3).burstRate(0.05).build();
        Ticks a = ticks(s, 9);
        Ticks b = ticks(s, 9);
        for (int k = 0; k < 1000; k++) {
            a.next();
            b.next();
            assertThat(a.time()).isEqualTo(b.time());
            assertThat(a.lost()).isEqualTo(b.lost());
        }
    }
}
