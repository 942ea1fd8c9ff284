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
            SensorReading r = codec.decode(record.value());
            if ((r.key == null || r.key.isEmpty()) && record.key() != null) {
                r.key = new String(record.key(), StandardCharsets.UTF_8);
            }
            out.collect(Envelope.ok(r));
        } catch (DecodeException e) {
            out.collect(Envelope.failed(e.getMessage(), record.value(), record.topic(),
                    record.partition(), record.offset()));
        }
    }

    @Override
    public TypeInformation<Envelope> getProducedType() {
        return TypeInformation.of(Envelope.class);
    }
}
