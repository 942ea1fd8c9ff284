package io.ltcflink.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact scores of {@link NoveltyDetector} on one fixed series for the default
 * configuration and for every option a configuration can change, so that a change of the code
 * that is not meant to change a score is seen to keep every score to the bit.
 *
 * <p>The series is pseudo-random with a daily rhythm and irregular gaps (some of hours, a few of
 * zero), with spikes, level shifts, a day turned upside down, a stretch without the rhythm and
 * one of poor forecasts; the contexts are leaky averages of the values at several rates, as the
 * operator's cell gives, with two stretches where they leave their usual region. Each run is
 * pinned as a hash of the bits of its score sequence.
 *
 * <p>The configurations run with time counted in records, which is how every earlier version
 * counted it, so their pins are those earlier versions' scores; the last run counts time in the
 * stream's periods of event time.
 */
final class NoveltyDetectorScoresTest {

    private static final int RECORDS = 4000;
    private static final int HIDDEN = 5;
    private static final long T0 = 1_400_000_000_000L;
    private static final long DAY = 86_400_000L;

    /** The series: timestamps, values, contexts and surprises. */
    private static final long[] TIMES = new long[RECORDS];
    private static final double[] VALUES = new double[RECORDS];
    private static final double[][] CONTEXTS = new double[RECORDS][HIDDEN];
    private static final double[] SURPRISES = new double[RECORDS];

    static {
        SplittableRandom rnd = new SplittableRandom(20_240_607L);
        double[] rates = {0.5, 0.2, 0.05, 0.01, 0.002};
        double[] h = new double[HIDDEN];
        long t = T0;
        double level = 0;
        for (int i = 0; i < RECORDS; i++) {
            int kind = rnd.nextInt(100);
            t += kind < 2 ? 0 : kind < 4 ? rnd.nextLong(3_600_000L, 6 * 3_600_000L)
                    : rnd.nextLong(120_000L, 480_000L);
            if (i == 1500) {
                level += 3;
            }
            if (i == 2600) {
                level -= 2.5;
            }
            double spike = i == 700 ? 8 : i == 1900 ? -6 : i == 3300 ? 12 : 0;
            double daily = Math.sin(2 * Math.PI * Math.floorMod(t, DAY) / DAY);
            if (i >= 1000 && i < 1040) {
                // The daily shape turns upside down.
                daily = -daily;
            }
            if (i >= 3600 && i < 3700) {
                // The daily rhythm stops.
                daily = 0;
            }
            double x = level + daily + 0.3 * rnd.nextGaussian() + spike;
            CONTEXTS[i] = h.clone();
            // Stretches where the contexts leave their usual region while the values do not.
            double away = i >= 2300 && i < 2340 ? 2 : i >= 3800 && i < 3830 ? 0.6 : 0;
            for (int k = 0; k < HIDDEN; k++) {
                h[k] += (x / 4 - h[k]) * rates[k];
                CONTEXTS[i][k] += k % 2 == 0 ? away : -away;
            }
            TIMES[i] = t;
            VALUES[i] = x;
            SURPRISES[i] = Math.abs(rnd.nextGaussian()) + (i >= 2900 && i < 2950 ? 4 : 0);
        }
    }

    /** A configuration with short warm-ups and a small memory that wraps within the series. */
    private static NoveltyDetector.Builder quick() {
        return NoveltyDetector.Config.builder().warmUp(20).memory(32, 3, 2).novelty(0.5, 60, 10)
                .seasonal(0.5, 48, 10, 4).smoothedRecords(4, 0.8).surpriseRecords(0.6)
                .scale(5, 0.02).contextScaling(0.1, 2).phaseWeight(0.7).noveltyHalfLife(300)
                .maturity(200).suppressAfterAlert(7);
    }

