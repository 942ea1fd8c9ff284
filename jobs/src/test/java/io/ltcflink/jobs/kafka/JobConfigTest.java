package io.ltcflink.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.engine.LongGapPolicy;
import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.flink.OutOfOrderMode;
import io.ltcflink.jobs.kafka.JobOptions.Delivery;
import io.ltcflink.jobs.kafka.JobOptions.LongGap;
import io.ltcflink.jobs.kafka.JobOptions.OutOfOrder;
import io.ltcflink.jobs.kafka.JobOptions.StartingOffsets;
import io.ltcflink.jobs.kafka.JobOptions.StateBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.ConfigOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link JobConfig}. */
final class JobConfigTest {

    @TempDir Path dir;

    @Test
    void validate_nothingGiven_listsEveryMissingSetting() throws Exception {
        assertThat(JobConfig.of(null, Map.of()).validate())
                .contains("missing --bootstrap", "missing --model", "missing --input-topic");
    }

    @Test
    void validate_manyWrongValues_listsThemAllAtOnce() throws Exception {
        Map<String, String> f = new HashMap<>();
        f.put("bootstrap", "localhost:9092");
        f.put("model", dir.resolve("absent.model").toString());
        f.put("input-topic", "in");
        f.put("input-format", "xml");
        f.put("delivery", "maybe-once");
        f.put("parallelism", "0");
        f.put("checkpoint-interval", "soon");
        f.put("starting-offsets", "middle");
        assertThat(JobConfig.of(null, f).validate()).hasSize(6).anySatisfy(p ->
                assertThat(p).contains("--input-format").contains("xml"))
                .anySatisfy(p -> assertThat(p).contains("--delivery").contains("maybe-once"))
                .anySatisfy(p -> assertThat(p).contains("--parallelism").contains("0"))
                .anySatisfy(p -> assertThat(p).contains("--checkpoint-interval").contains("soon"))
                .anySatisfy(p -> assertThat(p).contains("--starting-offsets").contains("middle"))
                .anySatisfy(p -> assertThat(p).contains("--model: cannot read"));
    }

    @Test
    void of_propertiesFileAndFlags_flagsWinAndUnknownKeysAreReported() throws Exception {
        Path model = Files.writeString(dir.resolve("m.model"), "{}");
        Path props = dir.resolve("job.properties");
        Files.writeString(props, "bootstrap=kafka:9092\ninput-topic=from-file\nmodel=" + model
                + "\ndelivery=exactly-once\nchekpoint-interval=5s\n");
        Map<String, String> flags = new HashMap<>();
        flags.put("input-topic", "from-flag");
        JobConfig cfg = JobConfig.of(props, flags);
        assertThat(cfg.inputTopic()).isEqualTo("from-flag");
        assertThat(cfg.exactlyOnce()).isTrue();
        assertThat(cfg.bootstrap()).isEqualTo("kafka:9092");
        assertThat(cfg.forecastTopic()).isEqualTo("from-flag-forecasts");
        assertThat(cfg.validate()).containsExactly("unknown setting 'chekpoint-interval'");
    }

    @Test
    void validate_outputTopicEqualsInput_isRejected() throws Exception {
        Path model = Files.writeString(dir.resolve("m.model"), "{}");
        Map<String, String> f = new HashMap<>();
        f.put("bootstrap", "k:9092");
        f.put("model", model.toString());
        f.put("input-topic", "t");
        f.put("forecast-topic", "t");
        assertThat(JobConfig.of(null, f).validate())
                .containsExactly("the output topics must differ from --input-topic");
    }

    @Test
    void numericMode_fastOrAbsentOrWrong_reachesTheOperatorOrIsReported() throws Exception {
        Path model = Files.writeString(dir.resolve("m.model"), "{}");
        Map<String, String> f = new HashMap<>();
        f.put("bootstrap", "k:9092");
        f.put("model", model.toString());
        f.put("input-topic", "t");
        assertThat(JobConfig.of(null, f).operatorConfig().numericMode()).isNull();
        f.put("numeric-mode", "fast");
        JobConfig fast = JobConfig.of(null, f);
        assertThat(fast.validate()).isEmpty();
        assertThat(fast.operatorConfig().numericMode()).isEqualTo(NumericMode.FAST);
        f.put("numeric-mode", "quick");
        assertThat(JobConfig.of(null, f).validate()).singleElement().satisfies(p ->
                assertThat(p).contains("numeric-mode").contains("must be exact or fast: quick"));
    }

    private Map<String, String> required() throws Exception {
        Path model = Files.writeString(dir.resolve("m.model"), "{}");
        Map<String, String> f = new HashMap<>();
        f.put("bootstrap", "k:9092");
        f.put("model", model.toString());
        f.put("input-topic", "t");
        return f;
    }

