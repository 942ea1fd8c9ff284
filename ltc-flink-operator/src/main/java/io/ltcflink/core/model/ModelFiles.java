package io.ltcflink.core.model;

import static io.ltcflink.core.model.JsonFields.bool;
import static io.ltcflink.core.model.JsonFields.child;
import static io.ltcflink.core.model.JsonFields.describe;
import static io.ltcflink.core.model.JsonFields.integer;
import static io.ltcflink.core.model.JsonFields.number;
import static io.ltcflink.core.model.JsonFields.object;
import static io.ltcflink.core.model.JsonFields.parsed;
import static io.ltcflink.core.model.JsonFields.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.ltcflink.core.cell.Activation;
import io.ltcflink.core.cell.CellKind;
import io.ltcflink.core.cell.CfcCell;
import io.ltcflink.core.cell.CfcConfig;
import io.ltcflink.core.cell.CfcMode;
import io.ltcflink.core.cell.LstmCell;
import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.LtcConfig;
import io.ltcflink.core.cell.LtcSolver;
import io.ltcflink.core.cell.Mapping;
import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.cell.Positivity;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.cell.SolverSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes model files: one versioned tree for every cell kind, encoded as JSON (readable)
 * or CBOR (compact). The schema is {@code schemas/ltc-flink-model.schema.json}.
 *
 * <pre>
 * { "format": "ltc-flink-model", "formatVersion": 1, "kind": "ltc" | "cfc" | "lstm",
 *   "config": { kind-specific hyper-parameters },
 *   "solver": { "method": "fused", "maxStep": 0.0, "maxSubSteps": 0 },      (ltc only, optional)
 *   "normalization": { "inputShift": [..], "inputScale": [..],
 *                      "outputShift": [..], "outputScale": [..] },          (optional)
 *   "metadata": { "key": "text", ... },                                     (optional)
 *   "parameters": { "name": { "shape": [..], "data": [..] }, ... } }
 * </pre>
 *
 * Reading detects the encoding from the first bytes. Every problem is a {@link
 * ModelFormatException} that names the field and what was expected and found.
 */
public final class ModelFiles {

    /** The value of the {@code format} field. */
    public static final String FORMAT = "ltc-flink-model";

    /** The version this build writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper CBOR =
            new ObjectMapper(
                    CBORFactory.builder().enable(CBORGenerator.Feature.WRITE_TYPE_HEADER).build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ModelFiles() {}

    // ---------------------------------------------------------------------------------------
    // Writing

    /** Writes {@code model} to {@code path} in the given encoding, replacing any file there. */
    public static void write(Model model, Path path, ModelEncoding encoding) {
        try {
            Files.write(path, toBytes(model, encoding));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model file " + path, e);
        }
    }

    /** The encoded model file. */
    public static byte[] toBytes(Model model, ModelEncoding encoding) {
        ObjectNode tree = toTree(model);
        try {
            return encoding == ModelEncoding.JSON
                    ? JSON.writeValueAsBytes(tree)
                    : CBOR.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode model " + model, e);
        }
    }

    /** The model as a tree (the structure shared by both encodings). */
    public static ObjectNode toTree(Model model) {
        RecurrentCell cell = model.cell();
        ObjectNode root = NODES.objectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("kind", cell.kind().fileName());
        root.set("config", configNode(cell));
        if (cell instanceof LtcCell) {
            SolverSettings s = ((LtcCell) cell).solverSettings();
            ObjectNode solver = root.putObject("solver");
            solver.put("method", s.solver().fileName());
            solver.put("maxStep", s.maxStep());
            solver.put("maxSubSteps", s.maxSubSteps());
            solver.put("numericMode", ((LtcCell) cell).numericMode().fileName());
        }
        model.normalization().ifPresent(n -> {
            ObjectNode norm = root.putObject("normalization");
            norm.set("inputShift", array(n.inputShift()));
            norm.set("inputScale", array(n.inputScale()));
            norm.set("outputShift", array(n.outputShift()));
            norm.set("outputScale", array(n.outputScale()));
        });
        if (!model.metadata().isEmpty()) {
            ObjectNode meta = root.putObject("metadata");
            model.metadata().forEach(meta::put);
        }
        ObjectNode params = root.putObject("parameters");
        for (Map.Entry<String, Tensor> e : cell.parameters().asMap().entrySet()) {
            ObjectNode t = params.putObject(e.getKey());
            ArrayNode shape = t.putArray("shape");
            for (int d : e.getValue().shape()) {
                shape.add(d);
            }
            t.set("data", array(e.getValue().toArray()));
        }
        return root;
    }

    /** The cell's hyper-parameters as canonical compact JSON (used for the model id). */
    static String configString(RecurrentCell cell) {
        return configNode(cell).toString();
    }

