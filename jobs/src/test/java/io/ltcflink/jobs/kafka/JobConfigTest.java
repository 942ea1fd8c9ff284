package io.ltcflink.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.core.cell.NumericMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
}
