package io.ltcflink.core.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link Wirings}' random factories. */
final class WiringsTest {

    private static final JsonNode GOLDEN = Golden.load("wiring_rng.json");

    @Test
    void fullyConnected_outputDimOne_matchesNcps() {
        JsonNode golden = goldenWiring("ncps.wirings.FullyConnected(8, output_dim=1)");

        Wiring wiring = Wirings.fullyConnected(8, 1, golden.get("build_input_dim").intValue());

        assertMatches(wiring, golden);
    }

    @Test
    void fullyConnected_noSelfConnectionsSeed42_matchesNcps() {
        JsonNode golden =
                goldenWiring(
                        "ncps.wirings.FullyConnected(5, erev_init_seed=42,"
                                + " self_connections=False)");

        Wiring wiring =
                Wirings.fullyConnected(5, 5, golden.get("build_input_dim").intValue(), 42, false);

        assertMatches(wiring, golden);
        int[][] adjacency = wiring.adjacencyMatrix();
        for (int i = 0; i < 5; i++) {
            assertThat(adjacency[i][i]).as("self synapse %s", i).isZero();
        }
    }

    @Test
    void fullyConnected_ltcFcSmallModel_matchesItsWiring() {
        JsonNode golden = Golden.load("ltc_fc_small.json").get("wiring");

        Wiring wiring = Wirings.fullyConnected(8, 1, 3);

        assertMatches(wiring, golden);
    }

    @Test
    void autoNcp_defaults_matchesNcps() {
        JsonNode golden = goldenWiring("ncps.wirings.AutoNCP(16, 2)");

        Wiring wiring = Wirings.autoNcp(16, 2, golden.get("build_input_dim").intValue());

        assertMatches(wiring, golden);
        assertThat(wiring).isEqualTo(ncpFromParams(golden, 22222));
    }

    @Test
    void autoNcp_sparsity03Seed7_matchesNcps() {
        JsonNode golden = goldenWiring("ncps.wirings.AutoNCP(32, 4, sparsity_level=0.3, seed=7)");

        Wiring wiring = Wirings.autoNcp(32, 4, 0.3, golden.get("build_input_dim").intValue(), 7);

        assertMatches(wiring, golden);
        // ncp_params records the sizes ncps derived (e.g. sensory_fanout int(17 * 0.7) = 11), so
        // an NCP built from them must be the same wiring.
        assertThat(wiring).isEqualTo(ncpFromParams(golden, 7));
    }

    @Test
    void autoNcp_ltcAutoNcpModel_matchesItsWiring() {
        JsonNode golden = Golden.load("ltc_autoncp.json").get("wiring");

        Wiring wiring = Wirings.autoNcp(16, 2, 4);

        assertMatches(wiring, golden);
        assertThat(wiring).isEqualTo(ncpFromParams(golden, 22222));
    }

    @Test
    void ncp_explicitSizes_matchesNcps() {
        JsonNode golden = goldenWiring("ncps.wirings.NCP(10, 10, 8, 6, 6, 4, 6)");

        Wiring wiring =
                Wirings.ncp(
                        10, 10, 8, 6, 6, 4, 6, golden.get("build_input_dim").intValue(), 22222);

        assertMatches(wiring, golden);
    }

    @Test
    void ncp_idsAndLayers_followNcpsOrder() {
        Wiring wiring = Wirings.ncp(3, 2, 1, 2, 1, 1, 1, 2, 22222);

        // motor [0, 1), command [1, 3), inter [3, 6); layers run inter, command, motor.
        assertThat(wiring.units()).isEqualTo(6);
        assertThat(wiring.outputDim()).isEqualTo(1);
        assertThat(wiring.layers()).containsExactly(List.of(3, 4, 5), List.of(1, 2), List.of(0));
        assertThat(wiring.className()).isEqualTo("NCP");
    }

    @Test
    void autoNcp_manySeeds_keepsNcpLayerStructure() {
        // Synapses only run sensory->inter, inter->command, command->command and command->motor,
        // and the "unreached" passes guarantee every inter, command and motor neuron an input.
        int inter = 17;
        int command = 11;
        int motor = 4;
        for (long seed = 0; seed < 25; seed++) {
            Wiring wiring = Wirings.autoNcp(32, motor, 0.3, 10, seed);
            int[][] a = wiring.adjacencyMatrix();
            int[][] s = wiring.sensoryAdjacencyMatrix();
            for (int dest = 0; dest < 32; dest++) {
                int fanIn = 0;
                for (int src = 0; src < 32; src++) {
                    if (a[src][dest] != 0) {
                        String from = layerOf(src, motor, command);
                        String to = layerOf(dest, motor, command);
                        assertThat(allowed(from, to))
                                .as("seed %s synapse %s->%s", seed, src, dest)
                                .isTrue();
                        fanIn++;
                    }
                }
                for (int[] row : s) {
                    if (row[dest] != 0) {
                        assertThat(layerOf(dest, motor, command))
                                .as("seed %s sensory synapse onto %s", seed, dest)
                                .isEqualTo("inter");
                        fanIn++;
                    }
                }
                assertThat(fanIn).as("seed %s fan-in of %s", seed, dest).isPositive();
            }
            assertThat(wiring.units()).isEqualTo(inter + command + motor);
        }
    }

    private static String layerOf(int id, int motor, int command) {
        return id < motor ? "motor" : id < motor + command ? "command" : "inter";
    }