    @Test
    void of_enumeratedValuesInTodaysSpelling_areTheTypedValues() throws Exception {
        Map<String, String> f = required();
        f.put("delivery", "exactly-once");
        f.put("starting-offsets", "latest");
        f.put("state-backend", "hashmap");
        f.put("input-format", "JSON");
        f.put("out-of-order", "event_time");
        f.put("max-gap", "1.5s");
        f.put("long-gap", "keep");
        f.put("time-unit", "min");
        f.put("measure-cpu", "true");
        JobConfig cfg = JobConfig.of(null, f);
        assertThat(cfg.validate()).isEmpty();
        assertThat(cfg.delivery()).isEqualTo(Delivery.EXACTLY_ONCE);
        assertThat(cfg.startingOffsets()).isEqualTo(StartingOffsets.LATEST);
        assertThat(cfg.stateBackend()).isEqualTo(StateBackend.HASHMAP);
        assertThat(cfg.inputFormat()).isEqualTo(WireFormat.JSON);
        assertThat(cfg.outputFormat()).isEqualTo(WireFormat.AVRO);
        assertThat(cfg.outOfOrder()).isEqualTo(OutOfOrder.EVENT_TIME);
        assertThat(cfg.maxGap()).isEqualTo(Duration.ofMillis(1500));
        assertThat(cfg.longGap()).isEqualTo(LongGap.KEEP);
        assertThat(cfg.dataTimeUnit()).isEqualTo(Duration.ofMinutes(1));
        assertThat(cfg.measureCpu()).isTrue();
        assertThat(cfg.toMap()).containsEntry("delivery", "exactly-once")
                .containsEntry("out-of-order", "event-time").containsEntry("input-format", "json");
    }

    @Test
    void validate_badValuesOfEveryType_areListedWithTheOtherProblems() throws Exception {
        Map<String, String> f = required();
        f.remove("bootstrap");
        f.put("long-gap", "drop");
        f.put("time-unit", "h");
        f.put("alert-threshold", "high");
        f.put("measure-cpu", "yes");
        f.put("idleness", "a while");
        f.put("max-ahead-of-clock", "2h");
        f.put("input-topc", "t2");
        assertThat(JobConfig.of(null, f).validate()).containsExactlyInAnyOrder(
                "unknown setting 'input-topc'",
                "missing --bootstrap",
                "--long-gap: must be reset or keep: drop",
                "--time-unit: must be ms, s or min: h",
                "--alert-threshold: must be a number: high",
                "--measure-cpu: must be true or false: yes",
                "--idleness: 'a while' is not a duration: use a number with ms, s, min, h or d"
                        + " (e.g. 500ms, 5s)",
                "--max-ahead-of-clock: must be at most 1 h (brokers refuse records further ahead"
                        + " of their clock by default): 2 h");
    }

