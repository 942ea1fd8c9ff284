package io.ltcflink.jobs.kafka;

import io.ltcflink.flink.SensorReading;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes Kafka records into {@link Envelope}s without ever failing the job: undecodable values
 * come out as failures carrying their bytes, topic, partition and offset. A reading without a
 * sensor id in its body takes the record's key.
 */
public final class ReadingDeserializer implements KafkaRecordDeserializationSchema<Envelope> {

    private static final long serialVersionUID = 1L;

    private final WireFormat format;
    private transient ReadingCodec codec;

    public ReadingDeserializer(WireFormat format) {
        this.format = format;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = new ReadingCodec(format);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Envelope> out) {
        if (codec == null) {
            codec = new ReadingCodec(format);
        }
        try {
            out.collect(Envelope.ok(decode(codec, record.key(), record.value())));
        } catch (DecodeException e) {
            out.collect(Envelope.failed(e.getMessage(), record.value(), record.topic(),
                    record.partition(), record.offset()));
        }
    }

    /**
     * The reading in a record's value, with the record's key as its sensor id when the body has
     * none: what the job reads from one input record.
     */
    public static SensorReading decode(ReadingCodec codec, byte[] key, byte[] value)
            throws DecodeException {
        SensorReading r = codec.decode(value);
        if ((r.key == null || r.key.isEmpty()) && key != null) {
            r.key = new String(key, StandardCharsets.UTF_8);
        }
        return r;
    }

    @Override
    public TypeInformation<Envelope> getProducedType() {
        return TypeInformation.of(Envelope.class);
    }
}
