package io.ltcflink.core.cell;

import java.util.Locale;

/** How an LTC cell integrates its ODE across one step's timespan. */
public enum LtcSolver {
    /**
     * The fused semi-implicit Euler step of ncps (first order, unconditionally bounded). The only
     * solver that reproduces ncps; the default.
     */
    FUSED,
    /** Explicit (forward) Euler on the same ODE, first order; can oscillate for stiff settings. */
    EULER,
    /** The classical fourth-order Runge-Kutta method on the same ODE. */
    RK4;

    /** The model-file and command-line name. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #fileName()}, case-insensitively. */
    public static LtcSolver fromFileName(String name) {
        for (LtcSolver s : values()) {
            if (s.fileName().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                String.format("unknown solver '%s': expected fused, euler or rk4", name));
    }
}
