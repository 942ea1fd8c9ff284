package io.ltcflink.core.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Loads the golden reference files from the test classpath and converts their JSON values. */
final class Golden {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Golden() {}

    /** The parsed {@code /golden/<name>} resource. */
    static JsonNode load(String name) {
        String resource = "/golden/" + name;
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).longValue();
        }
        return out;
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).intValue();
        }
        return out;
    }

    static int[][] matrix(JsonNode rows) {
        int[][] out = new int[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = ints(rows.get(i));
        }
        return out;
    }

    static List<List<Integer>> layers(JsonNode layers) {
        List<List<Integer>> out = new ArrayList<>();
        for (JsonNode layer : layers) {
            List<Integer> ids = new ArrayList<>();
            for (JsonNode id : layer) {
                ids.add(id.intValue());
            }
            out.add(ids);
        }
        return out;
    }
}
