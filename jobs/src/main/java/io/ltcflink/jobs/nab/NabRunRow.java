package io.ltcflink.jobs.nab;

/**
 * One output of the operator as the NAB runner collects it: a forecast's score, or a reading the
 * operator did not forecast (late or dead letter). A Flink POJO.
 */
public class NabRunRow {

    /** A forecast (including a key's first record, scored 0). */
    public static final int FORECAST = 0;
    /** A reading older than its key's last one: late output, no score. */
    public static final int LATE = 1;
    /** A reading the operator could not use: dead-letter output, no score. */
    public static final int DEAD_LETTER = 2;

    public int kind;
    public String key;
    public long timestamp;
    public double value;
    public double score;
    public int flags;

    public NabRunRow() {}

    public NabRunRow(int kind, String key, long timestamp, double value, double score, int flags) {
        this.kind = kind;
        this.key = key;
        this.timestamp = timestamp;
        this.value = value;
        this.score = score;
        this.flags = flags;
    }

    @Override
    public String toString() {
        return String.format("NabRunRow{kind=%s, key=%s, t=%s, value=%s, score=%s, flags=%s}", kind,
                key, timestamp, value, score, flags);
    }
}