    private static Map<String, Run> runs() {
        Map<String, Run> runs = new LinkedHashMap<>();
        NoveltyDetector.Config d = NoveltyDetector.Config.defaults();
        runs.put("defaults", new Run(d, HIDDEN));
        runs.put("no hidden", new Run(d, 0));
        runs.put("no context", new Run(d.toBuilder().phaseWeight(0).build(), 0));
        runs.put("no phase", new Run(d.toBuilder().phaseWeight(0).build(), HIDDEN));
        runs.put("no smoothed", new Run(d.toBuilder().smoothedRecords(12, 0).build(), HIDDEN));
        runs.put("no surprise", new Run(d.toBuilder().surpriseRecords(0).build(), HIDDEN));
        runs.put("no seasonal", new Run(d.toBuilder().seasonal(0, 24, 30, 12).build(), HIDDEN));
        runs.put("no novelty", new Run(d.toBuilder().novelty(0, 400, 50).build(), HIDDEN));
        runs.put("no suppression", new Run(d.toBuilder().suppressAfterAlert(0).build(), HIDDEN));
        runs.put("no maturity", new Run(d.toBuilder().maturity(0).build(), HIDDEN));
        runs.put("all-time distances", new Run(
                d.toBuilder().noveltyHalfLife(Double.POSITIVE_INFINITY).build(), HIDDEN));
        runs.put("quick", new Run(quick().build(), HIDDEN));
        runs.put("quick, every record", new Run(quick().memory(48, 1, 0).build(), 2));
        runs.put("records only", new Run(quick().novelty(0, 0, 0).phaseWeight(0).maturity(0)
                .seasonal(0, 24, 30, 12).suppressAfterAlert(0).smoothedRecords(12, 0)
                .surpriseRecords(0).build(), 0));
        runs.put("defaults in event time", Run.inEventTime(d.toBuilder().eventTime(true, 0.05).build(), HIDDEN));
        return runs;
    }

    /** The pinned hash of the defaults' scores in event time. */
    private static final long EVENT_TIME_PIN = -7143127174992878745L;

    /** The pinned hash of each run's scores, in the order of {@link #runs()}. */
    private static final long[] PINNED = {
        1559755333203582615L,
        1522091917524580089L,
        1154467665128781093L,
        -8079179059255102620L,
        -4903639025983134438L,
        8276080699291041387L,
        -216265982106153771L,
        1154467665128781093L,
        -8904264887178886198L,
        -9196883418667382740L,
        -2490033744685204933L,
        -1462773801816662922L,
        1859147176798890042L,
        1600808581189973874L,
        EVENT_TIME_PIN,
    };

    @Test
    void score_eachConfiguration_givesThePinnedScores() {
        Map<String, Run> runs = runs();
        assertThat(runs).hasSize(PINNED.length);
        long[] hashes = new long[PINNED.length];
        int k = 0;
        for (Run run : runs.values()) {
            hashes[k++] = run.scoreHash();
        }
        k = 0;
        Set<Long> distinct = new HashSet<>();
        for (String name : runs.keySet()) {
            assertThat(hashes[k]).as(name).isEqualTo(PINNED[k]);
            distinct.add(hashes[k++]);
        }
        // Every option changes some score, so the series takes every path the pins cover; only
        // the two ways of keeping contexts out of the score agree, as they should.
        assertThat(hashes[2]).isEqualTo(hashes[7]);
        assertThat(distinct).hasSize(PINNED.length - 1);
    }

    @Test
    void score_everyCombinationOfTheChannels_givesThePinnedScores() {
        // Each of seven options on or off, on the default and on the quick configuration.
        long[] hashes = new long[2];
        for (int base = 0; base < 2; base++) {
            long hash = 17;
            for (int mask = 0; mask < 128; mask++) {
                NoveltyDetector.Builder b = base == 0
                        ? NoveltyDetector.Config.defaults().toBuilder() : quick();
                NoveltyDetector.Config c = b.build();
                if ((mask & 1) != 0) {
                    b.smoothedRecords(c.smoothHalfLife, 0);
                }
                if ((mask & 2) != 0) {
                    b.surpriseRecords(0);
                }
                if ((mask & 4) != 0) {
                    b.seasonal(0, c.seasonalBins, c.seasonalMemory, c.seasonalMinReadings);
                }
                if ((mask & 8) != 0) {
                    b.novelty(0, c.noveltyWarmUp, c.noveltyMinDistances);
                }
                if ((mask & 16) != 0) {
                    b.phaseWeight(0);
                }
                if ((mask & 32) != 0) {
                    b.suppressAfterAlert(0);
                }
                if ((mask & 64) != 0) {
                    b.maturity(0);
                }
                hash = 31 * hash + new Run(b.build(), HIDDEN).scoreHash();
            }
            hashes[base] = hash;
        }
        assertThat(hashes).containsExactly(-6599379549579865575L, 3048793622168291021L);
    }

