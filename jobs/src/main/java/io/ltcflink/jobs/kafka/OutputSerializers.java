package io.ltcflink.jobs.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltcflink.flink.Alert;
import io.ltcflink.flink.Forecast;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Kafka serializers for the job's three outputs, keyed by sensor id, in Avro or JSON. */
public final class OutputSerializers {

    private OutputSerializers() {}

    public static KafkaRecordSerializationSchema<Forecast> forecasts(
            String topic, WireFormat format, String modelId) {
        return forecasts(topic, format, modelId, 0.0);
    }

    /**
     * Forecasts to {@code topic}, each with the id of the model that made it, or {@code modelId}
     * when the operator names none (the windowed sidecar); {@code coverage} is the prediction
     * intervals' configured coverage, written beside each forecast that has an interval.
     */
    public static KafkaRecordSerializationSchema<Forecast> forecasts(
            String topic, WireFormat format, String modelId, double coverage) {
        return new Base<>(topic, format) {
            private static final long serialVersionUID = 1L;

            @Override
            String key(Forecast f) {
                return f.key;
            }

            @Override
            SpecificRecord avro(Forecast f) {
                return io.ltcflink.avro.ForecastEvent.newBuilder()
                        .setSensorId(f.key)
                        .setTimestamp(Instant.ofEpochMilli(f.timestamp))
                        .setDt(f.dt)
                        .setForecast(list(f.forecast))
                        .setActual(list(f.actual))
                        .setResidual(list(f.residual))
                        .setScore(f.score)
                        .setAlert(f.alert)
                        .setFlags(f.flags)
                        .setModelId(f.modelId != null ? f.modelId : modelId)
                        .setCpuNanos(f.cpuNanos)
                        .setLower(list(f.lower))
                        .setUpper(list(f.upper))
                        .setCoverage(f.lower != null && f.lower.length > 0 ? coverage : 0.0)
                        .build();
            }

            @Override
            ObjectNode json(Forecast f, ObjectMapper m) {
                ObjectNode o = m.createObjectNode();
                o.put("sensorId", f.key);
                o.put("timestamp", f.timestamp);
                o.put("dt", f.dt);
                array(o.putArray("forecast"), f.forecast);
                array(o.putArray("actual"), f.actual);
                array(o.putArray("residual"), f.residual);
                o.put("score", f.score);
                o.put("alert", f.alert);
                o.put("flags", f.flags);
                o.put("modelId", f.modelId != null ? f.modelId : modelId);
                o.put("cpuNanos", f.cpuNanos);
                array(o.putArray("lower"), f.lower);
                array(o.putArray("upper"), f.upper);
                o.put("coverage", f.lower != null && f.lower.length > 0 ? coverage : 0.0);
                return o;
            }
        };
    }

    public static KafkaRecordSerializationSchema<Alert> alerts(
            String topic, WireFormat format, String modelId) {
        return new Base<>(topic, format) {
            private static final long serialVersionUID = 1L;

            @Override
            String key(Alert a) {
                return a.key;
            }

            @Override
            SpecificRecord avro(Alert a) {
                return io.ltcflink.avro.AlertEvent.newBuilder()
                        .setSensorId(a.key)
                        .setTimestamp(Instant.ofEpochMilli(a.timestamp))
                        .setScore(a.score)
                        .setForecast(list(a.forecast))
                        .setActual(list(a.actual))
                        .setModelId(a.modelId != null ? a.modelId : modelId)
                        .setChannels(ints(a.channels))
                        .setDirections(ints(a.directions))
                        .build();
            }

            @Override
            ObjectNode json(Alert a, ObjectMapper m) {
                ObjectNode o = m.createObjectNode();
                o.put("sensorId", a.key);
                o.put("timestamp", a.timestamp);
                o.put("score", a.score);
                array(o.putArray("forecast"), a.forecast);
                array(o.putArray("actual"), a.actual);
                o.put("modelId", a.modelId != null ? a.modelId : modelId);
                ArrayNode channels = o.putArray("channels");
                ArrayNode directions = o.putArray("directions");
                for (int i = 0; a.channels != null && i < a.channels.length; i++) {
                    channels.add(a.channels[i]);
                    directions.add(a.directions[i]);
                }
                return o;
            }
        };
    }

