package io.ltcflink.core.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.core.model.ParameterSet;
import io.ltcflink.core.model.Tensor;
import org.junit.jupiter.api.Test;

/** Tests for {@link GoldenFiles}. */
final class GoldenFilesTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void tensor_reprDoubles_parseExactly() throws Exception {
        // Shortest round-trip decimals, as Python's repr writes them.
        String[] texts = {"0.1", "-1.4925650236967501e-05", "2.220446049250313e-16", "5e-324",
            "1.7976931348623157e+308", "3"};
        Tensor t = GoldenFiles.tensor(json("[" + String.join(", ", texts) + "]"));
        for (int i = 0; i < texts.length; i++) {
            assertThat(t.get(i)).isEqualTo(Double.parseDouble(texts[i]));
        }
    }

    @Test
    void tensor_nestedLists_giveRowMajorShape() throws Exception {
        Tensor t = GoldenFiles.tensor(json("[[[1, 2], [3, 4], [5, 6]]]"));
        assertThat(t.shape()).containsExactly(1, 3, 2);
        assertThat(t.toArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(GoldenFiles.tensor(json("2.5")).shape()).isEmpty();
    }

    @Test
    void tensor_raggedList_isRejected() {
        assertThatThrownBy(() -> GoldenFiles.tensor(json("[[1, 2], [3]]")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ragged");
    }

    @Test
    void parameters_prefixedNames_loseOnlyThatPrefix() {
        ParameterSet p =
                GoldenFiles.parameters(
                        GoldenFiles.load("cfc_small.json").get("params"), "rnn_cell.");
        assertThat(p.names()).contains("backbone.0.weight", "time_b.bias", "fc.weight");
        assertThat(p.get("backbone.0.weight").shape()).containsExactly(128, 11);
    }
}
