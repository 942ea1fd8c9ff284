package io.ltcflink.core.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link Wirings#fromJson}, {@link Wirings#fromFile} and {@link Wirings#toJson}. */
final class WiringsJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void fromJson_goldenWiringBlocks_matchTheirMatrices() {
        for (JsonNode golden : Golden.load("wiring_rng.json").get("wirings")) {
            WiringsTest.assertMatches(Wirings.fromJson(golden), golden);
        }
        for (String file : List.of("ltc_fc_small.json", "ltc_autoncp.json")) {
            JsonNode golden = Golden.load(file).get("wiring");
            WiringsTest.assertMatches(Wirings.fromJson(golden), golden);
        }
    }

    @Test
    void toJson_fullyConnected_equalsReferenceDumpBlock() {
        // ltc_fc_small.json's wiring block has exactly toJson's keys.
        JsonNode golden = Golden.load("ltc_fc_small.json").get("wiring");

        assertThat(Wirings.toJson(Wirings.fullyConnected(8, 1, 3))).isEqualTo(golden);
    }

    @Test
    void toJson_thenFromJson_roundTrips() {
        for (Wiring wiring :
                List.of(
                        Wirings.fullyConnected(5, 2, 3, 42, false),
                        Wirings.autoNcp(16, 2, 4),
                        Wirings.ncp(10, 10, 8, 6, 6, 4, 6, 20, 22222),
                        new Wiring(
                                "Custom", new int[][] {{0, -1}, {1, 0}}, new int[][] {{1, 1}}, 1,
                                List.of()))) {
            Wiring back = Wirings.fromJson(Wirings.toJson(wiring));

            assertThat(back).isEqualTo(wiring);
            assertThat(back.className()).isEqualTo(wiring.className());
            assertThat(back.layers()).isEqualTo(wiring.layers());
        }
    }

    @Test
    void fromJson_minimalObject_defaultsClassAndLayers() throws IOException {
        JsonNode node =
                MAPPER.readTree(
                        "{\"adjacency_matrix\": [[0, 1], [-1, 0]],"
                                + " \"sensory_adjacency_matrix\": [[1, 0]], \"outputDim\": 1}");

        Wiring wiring = Wirings.fromJson(node);

        assertThat(wiring.className()).isEqualTo("Explicit");
        assertThat(wiring.layers()).isEmpty();
        assertThat(wiring.outputDim()).isEqualTo(1);
        assertThat(wiring.adjacencyMatrix()).isDeepEqualTo(new int[][] {{0, 1}, {-1, 0}});
    }

    @Test
    void fromFile_writtenWiring_readsBack(@TempDir Path dir) throws IOException {
        Wiring wiring = Wirings.autoNcp(16, 2, 4);
        Path file = dir.resolve("wiring.json");
        MAPPER.writeValue(file.toFile(), Wirings.toJson(wiring));

        Wiring back = Wirings.fromFile(file);

        assertThat(back).isEqualTo(wiring);
        assertThat(back.layers()).isEqualTo(wiring.layers());
    }

    @Test
    void fromFile_invalidJson_throwsNamingPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"adjacency_matrix\": [[1, 0]", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Wirings.fromFile(file))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void fromFile_malformedWiring_throwsNamingPathAndKey(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("partial.json");
        Files.writeString(file, "{\"adjacency_matrix\": [[1]]}", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Wirings.fromFile(file))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("missing required key 'sensory_adjacency_matrix'");
    }

    @Test
    void fromFile_missingFile_throwsIoException(@TempDir Path dir) {
        assertThatThrownBy(() -> Wirings.fromFile(dir.resolve("absent.json")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void fromJson_notAnObject_throws() {
        assertThatThrownBy(() -> Wirings.fromJson(MAPPER.createArrayNode()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a wiring must be a JSON object but found ARRAY");
    }

    @Test
    void fromJson_missingAdjacency_throws() {
        ObjectNode node = valid();
        node.remove("adjacency_matrix");

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing required key 'adjacency_matrix'");
    }

    @Test
    void fromJson_missingSensoryAdjacency_throws() {
        ObjectNode node = valid();
        node.remove("sensory_adjacency_matrix");

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing required key 'sensory_adjacency_matrix'");
    }

    @Test
    void fromJson_missingOutputDim_throws() {
        ObjectNode node = valid();
        node.remove("output_dim");

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing required key 'output_dim' (or 'outputDim')");
    }

    @Test
    void fromJson_emptyAdjacency_throws() {
        ObjectNode node = valid();
        node.putArray("adjacency_matrix");

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("adjacency_matrix must have at least one row");
    }

    @Test
    void fromJson_raggedAdjacencyRow_throws() {
        ObjectNode node = valid();
        ((ArrayNode) node.get("adjacency_matrix").get(1)).remove(2);

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("adjacency_matrix row 1: expected 3 columns")
                .hasMessageContaining("but found 2");
    }

    @Test
    void fromJson_adjacencyRowNotArray_throws() {
        ObjectNode node = valid();
        ((ArrayNode) node.get("adjacency_matrix")).set(0, MAPPER.getNodeFactory().numberNode(1));

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("adjacency_matrix row 0 must be an array but found NUMBER");
    }

    @Test
    void fromJson_sensoryColumnsDifferFromUnits_throws() {
        ObjectNode node = valid();
        ((ArrayNode) node.get("sensory_adjacency_matrix").get(0)).add(1);

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sensory_adjacency_matrix row 0: expected 3 columns")
                .hasMessageContaining("but found 4");
    }

    @Test
    void fromJson_polarityOutOfRange_throws() {
        ObjectNode node = valid();
        ((ArrayNode) node.get("adjacency_matrix").get(2)).set(0, 2);

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("adjacency_matrix[2][0] must be -1, 0 or 1 but found 2");
    }

    @Test
    void fromJson_nonIntegerPolarity_throws() {
        ObjectNode node = valid();
        ((ArrayNode) node.get("sensory_adjacency_matrix").get(1)).set(2, 0.5);

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sensory_adjacency_matrix[1][2] must be an integer")
                .hasMessageContaining("but found 0.5");
    }

    @Test
    void fromJson_stringPolarity_throws() {
        ObjectNode node = valid();
        ((ArrayNode) node.get("adjacency_matrix").get(0)).set(1, "1");

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("adjacency_matrix[0][1] must be an integer");
    }

    @Test
    void fromJson_outputDimAboveUnits_throws() {
        ObjectNode node = valid();
        node.put("output_dim", 4);

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output_dim must be in [1, 3] (units) but found 4");
    }

    @Test
    void fromJson_outputDimNotInteger_throws() {
        ObjectNode node = valid();
        node.put("output_dim", "one");

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output_dim must be an integer but found \"one\"");
    }

    @Test
    void fromJson_outputDimSpellingsDisagree_throws() {
        ObjectNode node = valid();
        node.put("outputDim", 2);

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output_dim (1) and outputDim (2) disagree");
    }

    @Test
    void fromJson_layerIdOutOfRange_throws() {
        ObjectNode node = valid();
        ((ArrayNode) node.get("layers").get(0)).add(3);

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layers[0][3] must be a neuron id in [0, 3) but found 3");
    }

    @Test
    void fromJson_neuronInTwoLayers_throws() {
        ObjectNode node = valid();
        ((ArrayNode) node.get("layers")).addArray().add(1);

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layers: neuron 1 appears more than once");
    }

    @Test
    void fromJson_declaredUnitsDisagree_throws() {
        ObjectNode node = valid();
        node.put("units", 4);

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("units is 4 but there are 3 rows in adjacency_matrix");
    }

    @Test
    void fromJson_declaredSynapseCountDisagrees_throws() {
        ObjectNode node = valid();
        node.put("synapse_count", 9);

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("synapse_count is 9 but there are 5 non-zero entries");
    }

    @Test
    void fromJson_classNotString_throws() {
        ObjectNode node = valid();
        node.put("class", 3);

        assertThatThrownBy(() -> Wirings.fromJson(node))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("class must be a string but found NUMBER");
    }

    /** A valid 3-neuron, 2-input wiring with 5 synapses, to be broken by each error test. */
    private static ObjectNode valid() {
        try {
            return (ObjectNode)
                    MAPPER.readTree(
                            "{\"class\": \"Explicit\", \"units\": 3, \"output_dim\": 1,"
                                    + " \"adjacency_matrix\": [[0, 1, -1], [1, 0, 0], [-1, 0, 1]],"
                                    + " \"sensory_adjacency_matrix\": [[1, 1, 0], [0, -1, 1]],"
                                    + " \"layers\": [[2, 1, 0]]}");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
