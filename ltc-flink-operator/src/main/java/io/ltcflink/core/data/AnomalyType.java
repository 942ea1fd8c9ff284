package io.ltcflink.core.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of injected anomaly and their label codes (0 is "normal"). Each applies to every
 * observed channel over its window {@code [start, end)}; {@code scale} below is the channel's
 * typical standard deviation on the attractor.
 */
public enum AnomalyType {
    /** Label 1: adds {@code magnitude × scale} to each value in the (short) window. */
    SPIKE(1, "spike"),
    /** Label 2: adds {@code magnitude × scale} to each value in the (longer) window. */
    LEVEL_SHIFT(2, "level-shift"),
    /**
     * Label 3: the sensor repeats the value of the window's first kept sample, without new
     * noise; magnitude is ignored.
     */
    STUCK(3, "stuck"),
    /** Label 4: adds Gaussian noise with std {@code magnitude × scale} (magnitude ≥ 0). */
    NOISE_BURST(4, "noise-burst"),
    /**
     * Label 5: over the window the system's main parameter (ρ for Lorenz, β for Mackey-Glass, ω
     * for the oscillator) is multiplied by {@code 1 + magnitude} (magnitude > −1); the
     * trajectory continues from its state, so it also differs after the window.
     */
    DYNAMICS_CHANGE(5, "dynamics-change");

    private final int code;
    private final String id;

    AnomalyType(int code, String id) {
        this.code = code;
        this.id = id;
    }

    /** The label written for samples inside this anomaly's window. */
    public int code() {
        return code;
    }

    /** The lower-case, hyphenated name. */
    public String id() {
        return id;
    }

    /** The type with label {@code code}. */
    public static AnomalyType fromCode(int code) {
        for (AnomalyType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException(String.format(
                "unknown anomaly label %s: expected one of %s", code,
                Arrays.stream(values()).map(t -> t.code + " (" + t.id + ")")
                        .collect(Collectors.joining(", "))));
    }

    /** The type named {@code id} (case-insensitive, {@code _} or {@code -}). */
    public static AnomalyType parse(String id) {
        String key = id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (AnomalyType type : values()) {
            if (type.id.equals(key)) {
                return type;
            }
        }
        throw new IllegalArgumentException(String.format(
                "unknown anomaly type '%s': expected one of %s", id,
                Arrays.stream(values()).map(AnomalyType::id).collect(Collectors.joining(", "))));
    }
}
