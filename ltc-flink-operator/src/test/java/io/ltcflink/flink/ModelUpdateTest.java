package io.ltcflink.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.core.engine.SwapPolicy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The model-update wire form: every field, the defaults, and a reason for anything else. */
final class ModelUpdateTest {

    private static ModelUpdate read(String json) {
        return ModelUpdate.fromJson(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyField_andOnlyThePathRequired() {
        ModelUpdate u = read("{\"model\":\"pump-v2\",\"path\":\"s3://m/p.model\","
                + "\"effective\":1764300000000,\"policy\":\"CARRY\"}");
        assertThat(u.problem).isNull();
        assertThat(u.model).isEqualTo("pump-v2");
        assertThat(u.path).isEqualTo("s3://m/p.model");
        assertThat(u.effective).isEqualTo(1_764_300_000_000L);
        assertThat(u.policy).isEqualTo(SwapPolicy.CARRY);

        ModelUpdate minimal = read("{\"path\":\"/m/p.model\"}");
        assertThat(minimal.problem).isNull();
        assertThat(minimal.model).isNull();
        assertThat(minimal.effective).isNull();
        assertThat(minimal.policy).isNull();
        assertThat(minimal.describe()).isEqualTo("{\"path\":\"/m/p.model\"}");
    }

    @Test
    void anythingElse_isAnUpdateWithTheReason() {
        assertThat(read("not json").problem).startsWith("not JSON");
        assertThat(read("[1,2]").problem).contains("expected a JSON object");
        assertThat(read("{\"model\":\"x\"}").problem).contains("'path'");
        assertThat(read("{\"path\":\"p\",\"effective\":-5}").problem).contains("'effective'");
        assertThat(read("{\"path\":\"p\",\"effective\":\"soon\"}").problem)
                .contains("'effective'");
        assertThat(read("{\"path\":\"p\",\"policy\":\"keep\"}").problem)
                .contains("'policy' must be reset, carry or carry-warm");
        assertThat(read("{\"path\":\"p\",\"modle\":\"x\"}").problem)
                .contains("unknown field 'modle'");
        assertThat(ModelUpdate.fromJson(null).problem).isNotNull();
        assertThat(read("x".repeat(1000)).describe()).hasSizeLessThan(310);
    }
}
