package io.ltcflink.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The schema in {@code schemas/} describes what {@link ModelFiles} writes, and rejects damage. */
final class ModelSchemaTest {

    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        Path dir = Path.of(System.getProperty("ltcflink.schemas", "../schemas"));
        try (InputStream in = Files.newInputStream(dir.resolve("ltc-flink-model.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    private static ObjectNode tree(String spec) {
        String[] parts = spec.split(":");
        return ModelFiles.toTree(ReferenceDumpImporter.importDump(
                GoldenConformanceTest.golden(parts[0]), parts.length > 1 ? parts[1] : null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ltc_fc_small.json", "ltc_autoncp.json:mixed_memory",
        "cfc_small.json:pure", "lstm_small.json"})
    void writtenModel_validatesAgainstTheSchema(String spec) {
        Set<ValidationMessage> errors = schema.validate(tree(spec));
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ltc_fc_small.json", "cfc_small.json", "lstm_small.json"})
    void damagedModel_failsTheSchema(String spec) {
        ObjectNode t = tree(spec);
        ((ObjectNode) t.get("config")).put("surprise", 1);
        assertThat(schema.validate(t)).isNotEmpty();
        ObjectNode v = tree(spec);
        v.put("formatVersion", 7);
        assertThat(schema.validate(v)).isNotEmpty();
    }
}
