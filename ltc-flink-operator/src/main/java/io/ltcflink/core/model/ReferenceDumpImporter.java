package io.ltcflink.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.core.cell.Activation;
import io.ltcflink.core.cell.CellKind;
import io.ltcflink.core.cell.CfcCell;
import io.ltcflink.core.cell.CfcConfig;
import io.ltcflink.core.cell.CfcMode;
import io.ltcflink.core.cell.LstmCell;
import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.LtcConfig;
import io.ltcflink.core.cell.Mapping;
import io.ltcflink.core.cell.Positivity;
import io.ltcflink.core.cell.RecurrentCell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports reference dumps written from ncps / PyTorch models: a JSON object with {@code meta}
 * ({@code kind} = ltc / cfc / lstm and the constructor flags) and the {@code state_dict} as nested
 * lists under {@code params_raw} or {@code params}, the layout of the project's golden files.
 *
 * <p>Flags are read from {@code meta}: {@code implicit_param_constraints} (softplus or not; when
 * absent it is inferred from {@code params_effective}), {@code ode_unfolds} (default 6),
 * {@code epsilon} (1e-8), {@code input_mapping} / {@code output_mapping} (affine),
 * {@code mixed_memory} (false), and for CfC {@code mode} and {@code activation} (or the
 * constructor call in {@code meta.call}). Sizes come from the tensor shapes and the {@code wiring}
 * block. Module prefixes ({@code rnn_cell.}) are stripped. A dump with parameters the cell does not
 * use is rejected, so nothing is silently dropped.
 *
 * <p>Golden files carry variants of the same model; {@link #importDump(JsonNode, String)} selects
 * one: {@code implicit_constraints_false}, {@code mixed_memory} (LTC), {@code no_gate},
 * {@code pure} (CfC).
 */
public final class ReferenceDumpImporter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CALL_KWARG =
            Pattern.compile("(\\w+)\\s*=\\s*(?:'([^']*)'|\"([^\"]*)\"|([\\w.+-]+))");

    private ReferenceDumpImporter() {}

    /** Imports the dump at {@code path} (its main model, no variant). */
    public static Model importFile(Path path) {
        return importFile(path, null);
    }

    /** Imports the dump at {@code path}, selecting {@code variant} (nullable). */
    public static Model importFile(Path path, String variant) {
        JsonNode root;
        try {
            root = JSON.readTree(path.toFile());
        } catch (IOException e) {
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
                throw new ModelFormatException(
                        String.format("%s: malformed JSON: %s", path,
                                ((com.fasterxml.jackson.core.JsonProcessingException) e)
                                        .getOriginalMessage()), e);
            }
            throw new UncheckedIOException("cannot read reference dump " + path, e);
        }
        try {
            Model m = importDump(root, variant);
            Map<String, String> meta = new LinkedHashMap<>(m.metadata());
            meta.put("source", path.getFileName().toString());
            return Model.of(m.cell(), m.normalization().orElse(null), meta);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(path + ": " + e.getMessage(), e);
        }
    }

    /** Imports a parsed dump, selecting {@code variant} (nullable for the main model). */
    public static Model importDump(JsonNode root, String variant) {
        if (root == null || !root.isObject()) {
            throw ModelFormatException.of("reference dump: expected a JSON object at the top");
        }
        JsonNode meta = JsonFields.object(root, "", "meta");
        CellKind kind = JsonFields.parsed(meta, "meta", "kind", CellKind::fromFileName);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("importedFrom", "reference dump");
        copyText(meta, "call", metadata, "reference.call");
        copyText(meta, "ncps_commit", metadata, "reference.ncpsCommit");
        copyText(meta, "torch_version", metadata, "reference.torchVersion");
        if (variant != null) {
            metadata.put("reference.variant", variant);
        }
        RecurrentCell cell;
        try {
            switch (kind) {
                case LTC:
                    cell = ltc(root, meta, variant);
                    break;
                case CFC:
                    cell = cfc(root, meta, variant);
                    break;
                case LSTM:
                    requireNoVariant(kind, variant);
                    cell = lstm(root);
                    break;
                default:
                    throw new IllegalStateException("unknown kind " + kind);
            }
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("reference dump: " + e.getMessage(), e);
        }
        return Model.of(cell, null, metadata);
    }

    // ---------------------------------------------------------------------------------------
    // LTC

    private static LtcCell ltc(JsonNode root, JsonNode meta, String variant) {
        boolean identityVariant = false;
        boolean mixedVariant = false;
        if (variant != null) {
            switch (variant) {
                case "implicit_constraints_false":
                    identityVariant = true;
                    break;
                case "mixed_memory":
                    mixedVariant = true;
                    break;
                default:
                    throw ModelFormatException.of(
                            "unknown variant '%s' for an ltc dump: expected"
                                    + " implicit_constraints_false or mixed_memory", variant);
            }
        }
        String paramsKey = root.has("params_raw") ? "params_raw" : "params";
        Map<String, Tensor> raw = tensors(JsonFields.object(root, "", paramsKey), paramsKey);
        if (mixedVariant) {
            JsonNode v = JsonFields.object(root, "", "variant_mixed_memory");
            raw.putAll(tensors(JsonFields.object(v, "variant_mixed_memory", "lstm_params"),
                    "variant_mixed_memory.lstm_params"));
        } else if (root.has("lstm_params")) {
            raw.putAll(tensors(JsonFields.object(root, "", "lstm_params"), "lstm_params"));
        }

        Positivity positivity;
        if (identityVariant) {
            positivity = Positivity.IDENTITY;
        } else if (meta.has("implicit_param_constraints")) {
            positivity = JsonFields.bool(meta, "meta", "implicit_param_constraints")
                    ? Positivity.SOFTPLUS : Positivity.IDENTITY;
        } else {
            positivity = inferPositivity(root, raw);
        }
        Mapping in = Mapping.fromFileName(JsonFields.text(meta, "meta", "input_mapping", "affine"));
        Mapping out = Mapping.fromFileName(JsonFields.text(meta, "meta", "output_mapping", "affine"));
        boolean mixed = mixedVariant || JsonFields.bool(meta, "meta", "mixed_memory", false);
        int unfolds = JsonFields.integer(meta, "meta", "ode_unfolds", 6);
        double epsilon = JsonFields.number(meta, "meta", "epsilon", 1e-8);

        Tensor gleak = required(raw, "gleak", paramsKey);
        Tensor sensoryW = required(raw, "sensory_w", paramsKey);
        int n = gleak.size();
        if (sensoryW.rank() != 2) {
            throw ModelFormatException.of(
                    "parameter 'sensory_w': expected a matrix [inputs, %s] but found shape %s",
                    n, Tensor.shapeString(sensoryW.shape()));
        }
        int s = sensoryW.dim(0);
        int m = outputSize(root, meta, raw, out, n);
        LtcConfig config = new LtcConfig(s, n, m, positivity, in, out, unfolds, epsilon, mixed);
        ParameterSet params = toParameterSet(raw);
        LtcCell cell = LtcCell.fromParameters(config, params);
        requireAllUsed(raw.keySet(), cell.parameters().names(), "ltc");
        return cell;
    }

    private static int outputSize(
            JsonNode root, JsonNode meta, Map<String, Tensor> raw, Mapping out, int n) {
        JsonNode wiring = root.get("wiring");
        if (wiring != null && wiring.has("output_dim")) {
            return JsonFields.integer(wiring, "wiring", "output_dim");
        }
        if (meta.has("output_dim")) {
            return JsonFields.integer(meta, "meta", "output_dim");
        }
        if (out.hasWeight() && raw.containsKey("output_w")) {
            return raw.get("output_w").size();
        }
        // ncps.torch.LTC with an int unit count reads out every neuron.
        return n;
    }

    private static Positivity inferPositivity(JsonNode root, Map<String, Tensor> raw) {
        JsonNode eff = root.get("params_effective");
        if (eff == null || !eff.isObject()) {
            throw ModelFormatException.of(
                    "meta.implicit_param_constraints is missing and there is no params_effective"
                            + " to infer it from: say whether softplus was applied (true/false)");
        }
        Map<String, Tensor> e = tensors(eff, "params_effective");
        Tensor r = required(raw, "gleak", "params_raw");
        Tensor g = required(e, "gleak", "params_effective");
        for (int i = 0; i < r.size(); i++) {
            if (Math.abs(Positivity.SOFTPLUS.apply(r.get(i)) - g.get(i)) > 1e-12) {
                return Positivity.IDENTITY;
            }
        }
        return Positivity.SOFTPLUS;
    }

    // ---------------------------------------------------------------------------------------
    // CfC

    private static CfcCell cfc(JsonNode root, JsonNode meta, String variant) {
        JsonNode source = root;
        JsonNode call = meta.get("call");
        String modeName = JsonFields.text(meta, "meta", "mode", null);
        if (variant != null) {
            JsonNode extra = JsonFields.object(root, "", "extra_modes");
            if (!extra.has(variant)) {
                List<String> names = new ArrayList<>();
                extra.fieldNames().forEachRemaining(names::add);
                throw ModelFormatException.of(
                        "unknown variant '%s' for a cfc dump: expected one of %s", variant, names);
            }
            source = JsonFields.object(extra, "extra_modes", variant);
            call = source.get("call");
            modeName = JsonFields.text(source, "extra_modes." + variant, "mode", variant);
        }
        Map<String, String> kwargs = callArguments(call);
        Map<String, Tensor> raw = tensors(JsonFields.object(source, "", "params"), "params");
        if (modeName == null) {
            modeName = kwargs.getOrDefault("mode", raw.containsKey("w_tau") ? "pure" : "default");
        }
        CfcMode mode = CfcMode.fromFileName(modeName);
        String act = JsonFields.text(meta, "meta", "activation",
                JsonFields.text(meta, "meta", "backbone_activation",
                        kwargs.getOrDefault("activation", "lecun_tanh")));
        Activation activation = Activation.fromFileName(act);

        for (String name : raw.keySet()) {
            if (name.startsWith("layer_")) {
                throw ModelFormatException.of(
                        "parameter '%s': wired CfC (one cell per NCP layer) is not supported;"
                                + " export a fully connected CfC", name);
            }
        }
        Tensor ff1 = required(raw, "ff1.weight", "params");
        int hidden = ff1.dim(0);
        List<Integer> backbone = backboneIndices(raw.keySet());
        int layers = backbone.size();
        int units;
        int input;
        if (layers > 0) {
            Tensor first = required(raw, "backbone." + backbone.get(0) + ".weight", "params");
            units = first.dim(0);
            input = first.dim(1) - hidden;
        } else {
            units = JsonFields.integer(meta, "meta", "backbone_units", 128);
            input = ff1.dim(1) - hidden;
        }
        if (input < 1) {
            throw ModelFormatException.of(
                    "cannot infer the input size: the first layer takes %s features but the hidden"
                            + " size is %s", input + hidden, hidden);
        }
        int proj = raw.containsKey("fc.weight") ? raw.get("fc.weight").dim(0) : 0;
        boolean mixed = JsonFields.bool(meta, "meta", "mixed_memory",
                raw.containsKey("lstm.input_map.weight"));
        CfcConfig config =
                new CfcConfig(input, hidden, mode, activation, units, layers, proj, mixed);
        CfcCell cell = CfcCell.fromParameters(config, toParameterSet(raw));
        requireAllUsed(raw.keySet(), cell.parameters().names(), "cfc");
        return cell;
    }

    private static List<Integer> backboneIndices(Set<String> names) {
        Pattern p = Pattern.compile("backbone\\.(\\d+)\\.weight");
        TreeSet<Integer> idx = new TreeSet<>();
        for (String n : names) {
            Matcher m = p.matcher(n);
            if (m.matches()) {
                idx.add(Integer.parseInt(m.group(1)));
            }
        }
        return new ArrayList<>(idx);
    }

    // ---------------------------------------------------------------------------------------
    // LSTM

    private static LstmCell lstm(JsonNode root) {
        Map<String, Tensor> raw = tensors(JsonFields.object(root, "", "params"), "params");
        for (String name : raw.keySet()) {
            if (name.endsWith("_l1") || name.contains("_reverse")) {
                throw ModelFormatException.of(
                        "parameter '%s': only a single-layer, unidirectional LSTM is supported", name);
            }
        }
        Tensor wih = required(raw, "weight_ih_l0", "params");
        Tensor whh = required(raw, "weight_hh_l0", "params");
        Tensor head = required(raw, "head.weight", "params");
        if (wih.rank() != 2 || whh.rank() != 2 || head.rank() != 2) {
            throw ModelFormatException.of(
                    "weight_ih_l0, weight_hh_l0 and head.weight must be matrices but have shapes"
                            + " %s, %s, %s", Tensor.shapeString(wih.shape()),
                    Tensor.shapeString(whh.shape()), Tensor.shapeString(head.shape()));
        }
        int hidden = whh.dim(1);
        LstmCell cell =
                LstmCell.fromParameters(wih.dim(1), hidden, head.dim(0), toParameterSet(raw));
        requireAllUsed(raw.keySet(), cell.parameters().names(), "lstm");
        return cell;
    }

    // ---------------------------------------------------------------------------------------
    // Helpers

    private static void requireNoVariant(CellKind kind, String variant) {
        if (variant != null) {
            throw ModelFormatException.of(
                    "a %s dump has no variants, but variant '%s' was asked for",
                    kind.fileName(), variant);
        }
    }

    /** The tensors of a state-dict object, with module prefixes stripped. */
    private static Map<String, Tensor> tensors(JsonNode obj, String path) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (name.startsWith("rnn_cell.")) {
                name = name.substring("rnn_cell.".length());
            }
            out.put(name, JsonFields.nestedTensor(e.getValue(), path + "." + e.getKey()));
        }
        return out;
    }

    private static Tensor required(Map<String, Tensor> raw, String name, String path) {
        Tensor t = raw.get(name);
        if (t == null) {
            throw ModelFormatException.of(
                    "missing parameter '%s' in %s (present: %s)", name, path, raw.keySet());
        }
        return t;
    }

    private static ParameterSet toParameterSet(Map<String, Tensor> raw) {
        ParameterSet.Builder b = ParameterSet.builder();
        raw.forEach(b::put);
        return b.build();
    }

    private static void requireAllUsed(Set<String> given, Set<String> used, String kind) {
        List<String> unused = new ArrayList<>();
        for (String g : given) {
            if (!used.contains(g)) {
                unused.add(g);
            }
        }
        if (!unused.isEmpty()) {
            throw ModelFormatException.of(
                    "parameters %s are not used by this %s configuration (check the dump's flags:"
                            + " mappings, mode, mixed memory)", unused, kind);
        }
    }

    private static void copyText(JsonNode meta, String key, Map<String, String> out, String as) {
        JsonNode n = meta.get(key);
        if (n != null && n.isValueNode()) {
            out.put(as, n.asText());
        }
    }

    /** Keyword arguments of a Python constructor call string, e.g. {@code mode='pure'}. */
    static Map<String, String> callArguments(JsonNode call) {
        Map<String, String> out = new LinkedHashMap<>();
        if (call == null || !call.isTextual()) {
            return out;
        }
        Matcher m = CALL_KWARG.matcher(call.textValue());
        while (m.find()) {
            String v = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
            out.putIfAbsent(m.group(1), v);
        }
        return out;
    }
}
