package io.ltcflink.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.engine.LongGapPolicy;
import io.ltcflink.core.engine.SwapPolicy;
import io.ltcflink.flink.OutOfOrderMode;
import io.ltcflink.jobs.kafka.JobOptions.DataTimeUnit;
import io.ltcflink.jobs.kafka.JobOptions.Delivery;
import io.ltcflink.jobs.kafka.JobOptions.LongGap;
import io.ltcflink.jobs.kafka.JobOptions.OutOfOrder;
import io.ltcflink.jobs.kafka.JobOptions.StartingOffsets;
import io.ltcflink.jobs.kafka.JobOptions.StateBackend;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.junit.jupiter.api.Test;

/** Tests for {@link JobOptions}. */
final class JobOptionsTest {

    @Test
    void all_isEveryOptionOfTheClass_eachWithADescription() throws Exception {
        List<ConfigOption<?>> fields = new ArrayList<>();
        for (Field f : JobOptions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
                fields.add((ConfigOption<?>) f.get(null));
            }
        }
        assertThat(JobOptions.all()).hasSize(35).containsExactlyInAnyOrderElementsOf(fields);
        assertThat(JobOptions.all())
                .allSatisfy(o -> assertThat(new HtmlFormatter().format(o.description()))
                        .as(o.key()).hasSizeGreaterThan(10));
    }

    @Test
    void options_keepTheFlagNamesAndDefaults() {
        assertThat(JobOptions.all()).extracting(ConfigOption::key).containsExactly(
                "bootstrap", "model", "input-topic", "model-topic", "model-updates-dir",
                "model-updates-interval", "swap-policy",
                "input-format", "output-format",
                "forecast-topic", "alert-topic", "dead-letter-topic", "delivery", "group-id",
                "starting-offsets", "parallelism", "max-parallelism", "state-backend",
                "checkpoint-interval",
                "checkpoint-dir", "buffer-timeout", "out-of-orderness", "idleness", "max-ahead-of-clock",
                "time-unit", "out-of-order", "max-gap", "long-gap", "state-ttl", "numeric-mode",
                "measure-cpu", "alert-threshold", "clear-threshold", "alert-cool-down",
                "transactional-id-prefix");
        assertThat(JobOptions.DELIVERY.defaultValue()).hasToString("at-least-once");
        assertThat(JobOptions.SWAP_POLICY.defaultValue()).hasToString("reset");
        assertThat(JobOptions.STARTING_OFFSETS.defaultValue()).hasToString("committed");
        assertThat(JobOptions.STATE_BACKEND.defaultValue()).hasToString("rocksdb");
        assertThat(JobOptions.INPUT_FORMAT.defaultValue()).hasToString("avro");
        assertThat(JobOptions.OUT_OF_ORDER.defaultValue()).hasToString("arrival");
        assertThat(JobOptions.LONG_GAP.defaultValue()).hasToString("reset");
        assertThat(JobOptions.TIME_UNIT.defaultValue()).hasToString("s");
        assertThat(JobOptions.CHECKPOINT_INTERVAL.defaultValue()).isEqualTo(Duration.ofSeconds(10));
        assertThat(JobOptions.BUFFER_TIMEOUT.defaultValue()).isEqualTo(Duration.ofMillis(10));
        assertThat(JobOptions.MODEL_UPDATES_INTERVAL.defaultValue()).isEqualTo(Duration.ofSeconds(5));
        assertThat(JobOptions.MAX_AHEAD_OF_CLOCK.defaultValue()).isEqualTo(Duration.ofMinutes(10));
        assertThat(JobOptions.ALERT_COOL_DOWN.defaultValue()).isEqualTo(Duration.ZERO);
        assertThat(JobOptions.GROUP_ID.defaultValue()).isEqualTo("ltc-anomaly-job");
        assertThat(JobOptions.MAX_PARALLELISM.defaultValue()).isEqualTo(128);
        assertThat(JobOptions.TRANSACTIONAL_ID_PREFIX.defaultValue()).isEqualTo("ltc-anomaly");
        assertThat(JobOptions.ALERT_THRESHOLD.defaultValue()).isEqualTo(0.99);
        assertThat(JobOptions.CLEAR_THRESHOLD.defaultValue()).isEqualTo(0.9);
        for (ConfigOption<?> o : List.of(JobOptions.BOOTSTRAP, JobOptions.MODEL,
                JobOptions.INPUT_TOPIC, JobOptions.MODEL_UPDATES_DIR, JobOptions.MAX_GAP, JobOptions.STATE_TTL,
                JobOptions.NUMERIC_MODE, JobOptions.CHECKPOINT_DIR)) {
            assertThat(o.hasDefaultValue()).as(o.key()).isFalse();
        }
    }

    @Test
    void flinkConfigurationOfStrings_readsTodaysSpellings() {
        Configuration c = Configuration.fromMap(Map.of(
                "delivery", "exactly-once",
                "starting-offsets", "earliest",
                "state-backend", "hashmap",
                "input-format", "json",
                "out-of-order", "event-time",
                "long-gap", "keep",
                "time-unit", "min",
                "numeric-mode", "exact",
                "swap-policy", "carry-warm",
                "checkpoint-interval", "5s"));
        assertThat(c.get(JobOptions.DELIVERY)).isEqualTo(Delivery.EXACTLY_ONCE);
        assertThat(c.get(JobOptions.STARTING_OFFSETS)).isEqualTo(StartingOffsets.EARLIEST);
        assertThat(c.get(JobOptions.STATE_BACKEND)).isEqualTo(StateBackend.HASHMAP);
        assertThat(c.get(JobOptions.INPUT_FORMAT)).isEqualTo(WireFormat.JSON);
        assertThat(c.get(JobOptions.OUT_OF_ORDER)).isEqualTo(OutOfOrder.EVENT_TIME);
        assertThat(c.get(JobOptions.LONG_GAP)).isEqualTo(LongGap.KEEP);
        assertThat(c.get(JobOptions.TIME_UNIT)).isEqualTo(DataTimeUnit.MIN);
        assertThat(c.get(JobOptions.NUMERIC_MODE)).isEqualTo(NumericMode.EXACT);
        assertThat(c.get(JobOptions.SWAP_POLICY)).isEqualTo(SwapPolicy.CARRY_WARM);
        assertThat(c.get(JobOptions.CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void enumeratedValues_mapToTheOperatorsSettings() {
        assertThat(OutOfOrder.EVENT_TIME.mode()).isEqualTo(OutOfOrderMode.EVENT_TIME);
        assertThat(OutOfOrder.ARRIVAL.mode()).isEqualTo(OutOfOrderMode.ARRIVAL);
        assertThat(LongGap.KEEP.policy()).isEqualTo(LongGapPolicy.KEEP_INTEGRATING);
        assertThat(LongGap.RESET.policy()).isEqualTo(LongGapPolicy.RESET);
        assertThat(DataTimeUnit.MS.duration()).isEqualTo(Duration.ofMillis(1));
        assertThat(DataTimeUnit.MIN.duration()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void named_flagOrJavaNameInAnyCase_otherwiseListsTheNames() {
        assertThat(JobOptions.named(Delivery.class, "Exactly-Once"))
                .isEqualTo(Delivery.EXACTLY_ONCE);
        assertThat(JobOptions.named(OutOfOrder.class, "event_time"))
                .isEqualTo(OutOfOrder.EVENT_TIME);
        assertThat(JobOptions.named(NumericMode.class, "fast")).isEqualTo(NumericMode.FAST);
        assertThatThrownBy(() -> JobOptions.named(StartingOffsets.class, "middle"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be earliest, latest or committed: middle");
    }
}
