package io.ltcflink.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.LtcSolver;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.cell.SolverSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for {@link ModelFiles}. */
final class ModelFilesTest {

    private static Model imported(String file, String variant) {
        return ReferenceDumpImporter.importDump(GoldenConformanceTest.golden(file), variant);
    }

    private static void assertSameComputation(RecurrentCell a, RecurrentCell b) {
        double[] sa = new double[a.stateSize()];
        double[] sb = new double[b.stateSize()];
        double[] oa = new double[a.outputSize()];
        double[] ob = new double[b.outputSize()];
        double[] x = new double[a.inputSize()];
        RecurrentCell.Stepper pa = a.newStepper();
        RecurrentCell.Stepper pb = b.newStepper();
        for (int t = 0; t < 12; t++) {
            for (int k = 0; k < x.length; k++) {
                x[k] = Math.sin(t + 3.0 * k);
            }
            pa.step(sa, x, 0.1 + t, oa);
            pb.step(sb, x, 0.1 + t, ob);
        }
        assertThat(sb).containsExactly(sa);
        assertThat(ob).containsExactly(oa);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ltc_fc_small.json", "ltc_fc_small.json:mixed_memory",
        "ltc_fc_small.json:implicit_constraints_false", "ltc_autoncp.json", "cfc_small.json",
        "cfc_small.json:no_gate", "cfc_small.json:pure", "lstm_small.json"
    })
    void writeRead_bothEncodings_roundTripsBitExactly(String spec, @TempDir Path dir) {
        String[] parts = spec.split(":");
        Model model = imported(parts[0], parts.length > 1 ? parts[1] : null);
        for (ModelEncoding enc : ModelEncoding.values()) {
            Path file = dir.resolve("m." + enc);
            ModelFiles.write(model, file, enc);
            Model back = ModelFiles.read(file);
            assertThat(back.id()).isEqualTo(model.id());
            assertThat(back.cell().parameters()).isEqualTo(model.cell().parameters());
            assertThat(back.metadata()).isEqualTo(model.metadata());
            assertSameComputation(model.cell(), back.cell());
        }
    }

    @Test
    void binary_isSmallerThanJson() {
        Model model = imported("cfc_small.json", null);
        byte[] json = ModelFiles.toBytes(model, ModelEncoding.JSON);
        byte[] cbor = ModelFiles.toBytes(model, ModelEncoding.BINARY);
        assertThat(ModelFiles.detect(json)).isEqualTo(ModelEncoding.JSON);
        assertThat(ModelFiles.detect(cbor)).isEqualTo(ModelEncoding.BINARY);
        assertThat(cbor.length).isLessThan(json.length / 2);
    }

    @Test
    void id_changesWithAnyParameterBitAndSolver() {
        Model model = imported("ltc_fc_small.json", null);
        LtcCell cell = (LtcCell) model.cell();
        Model rk4 = model.withCell(cell.withSolver(SolverSettings.of(LtcSolver.RK4)));
        assertThat(rk4.id()).isNotEqualTo(model.id());
        assertThat(imported("ltc_fc_small.json", null).id()).isEqualTo(model.id());
        assertThat(imported("ltc_fc_small.json", "implicit_constraints_false").id())
                .isNotEqualTo(model.id());
    }

    @Test
    void solverSettings_areStoredInTheFile() {
        Model model = imported("ltc_fc_small.json", null);
        LtcCell sub = ((LtcCell) model.cell())
                .withSolver(SolverSettings.subStepping(LtcSolver.RK4, 0.25, 64));
        Model back = ModelFiles.read(ModelFiles.toBytes(model.withCell(sub), ModelEncoding.JSON));
        assertThat(((LtcCell) back.cell()).solverSettings())
                .isEqualTo(SolverSettings.subStepping(LtcSolver.RK4, 0.25, 64));
    }

    @Test
    void normalization_roundTrips() {
        Model base = imported("lstm_small.json", null);
        Normalization n = new Normalization(new double[] {1, 2, 3}, new double[] {0.5, 1, 2},
                new double[] {-1}, new double[] {4});
        Model model = Model.of(base.cell(), n, Map.of("trainedOn", "unit test"));
        Model back = ModelFiles.read(ModelFiles.toBytes(model, ModelEncoding.BINARY));
        assertThat(back.normalization()).contains(n);
        assertThat(back.metadata()).containsEntry("trainedOn", "unit test");
        assertThat(back.id()).isEqualTo(model.id());
    }

    private static ObjectNode tree(String file) {
        return ModelFiles.toTree(imported(file, null));
    }

    private static byte[] bytes(ObjectNode tree) throws Exception {
        return new ObjectMapper().writeValueAsBytes(tree);
    }

    @Test
    void read_newerVersion_namesExpectedAndActual() throws Exception {
        ObjectNode t = tree("lstm_small.json");
        t.put("formatVersion", 2);
        assertThatThrownBy(() -> ModelFiles.read(bytes(t)))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("'formatVersion': expected 1 but found 2");
    }

    @Test
    void read_wrongFormatMarker_isRejected() throws Exception {
        ObjectNode t = tree("lstm_small.json");
        t.put("format", "something-else");
        assertThatThrownBy(() -> ModelFiles.read(bytes(t)))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("'format': expected 'ltc-flink-model' but found 'something-else'");
    }

    @Test
    void read_unknownKind_listsTheKnownOnes() throws Exception {
        ObjectNode t = tree("lstm_small.json");
        t.put("kind", "gru");
        assertThatThrownBy(() -> ModelFiles.read(bytes(t)))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("field 'kind': unknown cell kind 'gru'");
    }

    @Test
    void read_missingConfigField_namesIt() throws Exception {
        ObjectNode t = tree("ltc_fc_small.json");
        ((ObjectNode) t.get("config")).remove("odeUnfolds");
        assertThatThrownBy(() -> ModelFiles.read(bytes(t)))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("missing field 'config.odeUnfolds'");
    }

    @Test
    void read_configFieldOfWrongType_namesItAndTheValue() throws Exception {
        ObjectNode t = tree("ltc_fc_small.json");
        ((ObjectNode) t.get("config")).put("units", "eight");
        assertThatThrownBy(() -> ModelFiles.read(bytes(t)))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("field 'config.units': expected an integer but found \"eight\"");
    }

    @Test
    void read_configMismatchingTheTensors_namesParameterAndShapes() throws Exception {
        ObjectNode t = tree("ltc_fc_small.json");
        ((ObjectNode) t.get("config")).put("units", 9);
        assertThatThrownBy(() -> ModelFiles.read(bytes(t)))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("parameter 'gleak': expected shape [9] but found [8]");
    }

    @Test
    void read_dataLengthNotMatchingShape_isRejected() throws Exception {
        ObjectNode t = tree("lstm_small.json");
        ((ArrayNode) t.get("parameters").get("head.bias").get("data")).add(1.0);
        assertThatThrownBy(() -> ModelFiles.read(bytes(t)))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("'parameters.head.bias': shape [1] needs 1 values but data has 2");
    }

    @Test
    void read_nonNumberInData_namesTheIndex() throws Exception {
        ObjectNode t = tree("lstm_small.json");
        ((ArrayNode) t.get("parameters").get("bias_ih_l0").get("data")).set(3, "x");
        assertThatThrownBy(() -> ModelFiles.read(bytes(t)))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("'parameters.bias_ih_l0.data[3]': expected a number");
    }

    @Test
    void read_badEnumValue_namesTheField() throws Exception {
        ObjectNode t = tree("ltc_fc_small.json");
        ((ObjectNode) t.get("config")).put("positivity", "relu");
        assertThatThrownBy(() -> ModelFiles.read(bytes(t)))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("field 'config.positivity': unknown positivity 'relu'");
    }

    @Test
    void read_truncatedJson_isMalformed() {
        byte[] json = ModelFiles.toBytes(imported("lstm_small.json", null), ModelEncoding.JSON);
        byte[] cut = java.util.Arrays.copyOf(json, json.length / 2);
        assertThatThrownBy(() -> ModelFiles.read(cut))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("malformed JSON model file");
    }

    @Test
    void read_truncatedBinary_isMalformed() {
        byte[] cbor = ModelFiles.toBytes(imported("lstm_small.json", null), ModelEncoding.BINARY);
        byte[] cut = java.util.Arrays.copyOf(cbor, cbor.length - 100);
        assertThatThrownBy(() -> ModelFiles.read(cut))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("malformed BINARY model file");
    }

    @Test
    void read_emptyOrForeignFile_saysWhatItFound(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ModelFiles.read(new byte[0]))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("empty file");
        Path csv = dir.resolve("data.csv");
        Files.write(csv, "dt,x0\n1,2\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ModelFiles.read(csv))
                .isExactlyInstanceOf(ModelFormatException.class)
                .hasMessageContaining("data.csv")
                .hasMessageContaining("not a model file");
    }
}
