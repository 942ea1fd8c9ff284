package io.ltcflink.flink;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The array encoding the operator's hand-written serializers share: {@code int length} (−1 for
 * null) followed by that many doubles.
 */
final class DoubleArrays {

    /** Longer arrays than this are taken for corruption, not allocated. */
    static final int MAX_LENGTH = 1 << 24;

    private DoubleArrays() {}

    static void write(double[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    /**
     * Reads one array.
     *
     * @param allowNull whether −1 (null) is a valid length here
     * @param what names the record in the message of a corrupt length
     */
    static double[] read(DataInputView in, boolean allowNull, String what) throws IOException {
        int n = in.readInt();
        if (n == -1 && allowNull) {
            return null;
        }
        if (n < 0 || n > MAX_LENGTH) {
            throw new IOException(String.format("corrupt %s: array length %s", what, n));
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }
}