    private static boolean allowed(String from, String to) {
        return (from.equals("inter") && to.equals("command"))
                || (from.equals("command") && (to.equals("command") || to.equals("motor")));
    }

    @Test
    void ncp_motorFaninAboveCommand_throws() {
        assertThatThrownBy(() -> Wirings.ncp(10, 4, 2, 3, 2, 1, 5, 3, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("motor_fanin must be in [1, 4]")
                .hasMessageContaining(": 5");
    }

    @Test
    void ncp_sensoryFanoutAboveInter_throws() {
        assertThatThrownBy(() -> Wirings.ncp(3, 4, 2, 4, 2, 1, 2, 3, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sensory_fanout must be in [1, 3]")
                .hasMessageContaining(": 4");
    }

    @Test
    void ncp_interFanoutAboveCommand_throws() {
        assertThatThrownBy(() -> Wirings.ncp(5, 4, 2, 3, 6, 1, 2, 3, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inter_fanout must be in [1, 4]")
                .hasMessageContaining(": 6");
    }

    @Test
    void ncp_zeroFanout_throws() {
        assertThatThrownBy(() -> Wirings.ncp(5, 4, 2, 0, 2, 1, 2, 3, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sensory_fanout must be in [1, 5]")
                .hasMessageContaining(": 0");
    }

    @Test
    void ncp_emptyLayer_throws() {
        assertThatThrownBy(() -> Wirings.ncp(5, 0, 2, 3, 1, 1, 1, 3, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command_neurons must be at least 1: 0");
    }

    @Test
    void ncp_seedAbove32Bits_throws() {
        assertThatThrownBy(() -> Wirings.ncp(5, 4, 2, 3, 2, 1, 2, 3, 1L << 32))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seed must be in [0, 2^32 - 1]: 4294967296");
    }

    @Test
    void autoNcp_outputSizeTooLarge_throws() {
        assertThatThrownBy(() -> Wirings.autoNcp(16, 14, 4))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output_size must be less than units - 2")
                .hasMessageContaining("units 16, output_size 14");
    }

    @Test
    void autoNcp_sparsityOutOfRange_throws() {
        assertThatThrownBy(() -> Wirings.autoNcp(16, 2, 0.05, 4, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sparsity_level must be in [0.1, 1.0]: 0.05");
        assertThatThrownBy(() -> Wirings.autoNcp(16, 2, 1.5, 4, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sparsity_level must be in [0.1, 1.0]: 1.5");
        assertThatThrownBy(() -> Wirings.autoNcp(16, 2, Double.NaN, 4, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sparsity_level must be in [0.1, 1.0]: NaN");
    }

    @Test
    void autoNcp_fullSparsity_usesMinimumFanouts() {
        // density 0 makes every int(...) zero, so each fan-out is clamped to 1, as in ncps.
        Wiring wiring = Wirings.autoNcp(16, 2, 1.0, 4, 22222);

        assertThat(wiring).isEqualTo(Wirings.ncp(9, 5, 2, 1, 1, 1, 1, 4, 22222));
        assertThat(wiring.className()).isEqualTo("AutoNCP");
    }

    @Test
    void fullyConnected_outputDimAboveUnits_throws() {
        assertThatThrownBy(() -> Wirings.fullyConnected(4, 5, 2))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output_dim must be in [1, 4] (units): 5");
    }

    @Test
    void fullyConnected_noInputs_throws() {
        assertThatThrownBy(() -> Wirings.fullyConnected(4, 1, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input_dim must be at least 1: 0");
    }

    private static JsonNode goldenWiring(String constructor) {
        for (JsonNode w : GOLDEN.get("wirings")) {
            if (w.get("constructor").asText().equals(constructor)) {
                return w;
            }
        }
        throw new AssertionError("no golden wiring built by " + constructor);
    }

    private static Wiring ncpFromParams(JsonNode golden, long seed) {
        JsonNode p = golden.get("ncp_params");
        return Wirings.ncp(
                p.get("inter_neurons").intValue(),
                p.get("command_neurons").intValue(),
                p.get("motor_neurons").intValue(),
                p.get("sensory_fanout").intValue(),
                p.get("inter_fanout").intValue(),
                p.get("recurrent_command_synapses").intValue(),
                p.get("motor_fanin").intValue(),
                golden.get("input_dim").intValue(),
                seed);
    }

    static void assertMatches(Wiring wiring, JsonNode golden) {
        assertThat(wiring.className()).isEqualTo(golden.get("class").asText());
        assertThat(wiring.units()).isEqualTo(golden.get("units").intValue());
        assertThat(wiring.inputDim()).isEqualTo(golden.get("input_dim").intValue());
        assertThat(wiring.outputDim()).isEqualTo(golden.get("output_dim").intValue());
        assertThat(wiring.adjacencyMatrix())
                .isDeepEqualTo(Golden.matrix(golden.get("adjacency_matrix")));
        assertThat(wiring.sensoryAdjacencyMatrix())
                .isDeepEqualTo(Golden.matrix(golden.get("sensory_adjacency_matrix")));
        assertThat(wiring.synapseCount()).isEqualTo(golden.get("synapse_count").intValue());
        assertThat(wiring.sensorySynapseCount())
                .isEqualTo(golden.get("sensory_synapse_count").intValue());
        assertThat(wiring.layers()).isEqualTo(Golden.layers(golden.get("layers")));
    }
}
