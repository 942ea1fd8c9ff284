package io.ltcflink.flink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.core.engine.SwapPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * A model update: the model to load ({@link #path}, any location Flink's file systems read), the
 * id the operator knows it by, from when it governs records, and what happens to keys whose state
 * the previous model built. A POJO (it travels on a broadcast stream and is kept in broadcast
 * state). An update that could not be decoded carries the reason in {@link #problem}; the
 * operator rejects it and keeps its model.
 *
 * <p>The wire form on a Kafka topic is one JSON object per record:
 *
 * <pre>{@code {"model":"pump-v2","path":"s3://models/pump-v2.model","effective":1764300000000,"policy":"carry"}}</pre>
 *
 * where only {@code path} is required: without {@code model} the id is the model file's content
 * id; without {@code effective} (epoch ms) the model governs every record processed after the
 * update arrives; without {@code policy} ({@code reset} or {@code carry}) the operator's default.
 */
public class ModelUpdate implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("model", "path", "effective", "policy");
    private static final int MAX_SOURCE = 300;

    /** The id forecasts and key states carry, or null for the model file's content id. */
    public String model;
    /** Where the model file is: a path or a URI Flink's file systems read. */
    public String path;
    /** Event time (epoch ms) from which the model governs records, or null: from arrival on. */
    public Long effective;
    /** The policy for keys whose state another model built, or null for the operator's. */
    public SwapPolicy policy;
    /** Why the update could not be decoded, or null. */
    public String problem;
    /** The update as received (cut to 300 characters), for messages; null when built in code. */
    public String source;

    public ModelUpdate() {}

    /** An update built in code (no source text). */
    public static ModelUpdate of(String model, String path, Long effective, SwapPolicy policy) {
        ModelUpdate u = new ModelUpdate();
        u.model = model;
        u.path = path;
        u.effective = effective;
        u.policy = policy;
        return u;
    }

    /** The update a Kafka record's value holds, or one with the reason it holds none. */
    public static ModelUpdate fromJson(byte[] value) {
        ModelUpdate u = new ModelUpdate();
        String text = value == null ? "" : new String(value, StandardCharsets.UTF_8);
        u.source = text.length() > MAX_SOURCE ? text.substring(0, MAX_SOURCE) + "…" : text;
        try {
            u.problem = read(u, value == null ? new byte[0] : value);
        } catch (JsonProcessingException e) {
            u.problem = "not JSON: " + e.getOriginalMessage();
        } catch (java.io.IOException | RuntimeException e) {
            u.problem = "not JSON: " + e.getMessage();
        }
        return u;
    }

    /** Fills {@code u} from {@code value}; returns what is wrong, or null. */
    private static String read(ModelUpdate u, byte[] value) throws java.io.IOException {
        JsonNode n = MAPPER.readTree(value);
        if (n == null || !n.isObject()) {
            return "expected a JSON object {\"model\":…,\"path\":…,\"effective\":…,\"policy\":…}";
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                return "unknown field '" + f + "' (expected model, path, effective, policy)";
            }
        }
        JsonNode path = n.get("path");
        if (path == null || !path.isTextual() || path.asText().isBlank()) {
            return "'path' must be a non-empty string";
        }
        u.path = path.asText();
        JsonNode model = n.get("model");
        if (model != null && !model.isNull()) {
            if (!model.isTextual() || model.asText().isBlank()) {
                return "'model' must be a non-empty string";
            }
            u.model = model.asText();
        }
        JsonNode eff = n.get("effective");
        if (eff != null && !eff.isNull()) {
            if (!eff.isIntegralNumber() || !eff.canConvertToLong() || eff.asLong() < 0) {
                return "'effective' must be epoch milliseconds (a non-negative integer): " + eff;
            }
            u.effective = eff.asLong();
        }
        JsonNode policy = n.get("policy");
        if (policy != null && !policy.isNull()) {
            if (!policy.isTextual()) {
                return "'policy' must be reset, carry or carry-warm: " + policy;
            }
            try {
                u.policy = SwapPolicy.fromName(policy.asText());
            } catch (IllegalArgumentException e) {
                return "'policy' " + e.getMessage();
            }
        }
        return null;
    }

    /**
     * Watermarks for a stream of updates: it never holds back event time (its watermark is
     * always the end of time), so the operator's combined watermark is the readings' alone.
     */
    public static WatermarkStrategy<ModelUpdate> watermarks() {
        return WatermarkStrategy.forGenerator(ctx -> new WatermarkGenerator<ModelUpdate>() {
            @Override
            public void onEvent(ModelUpdate event, long timestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
            }
        });
    }

    /** The update for messages: as received, else its fields. */
    public String describe() {
        if (source != null) {
            return source;
        }
        return String.format("{model=%s, path=%s, effective=%s, policy=%s}",
                model, path, effective, policy);
    }

    @Override
    public String toString() {
        return "ModelUpdate" + describe();
    }
}