    public static KafkaRecordSerializationSchema<DeadLetterOut> deadLetters(
            String topic, WireFormat format) {
        return new Base<>(topic, format) {
            private static final long serialVersionUID = 1L;

            @Override
            String key(DeadLetterOut d) {
                return d.sensorId;
            }

            @Override
            DeadLetterOut bounded(DeadLetterOut d) {
                return d.bounded();
            }

            @Override
            SpecificRecord avro(DeadLetterOut d) {
                return io.ltcflink.avro.DeadLetter.newBuilder()
                        .setReason(d.reason)
                        .setPayload(ByteBuffer.wrap(d.payload == null ? new byte[0] : d.payload))
                        .setTopic(d.topic)
                        .setPartition(d.partition)
                        .setOffset(d.offset)
                        .setSensorId(d.sensorId)
                        .setTimestamp(d.timestamp == null ? null : Instant.ofEpochMilli(d.timestamp))
                        .build();
            }

            @Override
            ObjectNode json(DeadLetterOut d, ObjectMapper m) {
                ObjectNode o = m.createObjectNode();
                o.put("reason", d.reason);
                byte[] p = d.payload == null ? new byte[0] : d.payload;
                String text = utf8(p);
                // Control characters would be escaped six-fold in JSON: such text goes as base64.
                if (text != null && text.chars().noneMatch(
                        ch -> ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')) {
                    o.put("payload", text);
                    o.put("payloadEncoding", "utf-8");
                } else {
                    o.put("payload", Base64.getEncoder().encodeToString(p));
                    o.put("payloadEncoding", "base64");
                }
                o.put("topic", d.topic);
                if (d.partition != null) {
                    o.put("partition", d.partition);
                }
                if (d.offset != null) {
                    o.put("offset", d.offset);
                }
                o.put("sensorId", d.sensorId);
                if (d.timestamp != null) {
                    o.put("timestamp", d.timestamp);
                }
                return o;
            }
        };
    }

    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static List<Double> list(double[] v) {
        List<Double> l = new ArrayList<>(v == null ? 0 : v.length);
        if (v != null) {
            for (double d : v) {
                l.add(d);
            }
        }
        return l;
    }

    static List<Integer> ints(int[] v) {
        List<Integer> l = new ArrayList<>(v == null ? 0 : v.length);
        if (v != null) {
            for (int x : v) {
                l.add(x);
            }
        }
        return l;
    }

    static void array(ArrayNode a, double[] v) {
        if (v != null) {
            for (double d : v) {
                a.add(d);
            }
        }
    }

    /** Shared plumbing: key bytes, Avro or JSON value bytes, the topic. */
    abstract static class Base<T> implements KafkaRecordSerializationSchema<T> {
        private static final long serialVersionUID = 1L;

        private final String topic;
        private final WireFormat format;
        private transient ObjectMapper mapper;
        private transient BinaryEncoder encoder;
        private transient SpecificDatumWriter<SpecificRecord> writer;

        Base(String topic, WireFormat format) {
            this.topic = topic;
            this.format = format;
        }

        abstract String key(T element);

        /** The element as written: by default itself. */
        T bounded(T element) {
            return element;
        }

        abstract SpecificRecord avro(T element);

        abstract ObjectNode json(T element, ObjectMapper mapper);

        @Override
        public ProducerRecord<byte[], byte[]> serialize(T original, KafkaSinkContext context, Long timestamp) {
            T element = bounded(original);
            String k = key(element);
            byte[] key = k == null ? null : k.getBytes(StandardCharsets.UTF_8);
            // A producer refuses negative timestamps, and one refused record would fail the sink
            // and replay forever: such a record is written with the producer's time instead (its
            // own timestamp stays in the value).
            Long ts = timestamp == null || timestamp < 0 ? null : timestamp;
            return new ProducerRecord<>(topic, null, ts, key, value(element));
        }

        byte[] value(T element) {
            if (format == WireFormat.JSON) {
                if (mapper == null) {
                    mapper = new ObjectMapper();
                }
                try {
                    return mapper.writeValueAsBytes(json(element, mapper));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
            SpecificRecord r = avro(element);
            ByteArrayOutputStream out = new ByteArrayOutputStream(64);
            encoder = EncoderFactory.get().binaryEncoder(out, encoder);
            if (writer == null) {
                writer = new SpecificDatumWriter<>(r.getSchema());
            }
            try {
                writer.write(r, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }
}
