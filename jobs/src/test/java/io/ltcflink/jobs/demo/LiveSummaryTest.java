package io.ltcflink.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.jobs.generate.Incident;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveSummaryTest {

    private static LiveSummary summary() {
        return new LiveSummary("127.0.0.1:1", "f", "a", "d", List.of(), 100);
    }

    @Test
    void alertsAreMatchedToTheirSensorsIncidentsWithTheGraceAfterTheEnd() {
        LiveSummary s = summary();
        s.injected(new Incident("s1", 1_000, 2_000, 1));
        s.injected(new Incident("s2", 5_000, 6_000, 3));
        s.alertSeen(new LiveSummary.AlertSeen("s1", 1_500, 0.999));   // inside
        s.alertSeen(new LiveSummary.AlertSeen("s1", 2_100, 0.999));   // within the grace
        s.alertSeen(new LiveSummary.AlertSeen("s1", 2_101, 0.999));   // after it
        s.alertSeen(new LiveSummary.AlertSeen("s2", 1_500, 0.999));   // another sensor's time
        assertThat(s.unexplainedAlerts()).isEqualTo(2);
        assertThat(s.caught()).extracting(Incident::sensorId).containsExactly("s1");
    }

    @Test
    void anAlertInAnAnomalyUnderWayAtTheStopIsNoFalseAlarmButTheAnomalyIsNotCounted() {
        LiveSummary s = summary();
        s.injected(new Incident("s1", 1_000, 2_000, 1));
        s.alertSeen(new LiveSummary.AlertSeen("s1", 1_200, 0.999));
        s.alertSeen(new LiveSummary.AlertSeen("s3", 9_050, 0.999));
        assertThat(s.unexplainedAlerts()).isEqualTo(1);
        s.underWayAtStop(List.of(new Incident("s3", 9_000, 9_040, 4)));
        assertThat(s.unexplainedAlerts()).isZero();
        assertThat(s.incidents()).hasSize(1);
        assertThat(s.caught()).hasSize(1);
    }
}
