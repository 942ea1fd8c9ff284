package io.ltcflink.jobs.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.core.data.Series;
import io.ltcflink.core.data.SystemKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Tests for {@link BenchmarkData}. */
final class BenchmarkDataTest {

    private static final BenchmarkSettings SMALL = BenchmarkSettings.quick().toBuilder()
            .sensorsPerCondition(2).readingsPerSensor(50).trainSamples(400).build();

    @Test
    void key_andCondition_roundTrip() {
        String key = BenchmarkData.key(SystemKind.MACKEY_GLASS, 0.3, 7);
        assertThat(key).isEqualTo("mackey-glass-d30-s07");
        assertThat(BenchmarkData.condition(key)).isEqualTo("d30");
        assertThat(BenchmarkData.dropRate("d30")).isEqualTo(0.3);
    }

    @Test
    void stream_everySensorItsReadingsInEventTimeOrderPlusNineBadRecords() {
        long epoch = 1_000_000_000L;
        List<BenchmarkData.Outgoing> out = BenchmarkData.stream(SystemKind.LORENZ, SMALL, epoch);
        Map<BenchmarkData.Kind, Long> kinds = out.stream().collect(
                Collectors.groupingBy(BenchmarkData.Outgoing::kind, Collectors.counting()));
        // 4 drop rates × 2 sensors × 50 readings, and one of each bad kind at three places.
        assertThat(kinds).containsEntry(BenchmarkData.Kind.VALID, 400L)
                .containsEntry(BenchmarkData.Kind.UNDECODABLE, 3L)
                .containsEntry(BenchmarkData.Kind.NOT_FINITE, 3L)
                .containsEntry(BenchmarkData.Kind.LATE, 3L);
        List<Long> valid = out.stream().filter(o -> o.kind() == BenchmarkData.Kind.VALID)
                .map(BenchmarkData.Outgoing::timestamp).collect(Collectors.toList());
        assertThat(valid).isSorted();
        assertThat(valid.get(0)).isGreaterThanOrEqualTo(epoch);
        assertThat(out.stream().map(BenchmarkData.Outgoing::key).distinct()).hasSize(8);
    }

    @Test
    void epochBefore_putsTheWholeStreamInTheRecentPast() {
        long now = 1_800_000_000_000L;
        long epoch = BenchmarkData.epochBefore(now, SystemKind.MACKEY_GLASS, SMALL);
        List<BenchmarkData.Outgoing> out =
                BenchmarkData.stream(SystemKind.MACKEY_GLASS, SMALL, epoch);
        long last = out.stream().mapToLong(BenchmarkData.Outgoing::timestamp).max().getAsLong();
        assertThat(last).isLessThan(now);
        // Well inside a broker's default 7-day time-based retention.
        assertThat(now - epoch).isLessThan(Duration.ofDays(1).toMillis());
        assertThat(epoch % 1000).isZero();
    }

    @Test
    void trainingSeries_sizeAndTimesInNominalPeriods() {
        Series s = BenchmarkData.trainingSeries(SystemKind.LORENZ, SMALL);
        assertThat(s.size()).isEqualTo(400);
        // Jittered ticks one period apart, some dropped: every gap is at least 0.7 periods.
        double smallest = Double.MAX_VALUE;
        for (int k = 1; k < s.size(); k++) {
            smallest = Math.min(smallest, s.gap(k));
        }
        assertThat(smallest).isGreaterThanOrEqualTo(0.7 - 1e-9).isLessThan(1.0);
        assertThat(BenchmarkData.modelTimeUnit(SystemKind.LORENZ, SMALL))
                .isEqualTo(Duration.ofMillis(50));
    }
}