    private static ObjectNode configNode(RecurrentCell cell) {
        ObjectNode c = NODES.objectNode();
        if (cell instanceof LtcCell) {
            LtcConfig l = ((LtcCell) cell).config();
            c.put("inputSize", l.inputSize());
            c.put("units", l.units());
            c.put("outputSize", l.outputSize());
            c.put("positivity", l.positivity().fileName());
            c.put("inputMapping", l.inputMapping().fileName());
            c.put("outputMapping", l.outputMapping().fileName());
            c.put("odeUnfolds", l.odeUnfolds());
            c.put("epsilon", l.epsilon());
            c.put("mixedMemory", l.mixedMemory());
        } else if (cell instanceof CfcCell) {
            CfcConfig f = ((CfcCell) cell).config();
            c.put("inputSize", f.inputSize());
            c.put("hiddenSize", f.hiddenSize());
            c.put("mode", f.mode().fileName());
            c.put("backboneActivation", f.backboneActivation().fileName());
            c.put("backboneUnits", f.backboneUnits());
            c.put("backboneLayers", f.backboneLayers());
            c.put("projectionSize", f.projectionSize());
            c.put("mixedMemory", f.mixedMemory());
        } else if (cell instanceof LstmCell) {
            LstmCell s = (LstmCell) cell;
            c.put("inputSize", s.inputSize());
            c.put("hiddenSize", s.hiddenSize());
            c.put("outputSize", s.outputSize());
        } else {
            throw new IllegalArgumentException("cannot write a model of cell " + cell);
        }
        return c;
    }

