package io.ltcflink.core.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed reads from a JSON/CBOR tree that fail with a {@link ModelFormatException} naming the field
 * path, what was expected and what was found.
 */
final class JsonFields {

    private JsonFields() {}

    static JsonNode child(JsonNode parent, String path, String name) {
        JsonNode n = parent == null ? null : parent.get(name);
        if (n == null || n.isNull()) {
            throw ModelFormatException.of("missing field '%s'", join(path, name));
        }
        return n;
    }

    static JsonNode object(JsonNode parent, String path, String name) {
        JsonNode n = child(parent, path, name);
        if (!n.isObject()) {
            throw ModelFormatException.of(
                    "field '%s': expected an object but found %s", join(path, name), describe(n));
        }
        return n;
    }

    static int integer(JsonNode parent, String path, String name) {
        JsonNode n = child(parent, path, name);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw ModelFormatException.of(
                    "field '%s': expected an integer but found %s", join(path, name), describe(n));
        }
        return n.intValue();
    }

    static int integer(JsonNode parent, String path, String name, int dflt) {
        JsonNode n = parent.get(name);
        return n == null || n.isNull() ? dflt : integer(parent, path, name);
    }

    static double number(JsonNode parent, String path, String name) {
        JsonNode n = child(parent, path, name);
        if (!n.isNumber()) {
            throw ModelFormatException.of(
                    "field '%s': expected a number but found %s", join(path, name), describe(n));
        }
        return n.doubleValue();
    }

    static double number(JsonNode parent, String path, String name, double dflt) {
        JsonNode n = parent.get(name);
        return n == null || n.isNull() ? dflt : number(parent, path, name);
    }

    static boolean bool(JsonNode parent, String path, String name) {
        JsonNode n = child(parent, path, name);
        if (!n.isBoolean()) {
            throw ModelFormatException.of(
                    "field '%s': expected true or false but found %s", join(path, name), describe(n));
        }
        return n.booleanValue();
    }

    static boolean bool(JsonNode parent, String path, String name, boolean dflt) {
        JsonNode n = parent.get(name);
        return n == null || n.isNull() ? dflt : bool(parent, path, name);
    }

    static String text(JsonNode parent, String path, String name) {
        JsonNode n = child(parent, path, name);
        if (!n.isTextual()) {
            throw ModelFormatException.of(
                    "field '%s': expected a string but found %s", join(path, name), describe(n));
        }
        return n.textValue();
    }

    static String text(JsonNode parent, String path, String name, String dflt) {
        JsonNode n = parent.get(name);
        return n == null || n.isNull() ? dflt : text(parent, path, name);
    }

    /** Reads an enum-like value through {@code parser}, naming the field when it is rejected. */
    static <T> T parsed(
            JsonNode parent, String path, String name, java.util.function.Function<String, T> parser) {
        String s = text(parent, path, name);
        try {
            return parser.apply(s);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(
                    String.format("field '%s': %s", join(path, name), e.getMessage()), e);
        }
    }

    /**
     * A nested list of numbers as a tensor: a number is a scalar of shape [], a list a vector, a
     * list of equal-length lists a matrix, and so on.
     */
    static Tensor nestedTensor(JsonNode node, String path) {
        java.util.List<Integer> shape = new java.util.ArrayList<>();
        JsonNode n = node;
        while (n.isArray()) {
            shape.add(n.size());
            if (n.size() == 0) {
                break;
            }
            n = n.get(0);
        }
        int[] dims = shape.stream().mapToInt(Integer::intValue).toArray();
        long size = 1;
        for (int d : dims) {
            size *= d;
        }
        double[] data = new double[(int) size];
        int[] cursor = {0};
        fill(node, dims, 0, data, cursor, path);
        return Tensor.of(dims, data);
    }

    private static void fill(JsonNode n, int[] dims, int depth, double[] out, int[] cursor, String path) {
        if (depth == dims.length) {
            if (!n.isNumber()) {
                throw ModelFormatException.of(
                        "field '%s': expected a number but found %s", path, describe(n));
            }
            out[cursor[0]++] = n.doubleValue();
            return;
        }
        if (!n.isArray() || n.size() != dims[depth]) {
            throw ModelFormatException.of(
                    "field '%s': ragged nested list: expected %s entries at depth %s but found %s",
                    path, dims[depth], depth, n.isArray() ? n.size() : describe(n));
        }
        for (int i = 0; i < n.size(); i++) {
            fill(n.get(i), dims, depth + 1, out, cursor, path + "[" + i + "]");
        }
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static String describe(JsonNode n) {
        if (n.isTextual()) {
            String s = n.textValue();
            return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (n.isArray()) {
            return "a list of " + n.size();
        }
        if (n.isObject()) {
            return "an object";
        }
        return n.toString();
    }
}
