package io.ltcflink.core.cell;

import java.util.Locale;

/** The update rule of an ncps {@code CfCCell} ({@code mode=...}). */
public enum CfcMode {
    /** Gated: {@code h' = tanh(ff1)(1 - g) + g tanh(ff2)}, {@code g = sigmoid(t_a dt + t_b)}. */
    DEFAULT,
    /** Without the second gate: {@code h' = tanh(ff1) + g tanh(ff2)}. */
    NO_GATE,
    /** The direct closed-form solution: {@code h' = -A e^(-dt (|w_tau| + |f|)) f + A}, f = ff1. */
    PURE;

    /** The name used by ncps and in model files: {@code default}, {@code no_gate}, {@code pure}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an ncps mode name (case-insensitive). */
    public static CfcMode fromFileName(String name) {
        for (CfcMode m : values()) {
            if (m.fileName().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                String.format(
                        "unknown CfC mode '%s': expected one of default, no_gate, pure", name));
    }
}
