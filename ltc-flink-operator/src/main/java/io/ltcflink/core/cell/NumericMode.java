package io.ltcflink.core.cell;

import java.util.Locale;

/** How an LTC cell evaluates its synapse sigmoids. */
public enum NumericMode {
    /**
     * {@code 1 / (1 + Math.exp(−x))} in double precision: the reference mode, within 1e-12 of ncps
     * in float64.
     */
    EXACT,
    /**
     * For dense wirings, a branch-free polynomial exponential in flat passes that the JIT
     * vectorises; within about 1.2e-14 of {@link #EXACT} per sigmoid, tested to stay within 1e-12
     * of it on whole runs and of ncps on the golden vectors, like {@link #EXACT}. Summation order
     * differs, so results are not bit-identical to {@link #EXACT}. Sparse wirings run as in
     * {@link #EXACT}, which is already the cheaper layout. Training needs {@link #EXACT}.
     */
    FAST;

    /** The model-file and command-line name. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #fileName()}, case-insensitively. */
    public static NumericMode fromFileName(String name) {
        for (NumericMode m : values()) {
            if (m.fileName().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                String.format("unknown numeric mode '%s': expected exact or fast", name));
    }
}
