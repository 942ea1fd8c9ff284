package io.ltcflink.jobs.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltcflink.flink.SensorReading;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Sensor readings to and from Kafka values, in Avro or JSON. Decoding never throws anything but
 * {@link DecodeException}, whose message says what is wrong, so a bad record becomes a dead letter.
 * Not thread-safe (reuses buffers); one per task.
 */
public final class ReadingCodec {

    private final WireFormat format;
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final SpecificDatumReader<io.ltcflink.avro.SensorReading> reader =
            new SpecificDatumReader<>(io.ltcflink.avro.SensorReading.class);
    private final SpecificDatumWriter<io.ltcflink.avro.SensorReading> writer =
            new SpecificDatumWriter<>(io.ltcflink.avro.SensorReading.class);
    private final AvroBounds bounds =
            new AvroBounds(io.ltcflink.avro.SensorReading.getClassSchema());
    private BinaryDecoder decoder;
    private BinaryEncoder encoder;

    public ReadingCodec(WireFormat format) {
        this.format = format;
    }

    public WireFormat format() {
        return format;
    }

    /** The reading in {@code value}. */
    public SensorReading decode(byte[] value) throws DecodeException {
        if (value == null || value.length == 0) {
            throw new DecodeException("unparsable: empty value");
        }
        return format == WireFormat.AVRO ? decodeAvro(value) : decodeJson(value);
    }

    private SensorReading decodeAvro(byte[] value) throws DecodeException {
        String bad = bounds.problem(value);
        if (bad != null) {
            throw new DecodeException(bad.endsWith("trailing bytes")
                    ? "unparsable: " + bad + " after an Avro SensorReading"
                    : "unparsable: not an Avro SensorReading (" + bad + ")");
        }
        try {
            decoder = DecoderFactory.get().binaryDecoder(value, decoder);
            // The bounds check above has walked the datum to the value's last byte.
            io.ltcflink.avro.SensorReading r = reader.read(null, decoder);
            double[] v = new double[r.getValues().size()];
            for (int i = 0; i < v.length; i++) {
                Double d = r.getValues().get(i);
                v[i] = d;
            }
            return new SensorReading(r.getSensorId(), r.getTimestamp().toEpochMilli(), v);
        } catch (IOException | RuntimeException e) {
            throw new DecodeException("unparsable: not an Avro SensorReading (" + e + ")");
        }
    }


    private SensorReading decodeJson(byte[] value) throws DecodeException {
        JsonNode n;
        try {
            n = json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new DecodeException("unparsable: malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DecodeException("unparsable: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new DecodeException("unparsable: expected a JSON object {\"sensorId\", \"timestamp\","
                    + " \"values\"}");
        }
        JsonNode id = n.get("sensorId");
        JsonNode ts = n.get("timestamp");
        JsonNode vs = n.get("values");
        List<String> problems = new ArrayList<>();
        if (id == null || !id.isTextual()) {
            problems.add("sensorId must be a string");
        }
        if (ts == null || !ts.isIntegralNumber() || !ts.canConvertToLong()) {
            problems.add("timestamp must be an integer (epoch milliseconds)");
        }
        if (vs == null || !vs.isArray()) {
            problems.add("values must be a list of numbers");
        } else {
            for (int i = 0; i < vs.size(); i++) {
                if (!vs.get(i).isNumber()) {
                    problems.add("values[" + i + "] is not a number: " + vs.get(i));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new DecodeException("unparsable: " + String.join("; ", problems));
        }
        double[] v = new double[vs.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = vs.get(i).doubleValue();
        }
        return new SensorReading(id.textValue(), ts.longValue(), v);
    }

    /** The reading as a Kafka value in this codec's format. */
    public byte[] encode(SensorReading r) {
        if (format == WireFormat.JSON) {
            ObjectNode o = json.createObjectNode();
            o.put("sensorId", r.key);
            o.put("timestamp", r.timestamp);
            ArrayNode a = o.putArray("values");
            if (r.values != null) {
                for (double v : r.values) {
                    a.add(v);
                }
            }
            try {
                return json.writeValueAsBytes(o);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        List<Double> values = new ArrayList<>();
        if (r.values != null) {
            for (double v : r.values) {
                values.add(v);
            }
        }
        io.ltcflink.avro.SensorReading a = io.ltcflink.avro.SensorReading.newBuilder()
                .setSensorId(r.key == null ? "" : r.key)
                .setTimestamp(Instant.ofEpochMilli(r.timestamp))
                .setValues(values)
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + 9 * values.size());
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        try {
            writer.write(a, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
