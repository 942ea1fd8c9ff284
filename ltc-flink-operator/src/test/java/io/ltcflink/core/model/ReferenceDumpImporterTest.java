package io.ltcflink.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.Positivity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link ReferenceDumpImporter}. */
final class ReferenceDumpImporterTest {

    private static ObjectNode dump(String file) {
        return (ObjectNode) GoldenConformanceTest.golden(file);
    }

    @Test
    void importDump_missingConstraintFlag_infersSoftplusFromEffectiveParams() {
        ObjectNode d = dump("ltc_fc_small.json");
        ((ObjectNode) d.get("meta")).remove("implicit_param_constraints");
        LtcCell cell = (LtcCell) ReferenceDumpImporter.importDump(d, null).cell();
        assertThat(cell.config().positivity()).isEqualTo(Positivity.SOFTPLUS);
    }

    @Test
    void importDump_missingFlagAndNoEffectiveParams_asksForTheFlag() {
        ObjectNode d = dump("ltc_fc_small.json");
        ((ObjectNode) d.get("meta")).remove("implicit_param_constraints");
        d.remove("params_effective");
        assertThatThrownBy(() -> ReferenceDumpImporter.importDump(d, null))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("implicit_param_constraints is missing");
    }

    @Test
    void importDump_unknownKind_isRejected() {
        ObjectNode d = dump("lstm_small.json");
        ((ObjectNode) d.get("meta")).put("kind", "transformer");
        assertThatThrownBy(() -> ReferenceDumpImporter.importDump(d, null))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("field 'meta.kind': unknown cell kind 'transformer'");
    }

    @Test
    void importDump_missingParameter_namesIt() {
        ObjectNode d = dump("lstm_small.json");
        ((ObjectNode) d.get("params")).remove("weight_hh_l0");
        assertThatThrownBy(() -> ReferenceDumpImporter.importDump(d, null))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("missing parameter 'weight_hh_l0'");
    }

    @Test
    void importDump_raggedMatrix_namesThePath() {
        ObjectNode d = dump("ltc_fc_small.json");
        ((ArrayNode) d.get("params_raw").get("sigma").get(2)).remove(0);
        assertThatThrownBy(() -> ReferenceDumpImporter.importDump(d, null))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("params_raw.sigma")
                .hasMessageContaining("ragged");
    }

    @Test
    void importDump_wrongShape_namesParameterAndShapes() {
        ObjectNode d = dump("ltc_fc_small.json");
        ((ArrayNode) d.get("params_raw").get("vleak")).remove(0);
        assertThatThrownBy(() -> ReferenceDumpImporter.importDump(d, null))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("parameter 'vleak': expected shape [8] but found [7]");
    }

    @Test
    void importDump_unusedParameters_areNotSilentlyDropped() {
        ObjectNode d = dump("ltc_fc_small.json");
        ((ObjectNode) d.get("meta")).put("input_mapping", "linear");
        assertThatThrownBy(() -> ReferenceDumpImporter.importDump(d, null))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("parameters [input_b] are not used");
    }

    @Test
    void importDump_unknownVariant_listsTheKnownOnes() {
        assertThatThrownBy(() -> ReferenceDumpImporter.importDump(dump("cfc_small.json"), "gated"))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("unknown variant 'gated'")
                .hasMessageContaining("no_gate");
        assertThatThrownBy(() -> ReferenceDumpImporter.importDump(dump("ltc_fc_small.json"), "pure"))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("unknown variant 'pure' for an ltc dump");
    }

    @Test
    void importDump_multiLayerLstm_isRejectedClearly() {
        ObjectNode d = dump("lstm_small.json");
        ((ObjectNode) d.get("params")).set("weight_ih_l1", d.get("params").get("weight_hh_l0"));
        assertThatThrownBy(() -> ReferenceDumpImporter.importDump(d, null))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("only a single-layer");
    }

    @Test
    void importFile_malformedJson_namesTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("broken.json");
        Files.writeString(f, "{\"meta\": {\"kind\": \"ltc\"");
        assertThatThrownBy(() -> ReferenceDumpImporter.importFile(f))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("broken.json: malformed JSON");
    }

    @Test
    void importDump_mixedMemoryFlagInMeta_readsLstmParamsFromTheStateDict() {
        // A dump written from LTC(..., mixed_memory=True) keeps the LSTM under lstm.* in its
        // state_dict; the golden variant block holds the same tensors.
        ObjectNode d = dump("ltc_fc_small.json");
        ((ObjectNode) d.get("meta")).put("mixed_memory", true);
        d.get("variant_mixed_memory").get("lstm_params").fields()
                .forEachRemaining(e -> ((ObjectNode) d.get("params_raw")).set(e.getKey(), e.getValue()));
        Model a = ReferenceDumpImporter.importDump(d, null);
        Model b = ReferenceDumpImporter.importDump(dump("ltc_fc_small.json"), "mixed_memory");
        assertThat(a.cell().parameters()).isEqualTo(b.cell().parameters());
        assertThat(a.cell().stateSize()).isEqualTo(16);
    }
}