    private static ArrayNode array(double[] values) {
        ArrayNode a = NODES.arrayNode(values.length);
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    // ---------------------------------------------------------------------------------------
    // Reading

    /** Reads a model file in either encoding. */
    public static Model read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + path, e);
        }
        try {
            return read(bytes);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(path + ": " + e.getMessage(), e);
        }
    }

    /** Reads an encoded model file in either encoding. */
    public static Model read(byte[] bytes) {
        return fromTree(parse(bytes));
    }

    /** The encoding of {@code bytes}, from their first bytes. */
    public static ModelEncoding detect(byte[] bytes) {
        if (bytes.length >= 3
                && (bytes[0] & 0xff) == 0xd9
                && (bytes[1] & 0xff) == 0xd9
                && (bytes[2] & 0xff) == 0xf7) {
            return ModelEncoding.BINARY;
        }
        for (byte b : bytes) {
            if (b == '{') {
                return ModelEncoding.JSON;
            }
            if (!Character.isWhitespace(b) && (b & 0xff) != 0xef && (b & 0xff) != 0xbb
                    && (b & 0xff) != 0xbf) {
                break;
            }
        }
        throw ModelFormatException.of(
                "not a model file: expected a JSON object or CBOR with its self-describe tag, but"
                        + " the file starts with %s",
                bytes.length == 0 ? "nothing (empty file)" : String.format("byte 0x%02x", bytes[0]));
    }

    private static JsonNode parse(byte[] bytes) {
        ModelEncoding enc = detect(bytes);
        try {
            return (enc == ModelEncoding.JSON ? JSON : CBOR).readTree(bytes);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException
                    ? ((JsonProcessingException) e).getOriginalMessage()
                    : e.getMessage();
            throw new ModelFormatException(
                    String.format("malformed %s model file: %s", enc, reason), e);
        }
    }

    /** Builds a model from a parsed tree. */
    public static Model fromTree(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw ModelFormatException.of(
                    "model file: expected an object at the top but found %s",
                    root == null ? "nothing" : describe(root));
        }
        String format = text(root, "", "format");
        if (!FORMAT.equals(format)) {
            throw ModelFormatException.of(
                    "field 'format': expected '%s' but found '%s'", FORMAT, format);
        }
        int version = integer(root, "", "formatVersion");
        if (version != FORMAT_VERSION) {
            throw ModelFormatException.of(
                    "field 'formatVersion': expected %s but found %s (this build reads version %s)",
                    FORMAT_VERSION, version, FORMAT_VERSION);
        }
        CellKind kind = parsed(root, "", "kind", CellKind::fromFileName);
        JsonNode config = object(root, "", "config");
        ParameterSet params = parameters(object(root, "", "parameters"));
        RecurrentCell cell;
        try {
            switch (kind) {
                case LTC:
                    cell = ltc(root, config, params);
                    break;
                case CFC:
                    cell = cfc(config, params);
                    break;
                case LSTM:
                    cell = LstmCell.fromParameters(
                            integer(config, "config", "inputSize"),
                            integer(config, "config", "hiddenSize"),
                            integer(config, "config", "outputSize"),
                            params);
                    break;
                default:
                    throw new IllegalStateException("unknown kind " + kind);
            }
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("field 'config': " + e.getMessage(), e);
        }
        Normalization norm = null;
        JsonNode n = root.get("normalization");
        if (n != null && !n.isNull()) {
            try {
                norm = new Normalization(
                        vector(n, "normalization", "inputShift"),
                        vector(n, "normalization", "inputScale"),
                        vector(n, "normalization", "outputShift"),
                        vector(n, "normalization", "outputScale"));
                return Model.of(cell, norm, metadata(root));
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("field 'normalization': " + e.getMessage(), e);
            }
        }
        return Model.of(cell, null, metadata(root));
    }

    private static LtcCell ltc(JsonNode root, JsonNode c, ParameterSet params) {
        LtcConfig config = new LtcConfig(
                integer(c, "config", "inputSize"),
                integer(c, "config", "units"),
                integer(c, "config", "outputSize"),
                parsed(c, "config", "positivity", Positivity::fromFileName),
                parsed(c, "config", "inputMapping", Mapping::fromFileName),
                parsed(c, "config", "outputMapping", Mapping::fromFileName),
                integer(c, "config", "odeUnfolds"),
                number(c, "config", "epsilon"),
                bool(c, "config", "mixedMemory"));
        LtcCell cell = LtcCell.fromParameters(config, params);
        JsonNode s = root.get("solver");
        if (s != null && !s.isNull()) {
            SolverSettings settings = new SolverSettings(
                    parsed(s, "solver", "method", LtcSolver::fromFileName),
                    number(s, "solver", "maxStep", 0.0),
                    integer(s, "solver", "maxSubSteps", 0));
            cell = cell.withSolver(settings);
            if (s.has("numericMode")) {
                cell = cell.withNumericMode(
                        parsed(s, "solver", "numericMode", NumericMode::fromFileName));
            }
        }
        return cell;
    }

    private static CfcCell cfc(JsonNode c, ParameterSet params) {
        CfcConfig config = new CfcConfig(
                integer(c, "config", "inputSize"),
                integer(c, "config", "hiddenSize"),
                parsed(c, "config", "mode", CfcMode::fromFileName),
                parsed(c, "config", "backboneActivation", Activation::fromFileName),
                integer(c, "config", "backboneUnits"),
                integer(c, "config", "backboneLayers"),
                integer(c, "config", "projectionSize"),
                bool(c, "config", "mixedMemory"));
        return CfcCell.fromParameters(config, params);
    }

    private static ParameterSet parameters(JsonNode node) {
        ParameterSet.Builder b = ParameterSet.builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = "parameters." + e.getKey();
            JsonNode t = e.getValue();
            if (!t.isObject()) {
                throw ModelFormatException.of(
                        "field '%s': expected an object with shape and data but found %s",
                        path, describe(t));
            }
            JsonNode shapeNode = child(t, path, "shape");
            JsonNode dataNode = child(t, path, "data");
            if (!shapeNode.isArray()) {
                throw ModelFormatException.of(
                        "field '%s.shape': expected a list of sizes but found %s",
                        path, describe(shapeNode));
            }
            int[] shape = new int[shapeNode.size()];
            long size = 1;
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = shapeNode.get(i);
                if (!d.isIntegralNumber() || d.intValue() < 0) {
                    throw ModelFormatException.of(
                            "field '%s.shape[%s]': expected a size >= 0 but found %s",
                            path, i, describe(d));
                }
                shape[i] = d.intValue();
                size *= shape[i];
            }
            if (!dataNode.isArray()) {
                throw ModelFormatException.of(
                        "field '%s.data': expected a list of numbers but found %s",
                        path, describe(dataNode));
            }
            if (dataNode.size() != size) {
                throw ModelFormatException.of(
                        "field '%s': shape %s needs %s values but data has %s",
                        path, Tensor.shapeString(shape), size, dataNode.size());
            }
            double[] data = new double[dataNode.size()];
            for (int i = 0; i < data.length; i++) {
                JsonNode d = dataNode.get(i);
                if (!d.isNumber()) {
                    throw ModelFormatException.of(
                            "field '%s.data[%s]': expected a number but found %s",
                            path, i, describe(d));
                }
                data[i] = d.doubleValue();
            }
            b.put(e.getKey(), Tensor.of(shape, data));
        }
        return b.build();
    }

    private static double[] vector(JsonNode parent, String path, String name) {
        JsonNode a = child(parent, path, name);
        if (!a.isArray()) {
            throw ModelFormatException.of(
                    "field '%s.%s': expected a list of numbers but found %s", path, name, describe(a));
        }
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            if (!a.get(i).isNumber()) {
                throw ModelFormatException.of(
                        "field '%s.%s[%s]': expected a number but found %s",
                        path, name, i, describe(a.get(i)));
            }
            v[i] = a.get(i).doubleValue();
        }
        return v;
    }

    private static Map<String, String> metadata(JsonNode root) {
        Map<String, String> m = new LinkedHashMap<>();
        JsonNode meta = root.get("metadata");
        if (meta == null || meta.isNull()) {
            return m;
        }
        if (!meta.isObject()) {
            throw ModelFormatException.of(
                    "field 'metadata': expected an object but found %s", describe(meta));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString());
        }
        return m;
    }
}