    @Test
    void score_defaults_keepsEveryReadSlotOfTheStateInItsPlace() {
        // A key's state outlives the code in savepoints: the slots the scores read must hold the
        // same values at the same places. Slots 1, 2, 5 and 6 (the clock in event time; once a
        // running mean, its M2 and a recent envelope) are left out.
        NoveltyDetector detector = new NoveltyDetector(inRecords(NoveltyDetector.Config.defaults()),
                HIDDEN);
        double[] state = new double[detector.stateSize()];
        for (int i = 0; i < RECORDS; i++) {
            detector.score(state, 0, TIMES[i], VALUES[i], CONTEXTS[i], SURPRISES[i]);
        }
        for (int slot : new int[] {1, 2, 5, 6}) {
            state[slot] = 0;
        }
        assertThat(state).hasSize(1898);
        long hash = 17;
        for (double v : state) {
            hash = 31 * hash + Double.doubleToLongBits(v);
        }
        assertThat(hash).isEqualTo(6881716828902763193L);
    }

    @Test
    void stateSize_eachConfiguration_isThePinnedLength() {
        NoveltyDetector.Config d = NoveltyDetector.Config.defaults();
        assertThat(new NoveltyDetector(d, HIDDEN).stateSize()).isEqualTo(1898);
        assertThat(new NoveltyDetector(d, 0).stateSize()).isEqualTo(71 + 261 * 2);
        assertThat(new NoveltyDetector(d.toBuilder().phaseWeight(0).build(), 0).stateSize())
                .isEqualTo(71);
        assertThat(new NoveltyDetector(d.toBuilder().seasonal(0, 24, 30, 12).build(), HIDDEN)
                .stateSize()).isEqualTo(1850);
        assertThat(new NoveltyDetector(quick().build(), HIDDEN).stateSize())
                .isEqualTo(23 + 96 + 35 * 7);
    }

    private static NoveltyDetector.Config inRecords(NoveltyDetector.Config c) {
        return c.toBuilder().eventTime(false, 0.05).build();
    }

    /** One configuration and context size on the series. */
    private static final class Run {
        private final NoveltyDetector.Config config;
        private final int hiddenSize;

        /** The configuration with time counted in records. */
        Run(NoveltyDetector.Config config, int hiddenSize) {
            this(inRecords(config), hiddenSize, true);
        }

        private Run(NoveltyDetector.Config config, int hiddenSize, boolean asGiven) {
            this.config = config;
            this.hiddenSize = hiddenSize;
        }

        /** The configuration as given (with time counted in periods of event time). */
        static Run inEventTime(NoveltyDetector.Config config, int hiddenSize) {
            return new Run(config, hiddenSize, true);
        }

        /** Scores the series from a fresh state and hashes the bits of the scores. */
        long scoreHash() {
            NoveltyDetector detector = new NoveltyDetector(config, hiddenSize);
            double[] state = new double[detector.stateSize() + 7];
            long hash = 17;
            for (int i = 0; i < RECORDS; i++) {
                double[] hidden = Arrays.copyOf(CONTEXTS[i], hiddenSize);
                double score = detector.score(state, 7, TIMES[i], VALUES[i], hidden,
                        SURPRISES[i]);
                hash = 31 * hash + Double.doubleToLongBits(score);
            }
            return hash;
        }
    }
}
