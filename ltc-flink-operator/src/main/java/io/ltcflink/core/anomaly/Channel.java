package io.ltcflink.core.anomaly;

import java.io.Serializable;

/**
 * One kind of novelty that {@link NoveltyDetector} combines: a raw score for each record of a
 * stream, measured against that stream's own history.
 *
 * <p>A channel keeps its per-stream state in two parts of the stream's slice, both zeros for a
 * new stream: {@link #slots} values among the slice's leading values, and a table of {@link
 * #tableSize} values (none for most channels) in the slice's tail, whose length depends on the
 * settings. The detector decides where the two parts lie and passes their offsets; a channel
 * reads and writes nothing else. Implementations are immutable, and their per-record methods
 * allocate nothing.
 */
interface Channel extends Serializable {

    /** The number of leading values the channel keeps per stream. */
    int slots();

    /** The length of the channel's table per stream; by default 0, for none. */
    default int tableSize() {
        return 0;
    }

    /**
     * Folds a stream's first record into the channel's state, which is zeros.
     *
     * <p>Modified: state[at, at + slots) and state[table, table + tableSize). Not modified:
     * hidden.
     *
     * @param at where the channel's leading values start
     * @param table where the channel's table starts (unused without a table)
     * @param timestampMillis the record's event time, epoch milliseconds
     * @param value the record's value, finite
     * @param hidden the context before seeing the value
     * @param surprise the record's non-negative forecast surprise
     */
    void first(double[] state, int at, int table, long timestampMillis, double value,
            double[] hidden, double surprise);

    /**
     * Scores a later record of a stream and folds it into the channel's state.
     *
     * <p>Modified: state[at, at + slots) and state[table, table + tableSize). Not modified:
     * hidden.
     *
     * @param seen the records the stream has seen before this one, at least 1
     * @param elapsed the stream's event time since its first record, in its nominal periods
     *     (see {@link NoveltyDetector}); equal to {@code seen} when time is counted in records
     * @param step the event time since the stream's previous record, in nominal periods (1 when
     *     time is counted in records)
     * @return the raw score, at least 0 for finite input
     * @see #first the other parameters
     */
    double score(double[] state, int at, int table, double seen, double elapsed, double step,
            long timestampMillis,
            double value, double[] hidden, double surprise);
}
