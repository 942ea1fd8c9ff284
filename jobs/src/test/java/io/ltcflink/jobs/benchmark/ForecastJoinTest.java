package io.ltcflink.jobs.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ltcflink.flink.Forecast;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link ForecastJoin} and {@link ModelMetrics} on a small hand-made stream. */
final class ForecastJoinTest {

    private static final double[] NONE = new double[0];

    /**
     * Key a (condition c1) reads 1, 2, 4, 3 at t = 0, 10, 20, 30; key b (c2) reads 10, 12 at t =
     * 0, 15. Model ltc forecasts a: 1.5, 4, 3.5 and b: 11; model lstm forecasts a: 3, 2, 3 and b:
     * 12. The records arrive interleaved, some forecasts before their reading, with a duplicate
     * forecast, a late reading and a forecast of a model nobody asked about.
     */
    private static ForecastJoin handMade() {
        ForecastJoin j = ForecastJoin.builder(List.of("ltc", "lstm"))
                .conditionOf(k -> k.equals("a") ? "c1" : "c2")
                .warmUp(1)
                .gapEdges(2.0)
                .timeBucketMillis(20)
                .build();
        j.addForecast("ltc", "a", 0, 0, NONE, 0, Forecast.FIRST, 1);
        j.addReading("a", 0, new double[] {1});
        j.addForecast("ltc", "a", 10, 1.0, new double[] {1.5}, 100, 0, 2);
        j.addReading("a", 10, new double[] {2});
        j.addReading("b", 0, new double[] {10});
        j.addForecast("ltc", "b", 0, 0, NONE, 0, Forecast.FIRST, 3);
        j.addReading("a", 20, new double[] {4});
        j.addForecast("ltc", "a", 20, 1.0, new double[] {4}, 300, 0, 4);
        j.addForecast("ltc", "a", 20, 1.0, new double[] {99}, 300, 0, 5);
        j.addReading("a", 30, new double[] {3});
        j.addReading("a", 25, new double[] {7});
        j.addForecast("ltc", "a", 30, 3.0, new double[] {3.5}, 200, 0, 6);
        j.addForecast("gru", "a", 30, 3.0, new double[] {0}, 1, 0, 7);
        j.addReading("b", 15, new double[] {12});
        j.addForecast("ltc", "b", 15, 1.5, new double[] {11}, 150, 0, 8);
        j.addForecast("lstm", "a", 0, 0, NONE, 0, Forecast.FIRST, 1_000_000_009L);
        j.addForecast("lstm", "a", 10, 1.0, new double[] {3}, 1000, 0, 1_000_000_010L);
        j.addForecast("lstm", "a", 20, 1.0, new double[] {2}, 3000, 0, 1_000_000_011L);
        j.addForecast("lstm", "b", 0, 0, NONE, 0, Forecast.FIRST, 1_000_000_012L);
        j.addForecast("lstm", "a", 30, 3.0, new double[] {3}, 2000, 0, 1_000_000_013L);
        j.addForecast("lstm", "b", 15, 1.5, new double[] {12}, 1500, 0, 2_000_000_014L);
        return j;
    }

    @Test
    void join_interleavedArrival_scoresEveryModelOnTheSameRecords() {
        ForecastJoin j = handMade();
        assertThat(j.counts())
                .containsEntry("readings", 7L)
                .containsEntry("scored", 4L)
                // a@0 and b@0 are the keys' first readings, inside the warm-up of 1.
                .containsEntry("warmUpSkipped", 2L)
                .containsEntry("lateReadings", 1L)
                .containsEntry("duplicateForecasts", 1L)
                .containsEntry("unknownForecasts", 1L)
                .containsEntry("pending", 0L);
        assertThat(j.conditions()).containsExactly("c1", "c2");
        assertThat(j.metrics("ltc", "c1").records()).isEqualTo(3);
        assertThat(j.metrics("lstm", "c2").records()).isEqualTo(1);
    }

