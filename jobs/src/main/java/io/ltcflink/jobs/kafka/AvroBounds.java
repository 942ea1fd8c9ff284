package io.ltcflink.jobs.kafka;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Walks Avro binary data against a schema without building anything, and checks that every
 * length and item count it declares fits in the bytes that are left. Avro's readers allocate a
 * collection of the declared size before reading its items, so a few hostile bytes that declare
 * a billion items would otherwise exhaust the heap before the data runs out; after this check
 * passes, what the reader allocates is bounded by the size of the value.
 */
final class AvroBounds {

    private static final Schema STRING = Schema.create(Schema.Type.STRING);

    private final Schema schema;
    private byte[] value;
    private BinaryDecoder in;

    /** A checker of data of {@code schema}; reuses its decoder, so one per thread. */
    AvroBounds(Schema schema) {
        this.schema = schema;
    }

    /**
     * Null if {@code value} is one datum of the schema whose every length fits, with no bytes
     * left over; otherwise what is wrong.
     */
    String problem(byte[] value) {
        this.value = value;
        this.in = DecoderFactory.get().binaryDecoder(value, in);
        try {
            String p = walk(schema);
            if (p == null && !in.isEnd()) {
                p = remaining() + " trailing bytes";
            }
            return p;
        } catch (IOException | RuntimeException e) {
            return "truncated or malformed (" + e.getClass().getSimpleName() + ")";
        }
    }

    private long remaining() throws IOException {
        return in.inputStream().available();
    }

    private String walk(Schema s) throws IOException {
        switch (s.getType()) {
            case NULL:
                return null;
            case BOOLEAN:
                in.readBoolean();
                return null;
            case INT:
                in.readInt();
                return null;
            case LONG:
                in.readLong();
                return null;
            case FLOAT:
                in.skipFixed(4);
                return null;
            case DOUBLE:
                in.skipFixed(8);
                return null;
            case ENUM:
                int symbol = in.readEnum();
                return symbol < 0 || symbol >= s.getEnumSymbols().size()
                        ? "enum index " + symbol + " out of range" : null;
            case FIXED:
                return skip(s.getFixedSize(), "fixed");
            case STRING:
            case BYTES:
                return skip(in.readLong(), s.getType() == Schema.Type.STRING ? "string" : "bytes");
            case RECORD:
                for (Schema.Field f : s.getFields()) {
                    String p = walk(f.schema());
                    if (p != null) {
                        return f.name() + ": " + p;
                    }
                }
                return null;
            case UNION:
                long branch = in.readLong();
                if (branch < 0 || branch >= s.getTypes().size()) {
                    return "union branch " + branch + " out of range";
                }
                return walk(s.getTypes().get((int) branch));
            case ARRAY:
                return items(s.getElementType(), null);
            case MAP:
                return items(s.getValueType(), STRING);
            default:
                return "unsupported type " + s.getType();
        }
    }

    /** Blocks of items (each a key of {@code keySchema} then a value, for maps). */
    private String items(Schema itemSchema, Schema keySchema) throws IOException {
        int minItemBytes = minBytes(itemSchema) + (keySchema == null ? 0 : 1);
        long count = in.readLong();
        while (count != 0) {
            if (count < 0) {
                count = -count;
                long blockBytes = in.readLong();
                if (blockBytes < 0 || blockBytes > remaining()) {
                    return "a block of " + blockBytes + " bytes with " + remaining() + " left";
                }
            }
            // Items of no size (nulls) still cost the reader a slot each: bound them by the value.
            long fits = minItemBytes == 0 ? value.length : remaining() / minItemBytes;
            if (count < 0 || count > fits) {
                return count + " items declared with " + remaining() + " bytes left";
            }
            for (long i = 0; i < count; i++) {
                String p = keySchema == null ? null : walk(keySchema);
                if (p == null) {
                    p = walk(itemSchema);
                }
                if (p != null) {
                    return "item " + i + ": " + p;
                }
            }
            count = in.readLong();
        }
        return null;
    }

    private String skip(long length, String what) throws IOException {
        if (length < 0 || length > remaining()) {
            return what + " of " + length + " bytes with " + remaining() + " left";
        }
        in.skipFixed((int) length);
        return null;
    }

    /** The fewest bytes one datum of {@code s} takes. */
    private static int minBytes(Schema s) {
        switch (s.getType()) {
            case NULL:
                return 0;
            case FLOAT:
                return 4;
            case DOUBLE:
                return 8;
            case FIXED:
                return s.getFixedSize();
            case RECORD:
                int n = 0;
                for (Schema.Field f : s.getFields()) {
                    n += minBytes(f.schema());
                }
                return n;
            default:
                return 1;
        }
    }
}
