package io.ltcflink.core.cell;

import java.util.Locale;

/** The families of recurrent cells the project can run, by their model-file name. */
public enum CellKind {
    /** Liquid time-constant cell (ncps {@code LTCCell}), optionally with mixed memory. */
    LTC,
    /** Closed-form continuous-time cell (ncps {@code CfCCell}). */
    CFC,
    /** PyTorch {@code nn.LSTM} (one layer) with a linear head. */
    LSTM;

    /** The lower-case name used in model files and on the command line. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a model-file name ({@code ltc}, {@code cfc}, {@code lstm}), case-insensitively. */
    public static CellKind fromFileName(String name) {
        for (CellKind kind : values()) {
            if (kind.fileName().equalsIgnoreCase(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                String.format("unknown cell kind '%s': expected one of ltc, cfc, lstm", name));
    }
}
