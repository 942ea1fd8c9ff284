package io.ltcflink.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.flink.SensorReading;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensorStreamTest {

    private static final long START = 1_700_000_000_000L;

    private static SensorStream.Settings settings(double leadIn) {
        return new SensorStream.Settings("lorenz", 4, 0.05, 0.3, 0.2, 0.0, 5, 0.01, 100, 0.0,
                0.0, 3, START, 1000.0, leadIn);
    }

    @Test
    void incidentsAreReportedOnceOverAndAnOpenOneIsVisibleAtAStop() {
        List<Incident> done = new ArrayList<>();
        SensorStream stream = new SensorStream(settings(0), done::add);
        boolean sawOpen = false;
        for (int i = 0; i < 20_000 && !(sawOpen && !done.isEmpty()); i++) {
            SensorReading r = stream.next();
            for (Incident open : stream.openIncidents()) {
                assertThat(open.startMillis()).isLessThanOrEqualTo(open.endMillis());
                assertThat(open.endMillis()).isLessThanOrEqualTo(r.timestamp);
                assertThat(done).noneMatch(d -> d.sensorId().equals(open.sensorId())
                        && d.startMillis() == open.startMillis());
                sawOpen |= open.endMillis() > open.startMillis();
            }
        }
        assertThat(sawOpen).isTrue();
        assertThat(done).isNotEmpty();
        assertThat(done).allSatisfy(d -> assertThat(d.endMillis()).isGreaterThanOrEqualTo(d.startMillis()));
    }

    @Test
    void aLeadInKeepsEverySensorsStartFreeOfAnomalies() {
        List<Incident> plain = new ArrayList<>();
        List<Incident> led = new ArrayList<>();
        SensorStream a = new SensorStream(settings(0), plain::add);
        SensorStream b = new SensorStream(settings(150), led::add);
        for (int i = 0; i < 8_000; i++) {
            a.next();
            b.next();
        }
        // 150 periods of 0.05 s are 7.5 s of event time; a slot's anomaly never starts in its
        // first tenth.
        assertThat(led).isNotEmpty().allSatisfy(
                d -> assertThat(d.startMillis() - START).isGreaterThanOrEqualTo(7_500 + 500));
        assertThat(plain).anySatisfy(
                d -> assertThat(d.startMillis() - START).isLessThan(7_500));
    }
}