    @Test
    void metrics_handMadeStream_knownMseSmapeAndBaseline() {
        ForecastJoin j = handMade();
        // ltc on a: errors −0.5, 0, 0.5 → MSE 0.5/3. lstm on a: 1, −2, 0 → MSE 5/3.
        assertThat(j.metrics("ltc", "c1").mse()).isCloseTo(0.5 / 3, within(1e-15));
        assertThat(j.metrics("lstm", "c1").mse()).isCloseTo(5.0 / 3, within(1e-15));
        // sMAPE terms |e|/(|ŷ|+|y|): ltc 0.5/3.5, 0/8, 0.5/6.5; lstm 1/5, 2/6, 0/6.
        assertThat(j.metrics("ltc", "c1").smape())
                .isCloseTo(200.0 / 3 * (0.5 / 3.5 + 0.5 / 6.5), within(1e-12));
        assertThat(j.metrics("lstm", "c1").smape())
                .isCloseTo(200.0 / 3 * (1.0 / 5 + 2.0 / 6), within(1e-12));
        // b@15: ltc misses by 1, lstm is exact.
        assertThat(j.metrics("ltc", "c2").mse()).isEqualTo(1.0);
        assertThat(j.metrics("lstm", "c2").mse()).isEqualTo(0.0);
        // Persistence on a: 1→2, 2→4, 4→3: squared errors 1, 4, 1.
        assertThat(j.persistence("c1").mse()).isEqualTo(2.0);
        // The actual values scored on a are 2, 4, 3: population variance 2/3.
        assertThat(j.actualVariance("c1")).isCloseTo(2.0 / 3, within(1e-15));
        // The duplicate forecast of 99 was ignored, or ltc's MSE would be enormous.
        assertThat(j.rollingMse("ltc")).isCloseTo((0.25 + 0 + 0.25 + 1) / 4, within(1e-15));
    }

    @Test
    void metrics_cpuPercentilesGapBinsAndTimeBuckets_knownValues() {
        ForecastJoin j = handMade();
        ModelMetrics ltc = j.metrics("ltc", "c1");
        // Nearest rank over {100, 200, 300}: p50 is the 2nd, p99 the 3rd.
        assertThat(ltc.cpuNanosPercentile(50)).isEqualTo(200);
        assertThat(ltc.cpuNanosPercentile(99)).isEqualTo(300);
        assertThat(ltc.cpuNanosMean()).isEqualTo(200.0);
        assertThat(j.metrics("lstm", "c1").cpuNanosPercentile(50)).isEqualTo(2000);
        // Gaps 1, 1 fall below the edge 2; the gap of 3 above it.
        assertThat(ltc.gapBins()).containsExactly(
                new ModelMetrics.GapBin(0, 2, 2, 0.125),
                new ModelMetrics.GapBin(2, Double.POSITIVE_INFINITY, 1, 0.25));
        // 20 ms buckets: t=10 in [0, 20), t=20 and 30 in [20, 40).
        assertThat(ltc.timeBuckets()).containsExactly(
                new ModelMetrics.TimeBucket(0, 1, 0.25),
                new ModelMetrics.TimeBucket(20, 2, 0.125));
    }

    @Test
    void receivedPerSecond_fromFirstToLastArrival() {
        ForecastJoin j = handMade();
        // lstm: 6 forecasts over 1.000000005 s of arrival: 5 intervals.
        assertThat(j.received("lstm")).isEqualTo(6);
        assertThat(j.receivedPerSecond("lstm")).isCloseTo(5 / 1.000000005, within(1e-9));
    }

    @Test
    void join_modelMissingARecord_leavesItPendingAndUnscored() {
        ForecastJoin j = ForecastJoin.builder(List.of("ltc", "lstm")).build();
        j.addReading("a", 0, new double[] {1, 1});
        j.addReading("a", 5, new double[] {2, 2});
        j.addForecast("ltc", "a", 5, 0.5, new double[] {2, 2}, 10, 0, 1);
        assertThat(j.counts()).containsEntry("pending", 2L).containsEntry("scored", 0L);
        assertThat(j.metrics("ltc", "all")).isNull();
    }

    @Test
    void join_firstRecordIsNotComparableAndRepeatedTimestampsAreIgnored() {
        ForecastJoin j = ForecastJoin.builder(List.of("ltc")).build();
        j.addReading("a", 0, new double[] {1});
        j.addForecast("ltc", "a", 0, 0, NONE, 0, Forecast.FIRST, 1);
        j.addReading("a", 0, new double[] {5});
        j.addReading("a", 1, new double[] {1});
        j.addForecast("ltc", "a", 0, 0, new double[] {1}, 0, Forecast.DUPLICATE_TIME, 2);
        assertThat(j.counts()).containsEntry("notComparable", 1L)
                .containsEntry("duplicateReadings", 1L)
                .containsEntry("duplicateForecasts", 1L)
                // a@1 still waits for its forecast.
                .containsEntry("pending", 1L)
                .containsEntry("scored", 0L);
    }

    @Test
    void build_sameModelTwice_failsNamingIt() {
        assertThatThrownBy(() -> ForecastJoin.builder(List.of("x", "x")).build())
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model x is listed twice");
    }
}