    @Test
    void of_propertiesFileOverlaidByFlags_flagsReplaceTheFilesValuesAndProblems()
            throws Exception {
        Path props = dir.resolve("job.properties");
        Files.writeString(props, "delivery = maybe-once\nstate-backend=hashmap\n"
                + "checkpoint-interval=1.5s\nalert-threshold=0.95\nforecast-topic=\n");
        Map<String, String> f = required();
        f.put("delivery", "exactly-once");
        f.put("alert-threshold", "0.8x");
        JobConfig cfg = JobConfig.of(props, f);
        assertThat(cfg.exactlyOnce()).isTrue();
        assertThat(cfg.stateBackend()).isEqualTo(StateBackend.HASHMAP);
        assertThat(cfg.checkpointInterval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(cfg.forecastTopic()).isEqualTo("t-forecasts");
        // The flag's bad threshold replaces the file's good one: reported, and the default holds.
        assertThat(cfg.alertThreshold()).isEqualTo(JobOptions.ALERT_THRESHOLD.defaultValue());
        assertThat(cfg.validate()).containsExactly("--alert-threshold: must be a number: 0.8x");
    }

    @Test
    void builder_typedSetters_equalTheSameFlags() throws Exception {
        Map<String, String> f = required();
        f.put("numeric-mode", "exact");
        f.put("state-ttl", "1h");
        f.put("alert-cool-down", "2s");
        f.put("parallelism", "3");
        JobConfig typed = JobConfig.builder()
                .set(JobOptions.BOOTSTRAP, "k:9092")
                .set(JobOptions.MODEL, f.get("model"))
                .set(JobOptions.INPUT_TOPIC, "t")
                .set(JobOptions.NUMERIC_MODE, NumericMode.EXACT)
                .set(JobOptions.STATE_TTL, Duration.ofHours(1))
                .set(JobOptions.ALERT_COOL_DOWN, Duration.ofSeconds(2))
                .set(JobOptions.PARALLELISM, 3)
                .build();
        JobConfig read = JobConfig.of(null, f);
        assertThat(typed.validate()).isEmpty();
        assertThat(typed.toMap()).isEqualTo(read.toMap());
        assertThat(typed.operatorConfig()).hasToString(read.operatorConfig().toString());
        assertThat(JobConfig.of(null, typed.toMap()).toMap()).isEqualTo(typed.toMap());
    }

    @Test
    void builder_optionOfAnotherConfigurationOrNoValue_isRefused() {
        assertThatThrownBy(() -> JobConfig.builder()
                .set(ConfigOptions.key("bootstrap.servers").stringType().noDefaultValue(), "k"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a job option: bootstrap.servers");
        assertThatThrownBy(() -> JobConfig.builder().set(JobOptions.PARALLELISM, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("no value for parallelism");
    }

    @Test
    void operatorConfig_everySetting_reachesTheOperatorAndUnsetOverridesStayUnset()
            throws Exception {
        Map<String, String> f = required();
        LtcOperatorConfig plain = JobConfig.of(null, f).operatorConfig();
        assertThat(plain.numericMode()).isNull();
        assertThat(plain.maxGap()).isNull();
        assertThat(plain.stateTtl()).isNull();
        assertThat(plain.logDelta()).isNull();
        f.put("time-unit", "ms");
        f.put("max-ahead-of-clock", "30min");
        f.put("out-of-order", "event-time");
        f.put("max-gap", "10s");
        f.put("long-gap", "keep");
        f.put("state-ttl", "1h");
        f.put("numeric-mode", "fast");
        f.put("measure-cpu", "true");
        f.put("alert-threshold", "0.95");
        f.put("clear-threshold", "0.5");
        f.put("alert-cool-down", "2s");
        LtcOperatorConfig expected = LtcOperatorConfig.builder(f.get("model"))
                .dataTimeUnit(Duration.ofMillis(1))
                .maxAheadOfClock(Duration.ofMinutes(30))
                .outOfOrder(OutOfOrderMode.EVENT_TIME)
                .alerts(0.95, 0.5, Duration.ofSeconds(2))
                .maxGap(Duration.ofSeconds(10), LongGapPolicy.KEEP_INTEGRATING)
                .stateTtl(Duration.ofHours(1))
                .numericMode(NumericMode.FAST)
                .measureCpuTime(true)
                .build();
        assertThat(JobConfig.of(null, f).operatorConfig()).hasToString(expected.toString());
    }

    @Test
    void maxParallelism_defaultsTo128_andMustHoldTheParallelism(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Path model = dir.resolve("m.model");
        java.nio.file.Files.writeString(model, "{}");
        java.util.Map<String, String> flags = new java.util.HashMap<>();
        flags.put("bootstrap", "localhost:9092");
        flags.put("model", model.toString());
        flags.put("input-topic", "in");
        assertThat(JobConfig.of(null, flags).maxParallelism()).isEqualTo(128);
        flags.put("parallelism", "4");
        flags.put("max-parallelism", "2");
        assertThat(JobConfig.of(null, flags).validate())
                .contains("--max-parallelism: must be in [parallelism 4, 32768]: 2");
    }

    @Test
    void bufferTimeout_defaultsTo10ms_zeroIsAllowed_negativeIsAProblem_andTheJobCarriesIt(
            @org.junit.jupiter.api.io.TempDir Path work) throws Exception {
        Map<String, String> f = required();
        assertThat(JobConfig.of(null, f).bufferTimeout()).isEqualTo(Duration.ofMillis(10));
        f.put("buffer-timeout", "0");
        assertThat(JobConfig.of(null, f).bufferTimeout()).isEqualTo(Duration.ZERO);
        f.put("buffer-timeout", "-5ms");
        assertThat(JobConfig.of(null, f).validate()).hasSize(1).first().asString()
                .startsWith("--buffer-timeout: '-5ms' is not a duration");
        f.remove("buffer-timeout");
        assertThat(JobConfig.of(null, f).toBuilder()
                .set(JobOptions.BUFFER_TIMEOUT, Duration.ofMillis(-1)).build().validate())
                .containsExactly("--buffer-timeout: must be 0 or more: PT-0.001S");

        Path model = io.ltcflink.jobs.demo.DemoCommandSupport.bundledModel(work);
        f.put("model", model.toString());
        f.put("buffer-timeout", "3ms");
        org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env =
                org.apache.flink.streaming.api.environment.StreamExecutionEnvironment
                        .getExecutionEnvironment();
        KafkaAnomalyJob.build(env, JobConfig.of(null, f).requireValid("test"));
        assertThat(env.getBufferTimeout()).isEqualTo(3L);
    }

    @Test
    void modelUpdatesDir_isOptional_itsIntervalMustBePositive() throws Exception {
        Map<String, String> f = required();
        JobConfig none = JobConfig.of(null, f);
        assertThat(none.modelUpdatesDir()).isNull();
        assertThat(none.modelUpdatesInterval()).isEqualTo(Duration.ofSeconds(5));
        f.put("model-updates-dir", "file:///models/updates");
        f.put("model-updates-interval", "250ms");
        JobConfig set = JobConfig.of(null, f);
        assertThat(set.validate()).isEmpty();
        assertThat(set.modelUpdatesDir()).isEqualTo("file:///models/updates");
        assertThat(set.modelUpdatesInterval()).isEqualTo(Duration.ofMillis(250));
        f.put("model-updates-interval", "0s");
        assertThat(JobConfig.of(null, f).validate())
                .containsExactly("--model-updates-interval: must be more than 0: PT0S");
    }
}
