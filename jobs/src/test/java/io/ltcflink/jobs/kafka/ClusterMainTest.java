package io.ltcflink.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltcflink.core.model.ModelEncoding;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.core.model.ReferenceDumpImporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster jar's entry point: which job its arguments plan, and their errors. */
final class ClusterMainTest {

    private static final Path GOLDEN = Path.of("../ltc-flink-operator/src/test/resources/golden");

    @TempDir Path dir;

    private Path model(String golden) throws Exception {
        Path m = dir.resolve(golden + ".model");
        ModelFiles.write(ReferenceDumpImporter.importFile(GOLDEN.resolve(golden + ".json")), m,
                ModelEncoding.JSON);
        return m;
    }

    private static List<String> names(StreamExecutionEnvironment env) {
        List<String> out = new ArrayList<>();
        for (Transformation<?> t : env.getTransformations()) {
            for (Transformation<?> p : t.getTransitivePredecessors()) {
                out.add(p.getName());
            }
        }
        return out;
    }

    @Test
    void plan_defaultJob_isTheAnomalyJobOnItsOwnTopics() throws Exception {
        ClusterMain.Plan p = ClusterMain.Plan.parse(new String[] {"--bootstrap", "k:9092",
            "--model", model("ltc_fc_small").toString(), "--input-topic", "plant"});
        assertThat(p.sidecar()).isFalse();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                KafkaAnomalyJob.flinkConfiguration(p.config()));
        assertThat(p.build(env)).isEqualTo("ltc anomaly job");
        assertThat(names(env)).contains("LTC operator", "kafka: plant-forecasts")
                .noneMatch(n -> n.contains("LSTM"));
    }

    @Test
    void plan_sidecar_isTheWindowedLstmWithItsOwnTopicsAndGroup() throws Exception {
        ClusterMain.Plan p = ClusterMain.Plan.parse(new String[] {"--job", "sidecar",
            "--bootstrap", "k:9092", "--model", model("lstm_small").toString(),
            "--input-topic", "plant", "--window", "8", "--measure-cpu", "true"});
        assertThat(p.sidecar()).isTrue();
        assertThat(p.window()).isEqualTo(8);
        assertThat(p.config().groupId()).isEqualTo(io.ltcflink.jobs.sidecar.KafkaSidecarJob.GROUP_ID);
        assertThat(p.config().measureCpu()).isTrue();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                KafkaAnomalyJob.flinkConfiguration(p.config()));
        assertThat(p.build(env)).isEqualTo("ltc LSTM sidecar");
        assertThat(names(env)).contains("LSTM key check", "kafka: plant-lstm-dead-letters")
                .noneMatch(n -> n.equals("LTC operator"));
    }

    @Test
    void plan_wrongJobOrWindowOrSettings_failClearly() {
        assertThatThrownBy(() -> ClusterMain.Plan.parse(new String[] {"--job", "lstm"}))
                .hasMessageContaining("--job must be anomaly or sidecar: lstm");
        assertThatThrownBy(() -> ClusterMain.Plan.parse(new String[] {"--window", "0"}))
                .hasMessageContaining("--window must be a positive integer: 0");
        assertThatThrownBy(() -> ClusterMain.Plan.parse(new String[] {"--job", "sidecar"}))
                .hasMessageContaining("missing --bootstrap");
        assertThatThrownBy(() -> ClusterMain.Plan.parse(new String[] {"--bootstrap"}))
                .hasMessageContaining("expected --key value pairs");
    }
}
