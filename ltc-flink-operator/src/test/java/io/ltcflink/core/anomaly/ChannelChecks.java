package io.ltcflink.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

/** Checks every {@link Channel} must pass, for the channels' tests. */
final class ChannelChecks {

    /** What the array holds outside the channel's state, to see any write there. */
    private static final double FENCE = -12345.678;

    private ChannelChecks() {}

    /**
     * Runs the channel over a pseudo-random stream of {@code records} records whose leading
     * values and table lie inside a larger array, and checks that it writes nothing outside them
     * and scores every record with a finite non-negative raw score.
     */
    static void assertKeepsToItsState(Channel channel, int hiddenSize, int records) {
        int at = 3;
        int table = at + channel.slots() + 5;
        double[] state = new double[table + channel.tableSize() + 4];
        for (int i = 0; i < state.length; i++) {
            boolean own = (i >= at && i < at + channel.slots())
                    || (i >= table && i < table + channel.tableSize());
            state[i] = own ? 0 : FENCE;
        }
        SplittableRandom rnd = new SplittableRandom(11);
        double[] hidden = new double[hiddenSize];
        long t = 1_400_000_000_000L;
        for (int n = 0; n < records; n++) {
            for (int k = 0; k < hiddenSize; k++) {
                hidden[k] = rnd.nextDouble();
            }
            t += rnd.nextLong(1, 3_600_000L);
            double value = rnd.nextGaussian() + (n % 97 == 96 ? 20 : 0);
            double surprise = Math.abs(rnd.nextGaussian()) + (n % 89 == 88 ? 10 : 0);
            if (n == 0) {
                channel.first(state, at, table, t, value, hidden, surprise);
            } else {
                assertThat(channel.score(state, at, table, n, n, 1, t, value, hidden, surprise))
                        .as("raw score of record %s", n).isFinite().isGreaterThanOrEqualTo(0);
            }
        }
        for (int i = 0; i < state.length; i++) {
            boolean own = (i >= at && i < at + channel.slots())
                    || (i >= table && i < table + channel.tableSize());
            if (!own) {
                assertThat(state[i]).as("state[%s], outside the channel's state", i)
                        .isEqualTo(FENCE);
            }
        }
    }
}
