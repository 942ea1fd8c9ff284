package io.ltcflink.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Helpers shared by the data tests. */
final class DataTestSupport {

    private DataTestSupport() {}

    /** Asserts bit-for-bit equal times, values and labels. */
    static void assertSameSeries(Series actual, Series expected) {
        assertThat(actual.size()).isEqualTo(expected.size());
        assertThat(actual.channels()).isEqualTo(expected.channels());
        for (int k = 0; k < expected.size(); k++) {
            assertThat(actual.time(k)).as("t[%s]", k).isEqualTo(expected.time(k));
            assertThat(actual.values(k)).as("x[%s]", k).containsExactly(expected.values(k));
            assertThat(actual.label(k)).as("label[%s]", k).isEqualTo(expected.label(k));
        }
    }

    /** Whether any value differs. */
    static boolean differ(Series a, Series b) {
        if (a.size() != b.size()) {
            return true;
        }
        for (int k = 0; k < a.size(); k++) {
            if (a.time(k) != b.time(k)) {
                return true;
            }
            for (int c = 0; c < a.channels(); c++) {
                if (a.value(k, c) != b.value(k, c)) {
                    return true;
                }
            }
        }
        return false;
    }

    static List<Sample> take(Iterator<Sample> it, int n) {
        List<Sample> out = new ArrayList<>();
        while (out.size() < n && it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }
}
