package io.ltcflink.core.cell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.core.model.ParameterSet;
import io.ltcflink.core.model.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the reference files under {@code src/test/resources/golden/} (see the README there):
 * JSON documents whose numbers are Python {@code repr} doubles, so they parse exactly, and whose
 * tensors are row-major nested lists.
 */
final class GoldenFiles {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GoldenFiles() {}

    /** Parses {@code /golden/<name>} from the test class path. */
    static JsonNode load(String name) {
        String path = "/golden/" + name;
        try (InputStream in = GoldenFiles.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no such test resource: " + path);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /**
     * The tensors of a {@code {name: nested list}} object, in file order. Names that start with
     * {@code stripPrefix} lose it; others are kept as they are (pass "" to keep all names).
     */
    static ParameterSet parameters(JsonNode params, String stripPrefix) {
        ParameterSet.Builder b = ParameterSet.builder();
        Iterator<Map.Entry<String, JsonNode>> fields = params.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String name = e.getKey();
            if (!stripPrefix.isEmpty() && name.startsWith(stripPrefix)) {
                name = name.substring(stripPrefix.length());
            }
            b.put(name, tensor(e.getValue()));
        }
        return b.build();
    }

    /** A number (shape {@code []}) or a rectangular nested list of numbers as a tensor. */
    static Tensor tensor(JsonNode node) {
        List<Integer> shape = new ArrayList<>();
        for (JsonNode n = node; n.isArray(); n = n.get(0)) {
            shape.add(n.size());
            if (n.size() == 0) {
                break;
            }
        }
        int[] dims = shape.stream().mapToInt(Integer::intValue).toArray();
        int size = 1;
        for (int d : dims) {
            size *= d;
        }
        double[] flat = new double[size];
        int filled = flatten(node, dims, 0, flat, 0);
        if (filled != size) {
            throw new IllegalArgumentException("ragged nested list");
        }
        return Tensor.of(dims, flat);
    }

    private static int flatten(JsonNode node, int[] dims, int depth, double[] out, int pos) {
        if (depth == dims.length) {
            if (!node.isNumber()) {
                throw new IllegalArgumentException("expected a number but found " + node);
            }
            out[pos] = node.doubleValue();
            return pos + 1;
        }
        if (!node.isArray() || node.size() != dims[depth]) {
            throw new IllegalArgumentException(
                    String.format(
                            "ragged nested list: expected %s elements at depth %s", dims[depth],
                            depth));
        }
        for (JsonNode child : node) {
            pos = flatten(child, dims, depth + 1, out, pos);
        }
        return pos;
    }

    /** A list of numbers. */
    static double[] vector(JsonNode node) {
        Tensor t = tensor(node);
        if (t.rank() != 1) {
            throw new IllegalArgumentException("expected a vector but found " + t);
        }
        return t.toArray();
    }

    /** A list of equally long lists of numbers, as rows. */
    static double[][] matrix(JsonNode node) {
        Tensor t = tensor(node);
        if (t.rank() != 2) {
            throw new IllegalArgumentException("expected a matrix but found " + t);
        }
        return t.toMatrix();
    }
}
