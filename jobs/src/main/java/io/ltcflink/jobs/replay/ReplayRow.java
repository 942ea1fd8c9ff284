package io.ltcflink.jobs.replay;

/** One line of replay output and where it goes (a POJO). */
public class ReplayRow {

    public static final int FORECAST = 0;
    public static final int LATE = 1;
    public static final int DEAD_LETTER = 2;
    public static final int ALERT = 3;

    public int kind;
    public String line;

    public ReplayRow() {}

    public ReplayRow(int kind, String line) {
        this.kind = kind;
        this.line = line;
    }
}
