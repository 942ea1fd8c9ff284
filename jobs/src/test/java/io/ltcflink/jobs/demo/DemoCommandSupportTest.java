package io.ltcflink.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltcflink.jobs.kafka.JobConfig;
import io.ltcflink.jobs.kafka.JobOptions.Delivery;
import io.ltcflink.jobs.kafka.JobOptions.StartingOffsets;
import io.ltcflink.jobs.kafka.JobOptions.StateBackend;
import io.ltcflink.jobs.kafka.KafkaAnomalyJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for the demo's job configuration. */
final class DemoCommandSupportTest {

    @TempDir Path dir;

    @Test
    void jobConfig_isTheDemosJob() throws Exception {
        Path model = DemoCommandSupport.bundledModel(dir);
        JobConfig cfg = DemoCommandSupport.jobConfig("127.0.0.1:9092", model, "sensor-readings",
                Delivery.EXACTLY_ONCE, 2, dir);
        assertThat(cfg.validate()).isEmpty();
        assertThat(cfg.bootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(cfg.model()).isEqualTo(model.toString());
        assertThat(cfg.exactlyOnce()).isTrue();
        assertThat(cfg.parallelism()).isEqualTo(2);
        assertThat(cfg.startingOffsets()).isEqualTo(StartingOffsets.EARLIEST);
        assertThat(cfg.stateBackend()).isEqualTo(StateBackend.ROCKSDB);
        assertThat(cfg.checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(cfg.checkpointDir()).isEqualTo(dir.resolve("checkpoints").toUri().toString());
        assertThat(cfg.transactionalIdPrefix()).startsWith("ltc-demo-");
        assertThat(cfg.forecastTopic()).isEqualTo("sensor-readings-forecasts");
        assertThat(cfg.alertTopic()).isEqualTo("sensor-readings-alerts");
        assertThat(cfg.deadLetterTopic()).isEqualTo("sensor-readings-dead-letters");
        assertThat(cfg.operatorConfig().alertCoolDown()).isEqualTo(Duration.ofSeconds(2));
        Map<String, String> flink = KafkaAnomalyJob.flinkConfiguration(cfg).toMap();
        assertThat(flink).containsEntry("state.backend.type", "rocksdb")
                .containsEntry("state.backend.rocksdb.use-bloom-filter", "true")
                .containsEntry("execution.checkpointing.interval", "5000 ms")
                .containsEntry("execution.checkpointing.dir", cfg.checkpointDir());
    }

    @Test
    void jobConfig_badSettings_failListingThem() {
        Path absent = dir.resolve("absent.model");
        assertThatThrownBy(() -> DemoCommandSupport.jobConfig("127.0.0.1:9092", absent,
                        "sensor-readings", Delivery.AT_LEAST_ONCE, 0, dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the demo configuration has 2 problem(s)")
                .hasMessageContaining("--model: cannot read " + absent)
                .hasMessageContaining("--parallelism: must be positive: 0");
    }
}
