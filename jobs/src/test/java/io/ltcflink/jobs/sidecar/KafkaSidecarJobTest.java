package io.ltcflink.jobs.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.jobs.kafka.JobConfig;
import io.ltcflink.jobs.kafka.JobOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link KafkaSidecarJob}'s configuration. */
final class KafkaSidecarJobTest {

    @TempDir Path dir;

    private Map<String, String> flags() throws Exception {
        Path model = Files.writeString(dir.resolve("m.model"), "{}");
        Map<String, String> f = new HashMap<>();
        f.put("bootstrap", "localhost:9092");
        f.put("model", model.toString());
        f.put("input-topic", "readings");
        return f;
    }

    @Test
    void config_nothingSet_takesTheSidecarsOwnTopicsAndGroup() throws Exception {
        JobConfig cfg = KafkaSidecarJob.config(null, flags());
        assertThat(cfg.forecastTopic()).isEqualTo("readings-lstm-forecasts");
        assertThat(cfg.deadLetterTopic()).isEqualTo("readings-lstm-dead-letters");
        // Not the anomaly job's group: sharing it would split the topic between the two jobs.
        assertThat(cfg.groupId()).isEqualTo(KafkaSidecarJob.GROUP_ID)
                .isNotEqualTo(JobOptions.GROUP_ID.defaultValue());
        assertThat(cfg.transactionalIdPrefix()).isEqualTo("ltc-lstm-sidecar");
        assertThat(cfg.validate()).isEmpty();
    }

    @Test
    void config_valuesInTheFileOrFlags_win() throws Exception {
        Path file = dir.resolve("sidecar.properties");
        Files.writeString(file, "forecast-topic=mine\ngroup-id=team-a\n");
        Map<String, String> f = flags();
        f.put("dead-letter-topic", "dlq");
        JobConfig cfg = KafkaSidecarJob.config(file, f);
        assertThat(cfg.forecastTopic()).isEqualTo("mine");
        assertThat(cfg.deadLetterTopic()).isEqualTo("dlq");
        assertThat(cfg.groupId()).isEqualTo("team-a");
    }

    @Test
    void withSidecarDefaults_typedConfiguration_replacesOnlyTheAnomalyJobsDefaults()
            throws Exception {
        Path model = Files.writeString(dir.resolve("m.model"), "{}");
        JobConfig cfg = KafkaSidecarJob.withSidecarDefaults(JobConfig.builder()
                .set(JobOptions.BOOTSTRAP, "localhost:9092")
                .set(JobOptions.MODEL, model.toString())
                .set(JobOptions.INPUT_TOPIC, "readings")
                .set(JobOptions.GROUP_ID, JobOptions.GROUP_ID.defaultValue())
                .set(JobOptions.TRANSACTIONAL_ID_PREFIX, "team-b")
                .set(JobOptions.ALERT_TOPIC, "team-b-alerts")
                .build());
        assertThat(cfg.groupId()).isEqualTo(KafkaSidecarJob.GROUP_ID);
        assertThat(cfg.transactionalIdPrefix()).isEqualTo("team-b");
        assertThat(cfg.alertTopic()).isEqualTo("team-b-alerts");
        assertThat(cfg.forecastTopic()).isEqualTo("readings-lstm-forecasts");
        assertThat(cfg.validate()).isEmpty();
    }

    @Test
    void config_problemsOfTheFileAndFlags_surviveTheSidecarsDefaults() throws Exception {
        Path file = dir.resolve("sidecar.properties");
        Files.writeString(file, "group-id=team-a\nwindow=8\n");
        Map<String, String> f = flags();
        f.put("delivery", "twice");
        assertThat(KafkaSidecarJob.config(file, f).validate()).containsExactlyInAnyOrder(
                "unknown setting 'window'",
                "--delivery: must be at-least-once or exactly-once: twice");
    }
}
