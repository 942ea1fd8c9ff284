package io.ltcflink.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltcflink.flink.SensorReading;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** Decoding hostile values: every failure is a {@link DecodeException} with the reason. */
final class ReadingCodecTest {

    /** The start of an Avro SensorReading: sensorId "a", a timestamp. */
    private static BinaryEncoder header(ByteArrayOutputStream out) throws Exception {
        BinaryEncoder e = EncoderFactory.get().binaryEncoder(out, null);
        e.writeString("a");
        e.writeLong(1_764_300_000_000L);
        return e;
    }

    @Test
    void avro_roundTrip() throws Exception {
        ReadingCodec c = new ReadingCodec(WireFormat.AVRO);
        SensorReading r = new SensorReading("pump-7", 1_764_300_000_000L, new double[] {1, 2.5});
        assertThat(c.decode(c.encode(r))).isEqualTo(r);
    }

    @Test
    void avro_anArrayDeclaringMoreItemsThanBytes_isRejectedBeforeAnythingIsAllocated()
            throws Exception {
        ReadingCodec c = new ReadingCodec(WireFormat.AVRO);
        // Eleven bytes that declare two billion doubles: read naively, the decoder would allocate
        // an array of that size before finding the data missing.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder e = header(out);
        e.writeArrayStart();
        e.setItemCount(Integer.MAX_VALUE - 8);
        e.flush();
        byte[] value = out.toByteArray();
        assertThatThrownBy(() -> c.decode(value)).isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("unparsable: not an Avro SensorReading (values: ")
                .hasMessageContaining("2147483639 items declared with 0 bytes left");
    }

    @Test
    void avro_aBlockWithAByteSizeAndAHugeCount_isRejected() throws Exception {
        ReadingCodec c = new ReadingCodec(WireFormat.AVRO);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder e = header(out);
        e.writeLong(-(1L << 40)); // a block of 2^40 items ...
        e.writeLong(8); // ... said to take 8 bytes
        e.writeDouble(1.0);
        e.writeLong(0);
        e.writeIndex(0);
        e.flush();
        byte[] value = out.toByteArray();
        assertThatThrownBy(() -> c.decode(value)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("1099511627776 items declared");
    }

    @Test
    void avro_aMetadataMapDeclaringBillionsOfEntries_isRejected() throws Exception {
        ReadingCodec c = new ReadingCodec(WireFormat.AVRO);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder e = header(out);
        e.writeArrayStart();
        e.setItemCount(1);
        e.startItem();
        e.writeDouble(1.0);
        e.writeArrayEnd();
        e.writeIndex(1); // the map branch of the metadata union
        e.writeMapStart();
        e.setItemCount(1_000_000_000L);
        e.flush();
        byte[] value = out.toByteArray();
        assertThatThrownBy(() -> c.decode(value)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("metadata: 1000000000 items declared");
    }

    @Test
    void avro_aStringLongerThanTheValue_isRejected() {
        ReadingCodec c = new ReadingCodec(WireFormat.AVRO);
        byte[] value = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 'a'};
        assertThatThrownBy(() -> c.decode(value)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("sensorId: string of 2147483647 bytes with 1 left");
    }

    @Test
    void avro_trailingBytes_areNamed() throws Exception {
        ReadingCodec c = new ReadingCodec(WireFormat.AVRO);
        byte[] ok = c.encode(new SensorReading("a", 1, new double[] {1}));
        byte[] value = java.util.Arrays.copyOf(ok, ok.length + 3);
        assertThatThrownBy(() -> c.decode(value)).isInstanceOf(DecodeException.class)
                .hasMessage("unparsable: 3 trailing bytes after an Avro SensorReading");
    }

    @Test
    void randomBytes_inEitherFormat_failOnlyWithADecodeException() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (WireFormat f : WireFormat.values()) {
            ReadingCodec c = new ReadingCodec(f);
            int decoded = 0;
            for (int i = 0; i < 20_000; i++) {
                byte[] b = new byte[rnd.nextInt(64)];
                for (int j = 0; j < b.length; j++) {
                    b[j] = (byte) rnd.nextInt(256);
                }
                try {
                    SensorReading r = c.decode(b);
                    assertThat(r.values).isNotNull();
                    decoded++;
                } catch (DecodeException e) {
                    assertThat(e.getMessage()).startsWith("unparsable: ");
                }
            }
            // Random bytes are nearly never a reading; the point is that nothing else escapes.
            assertThat(decoded).isLessThan(20_000);
        }
    }

    @Test
    void json_trailingContent_isUnparsable() {
        ReadingCodec c = new ReadingCodec(WireFormat.JSON);
        byte[] value = "{\"sensorId\": \"a\", \"timestamp\": 1, \"values\": [1]} {}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> c.decode(value)).isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("unparsable: malformed JSON: Trailing token");
    }

    @Test
    void json_deepNesting_isUnparsable() {
        ReadingCodec c = new ReadingCodec(WireFormat.JSON);
        byte[] value = ("{\"x\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> c.decode(value)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("nesting depth");
    }
}
