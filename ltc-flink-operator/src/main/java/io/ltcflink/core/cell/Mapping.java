package io.ltcflink.core.cell;

import java.util.Locale;

/** The elementwise input and output mappings of an ncps LTC cell. */
public enum Mapping {
    /** {@code y = x ⊙ w + b} (parameters {@code *_w} and {@code *_b}). */
    AFFINE,
    /** {@code y = x ⊙ w} (parameter {@code *_w} only). */
    LINEAR,
    /** {@code y = x}; ncps treats every other string this way. */
    NONE;

    /** Whether the mapping has a weight vector. */
    public boolean hasWeight() {
        return this != NONE;
    }

    /** Whether the mapping has a bias vector. */
    public boolean hasBias() {
        return this == AFFINE;
    }

    /** The model-file name: {@code affine}, {@code linear} or {@code none}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a mapping name. As in ncps, any name other than {@code affine} or {@code linear}
     * means no mapping; {@code null} is rejected.
     */
    public static Mapping fromFileName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("mapping name must not be null");
        }
        switch (name.toLowerCase(Locale.ROOT)) {
            case "affine":
                return AFFINE;
            case "linear":
                return LINEAR;
            default:
                return NONE;
        }
    }
}
