package io.ltcflink.core.data;

import static io.ltcflink.core.data.DataTestSupport.assertSameSeries;
import static io.ltcflink.core.data.DataTestSupport.differ;
import static io.ltcflink.core.data.DataTestSupport.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tests for {@link Generator}. */
final class GeneratorTest {

    private static final Sampling FAULTY = Sampling.builder().period(0.05).jitter(0.3)
            .dropRate(0.1).burstRate(0.01).burstLength(4).noise(0.02).build();

    private static Generator.Builder lorenz(long samples) {
        return Generator.builder().system("lorenz").samples(samples);
    }

    private static void assertRejected(UnaryOperator<Generator.Builder> config, String fragment) {
        assertThatThrownBy(() -> config.apply(Generator.builder()).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(fragment);
    }

    @ParameterizedTest
    @EnumSource(SystemKind.class)
    void generate_sameSeed_isIdentical(SystemKind kind) {
        Generator.Builder b = Generator.builder().system(kind).samples(500).seed(7)
                .sampling(kind.defaultPeriod() == 0.05 ? FAULTY
                        : FAULTY.toBuilder().period(kind.defaultPeriod()).build())
                .anomalies(AnomalySpec.builder().count(3).build());
        assertSameSeries(b.build().generate(), b.build().generate());
    }

    @ParameterizedTest
    @EnumSource(SystemKind.class)
    void generate_differentSeed_differs(SystemKind kind) {
        Generator.Builder b = Generator.builder().system(kind).samples(200);
        assertThat(differ(b.seed(1).build().generate(), b.seed(2).build().generate())).isTrue();
    }

    @Test
    void withStreamId_eachSensor_hasItsOwnReproducibleData() {
        Generator g = lorenz(300).sampling(FAULTY).seed(5).build();
        Series s0 = g.generate();
        Series s1 = g.withStreamId(1).generate();
        assertThat(differ(s0, s1)).isTrue();
        assertSameSeries(g.withStreamId(1).generate(), s1);
        assertSameSeries(g.withStreamId(1).withStreamId(0).generate(), s0);
        assertThat(g.withStreamId(49).streamId()).isEqualTo(49);
    }

    @Test
    void streamSeed_isTheSplitMix64SequenceOfTheSeed() {
        // Stream k's seed is what the k-th nextLong() of new SplittableRandom(seed) returns, but
        // computed in constant time.
        SplittableRandom r = new SplittableRandom(123);
        for (int id = 0; id < 50; id++) {
            assertThat(Generator.streamSeed(123, id)).isEqualTo(r.nextLong());
        }
    }

    @Test
    void stream_sameConfiguration_equalsGenerate() {
        Generator g = lorenz(2000).sampling(FAULTY).seed(11)
                .anomalies(AnomalySpec.builder().count(6).build()).build();
        Series series = g.generate();
        List<Sample> samples = take(g.stream(), Integer.MAX_VALUE);
        assertThat(samples).hasSize(series.size());
        for (int k = 0; k < series.size(); k++) {
            Sample s = samples.get(k);
            assertThat(s.time()).isEqualTo(series.time(k));
            assertThat(s.gap()).isEqualTo(series.gap(k));
            assertThat(s.values()).containsExactly(series.values(k));
            assertThat(s.label()).isEqualTo(series.label(k));
        }
    }

    @Test
    void stream_unbounded_keepsGoingWithSpacedAnomalies() {
        Generator g = Generator.builder().system("oscillator").unbounded().sampling(
                        Sampling.builder().period(0.25).dropRate(0.2).build())
                .anomalies(AnomalySpec.builder().spacing(100).build()).build();
        Iterator<Sample> it = g.stream();
        int labelled = 0;
        int increasing = 0;
        double last = -1;
        for (int k = 0; k < 10_000; k++) {
            Sample s = it.next();
            increasing += s.time() > last ? 1 : 0;
            last = s.time();
            labelled += s.label() != 0 ? 1 : 0;
        }
        assertThat(increasing).isEqualTo(10_000);
        assertThat(it.hasNext()).isTrue();
        // 10 000 samples at keep rate 0.8 span about 3100 time units: about 125 slots of 25.
        assertThat(labelled).isGreaterThan(100);
        assertThatThrownBy(g::generate).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unbounded");
    }

    @Test
    void stream_leadIn_keepsTheStartFreeAndThenInjectsAsBefore() {
        Sampling sampling = Sampling.builder().period(0.25).dropRate(0.2).build();
        Generator plain = Generator.builder().system("oscillator").unbounded().sampling(sampling)
                .anomalies(AnomalySpec.builder().spacing(40).build()).build();
        Generator led = Generator.builder().system("oscillator").unbounded().sampling(sampling)
                .anomalies(AnomalySpec.builder().spacing(40).leadIn(200).build()).build();
        double firstPlain = firstLabelledTime(plain.stream());
        double firstLed = firstLabelledTime(led.stream());
        // A slot is 40 periods of 0.25 and never starts its anomaly in its first tenth.
        assertThat(firstPlain).isLessThan(10.0).isGreaterThanOrEqualTo(1.0);
        assertThat(firstLed).isGreaterThanOrEqualTo(50.0 + 1.0).isLessThan(60.0);
        assertThatThrownBy(() -> Generator.builder().system("oscillator").samples(100)
                        .sampling(sampling)
                        .anomalies(AnomalySpec.builder().count(2).leadIn(100).build()).build()
                        .generate())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lead-in");
        assertThatThrownBy(() -> AnomalySpec.builder().leadIn(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lead-in");
    }

    private static double firstLabelledTime(Iterator<Sample> it) {
        for (int k = 0; k < 100_000; k++) {
            Sample s = it.next();
            if (s.label() != 0) {
                return s.time();
            }
        }
        throw new AssertionError("no labelled sample");
    }

    @Test
    void generate_samples_givesExactlyThatManyWithGapsFromZero() {
        Series s = lorenz(777).sampling(FAULTY).build().generate();
        assertThat(s.size()).isEqualTo(777);
        assertThat(s.gap(0)).isZero();
        assertThat(s.time(0)).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void generate_duration_keepsTicksBeforeTheEnd() {
        Series s = Generator.builder().system("mackey-glass").duration(100.0).build().generate();
        // Regular ticks at 0, 1, ..., 99.
        assertThat(s.size()).isEqualTo(100);
        assertThat(s.time(99)).isEqualTo(99.0);
    }

    @Test
    void generate_bernoulliDrops_gapsShowAboutFractionPLost() {
        double p = 0.25;
        Series s = lorenz(15_000).sampling(Sampling.builder().period(0.05).dropRate(p).build())
                .build().generate();
        long ticks = Math.round(s.time(s.size() - 1) / 0.05) + 1;
        double lost = 1.0 - (double) s.size() / ticks;
        // About 20 000 ticks: binomial std √(p(1−p)/n) ≈ 0.003.
        assertThat(lost).isCloseTo(p, within(0.015));
        double worst = 0;
        for (int k = 1; k < s.size(); k++) {
            double missing = s.gap(k) / 0.05 - 1;
            worst = Math.max(worst, Math.abs(missing - Math.rint(missing)));
        }
        // Without jitter every gap is a whole number of periods.
        assertThat(worst).isLessThan(1e-6);
    }

    @Test
    void generate_jitter_gapsWithinRangeWithMeanPeriod() {
        Series s = Generator.builder().system("oscillator").samples(10_000)
                .sampling(Sampling.builder().period(0.25).jitter(0.5).build()).build().generate();
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int k = 1; k < s.size(); k++) {
            min = Math.min(min, s.gap(k));
            max = Math.max(max, s.gap(k));
            sum += s.gap(k);
        }
        assertThat(min).isBetween(0.125 - 1e-12, 0.13);
        assertThat(max).isBetween(0.37, 0.375 + 1e-12);
        // Factor std 0.5/√3 ≈ 0.29, so the mean of 10⁴ gaps has std ≈ 0.25 · 0.0029.
        assertThat(sum / (s.size() - 1)).isCloseTo(0.25, within(0.003));
    }

    @Test
    void generate_relativeNoise_hasStdSigmaTimesChannelScale() {
        Generator.Builder b = lorenz(10_000).seed(3);
        Series clean = b.build().generate();
        Series noisy =
                b.sampling(Sampling.builder().period(0.05).noise(0.1).build()).build().generate();
        double[] scales = SystemKind.LORENZ.scales(Lorenz63.CLASSIC);
        for (int c = 0; c < 3; c++) {
            // The noise is the only difference; the std of 10⁴ normals is within ~0.7 % (1σ).
            assertThat(diffStd(noisy, clean, c) / (0.1 * scales[c])).isCloseTo(1.0, within(0.03));
        }
    }

    @Test
    void generate_absoluteNoise_hasStdSigma() {
        Generator.Builder b = Generator.builder().system("mackey-glass").samples(5000).seed(3);
        Series clean = b.build().generate();
        Series noisy =
                b.sampling(Sampling.builder().absoluteNoise(0.01).build()).build().generate();
        // The std of 5000 normals is within 1 % (1σ).
        assertThat(diffStd(noisy, clean, 0) / 0.01).isCloseTo(1.0, within(0.035));
    }

    private static double diffStd(Series a, Series b, int c) {
        assertThat(a.size()).isEqualTo(b.size());
        assertThat(a.time(a.size() - 1)).isEqualTo(b.time(b.size() - 1));
        double sum = 0;
        double sq = 0;
        for (int k = 0; k < a.size(); k++) {
            double d = a.value(k, c) - b.value(k, c);
            sum += d;
            sq += d * d;
        }
        double mean = sum / a.size();
        return Math.sqrt(sq / a.size() - mean * mean);
    }

    @Test
    void generate_partialObservation_keepsOnlyTheChosenChannelsInOrder() {
        Generator.Builder b = lorenz(400).seed(8);
        Sampling all = FAULTY;
        Series full = b.sampling(all).build().generate();
        Series part = b.sampling(all.toBuilder().channels(2, 0).build()).build().generate();
        assertThat(b.build().channels()).isEqualTo(2);
        assertThat(part.channels()).isEqualTo(2);
        assertThat(part.size()).isEqualTo(full.size());
        for (int k = 0; k < full.size(); k++) {
            assertThat(part.time(k)).isEqualTo(full.time(k));
            assertThat(part.value(k, 0)).isEqualTo(full.value(k, 2));
            assertThat(part.value(k, 1)).isEqualTo(full.value(k, 0));
        }
    }

    @Test
    void generate_fixedInitialState_isTheSameForEverySeed() {
        Generator.Builder b = lorenz(300).initialState(1, 2, 20);
        assertSameSeries(b.seed(1).build().generate(), b.seed(2).build().generate());
    }

    @Test
    void generate_noBurnIn_startsAtTheInitialState() {
        Series s = Generator.builder().system("mackey-glass").samples(5).initialState(0.8)
                .burnIn(0).build().generate();
        assertThat(s.value(0, 0)).isEqualTo(0.8);
    }

    @Test
    void anomalies_count_spreadsThatManyOverTheRunInOrder() {
        Generator g = lorenz(4000).sampling(FAULTY).seed(2)
                .anomalies(AnomalySpec.builder().count(5).build()).build();
        List<Anomaly> list = g.anomalies();
        Series s = g.generate();
        assertThat(list).hasSize(5);
        for (int i = 0; i < list.size(); i++) {
            // One per slot of 4000 · 0.05 / 5 = 40 time units, never in a slot's outer tenth.
            assertThat(list.get(i).start()).isGreaterThanOrEqualTo(40 * i + 4);
            assertThat(list.get(i).end()).isLessThanOrEqualTo(40 * i + 36);
        }
        for (int k = 0; k < s.size(); k++) {
            double t = s.time(k);
            int expected = list.stream().filter(a -> a.covers(t))
                    .mapToInt(a -> a.type().code()).findFirst().orElse(0);
            assertThat(s.label(k)).as("label at t=%s", t).isEqualTo(expected);
        }
    }

    @Test
    void anomalies_explicit_areReturnedSortedWhenTheyStartInTheRun() {
        Anomaly late = new Anomaly(AnomalyType.SPIKE, 40, 41, 5);
        Anomaly early = new Anomaly(AnomalyType.STUCK, 10, 20, 0);
        Anomaly beyond = new Anomaly(AnomalyType.SPIKE, 1000, 1001, 5);
        Generator g = lorenz(1000).anomalies(late, beyond, early).build();
        assertThat(g.anomalies()).containsExactly(early, late);
    }

    @Test
    void build_unknownSystem_listsTheValidNames() {
        assertThatThrownBy(() -> Generator.builder().system("rossler"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown system 'rossler': expected one of lorenz, mackey-glass,"
                        + " oscillator");
    }

    @Test
    void build_badLengths_areRejected() {
        assertRejected(b -> b.samples(0), "the number of samples must be positive: 0");
        assertRejected(b -> b.samples(-3), "the number of samples must be positive: -3");
        assertRejected(b -> b.duration(0), "duration must be positive and finite: 0.0");
        assertRejected(b -> b.burnIn(-1), "burn-in must be finite and non-negative: -1.0");
    }

    @Test
    void build_channelOutOfRange_isRejected() {
        assertRejected(
                b -> b.system("oscillator").sampling(Sampling.builder().channels(0, 2).build()),
                "observed channel 2 is out of range for a system with 2 channels");
    }

    @Test
    void build_wrongInitialState_isRejected() {
        assertRejected(b -> b.initialState(1, 2),
                "initial state: expected 3 values for lorenz but found 2");
        assertRejected(b -> b.initialState(1, Double.NaN, 3),
                "initial state[1] must be finite: NaN");
    }

    @Test
    void build_overlappingAnomalies_areRejected() {
        assertRejected(b -> b.anomalies(new Anomaly(AnomalyType.SPIKE, 5, 7, 3),
                        new Anomaly(AnomalyType.STUCK, 6, 9, 0)),
                "anomalies must not overlap");
    }

    @Test
    void build_anomalyCountOnUnboundedRun_isRejected() {
        assertRejected(b -> b.unbounded().anomalies(AnomalySpec.builder().count(3).build()),
                "an anomaly count needs a bounded run");
    }

    @Test
    void toBuilder_otherSystem_takesThatSystemsDefaults() {
        Generator lorenz = lorenz(10).build();
        Generator mg = lorenz.toBuilder().system("mackey-glass").build();
        assertThat(lorenz.sampling().period()).isEqualTo(0.05);
        assertThat(mg.sampling().period()).isEqualTo(1.0);
        assertThat(mg.toString()).contains("burnIn=1000.0");
    }

    @Test
    void toString_namesTheSettings() {
        assertThat(lorenz(10).seed(4).build().toString())
                .startsWith("Generator{system=lorenz, samples=10, Sampling{period=0.05,")
                .contains("seed=4, stream=0, burnIn=50.0, initialState=random");
    }
}
