package io.ltcflink.core.cell;

import java.util.Locale;

/**
 * The backbone activations of an ncps {@code CfCCell}, each evaluated as PyTorch does in float64.
 */
public enum Activation {
    /** LeCun's scaled tanh, {@code 1.7159 tanh(0.666 z)} (ncps {@code LeCun}). */
    LECUN_TANH,
    /** {@code tanh z}. */
    TANH,
    /** {@code max(z, 0)}. */
    RELU,
    /** {@code z sigmoid(z)}, computed as {@code z / (1 + e^-z)}. */
    SILU,
    /** The exact GELU of {@code nn.GELU()}: {@code z 0.5 (1 + erf(z / sqrt 2))}. */
    GELU;

    /** The name used by ncps and in model files: {@code lecun_tanh}, {@code tanh}, .... */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an ncps activation name (case-insensitive). */
    public static Activation fromFileName(String name) {
        for (Activation a : values()) {
            if (a.fileName().equalsIgnoreCase(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                String.format(
                        "unknown activation '%s': expected one of lecun_tanh, tanh, relu, silu,"
                                + " gelu",
                        name));
    }

    /** The activation of one value. */
    public double apply(double z) {
        switch (this) {
            case LECUN_TANH:
                return 1.7159 * Math.tanh(0.666 * z);
            case TANH:
                return Math.tanh(z);
            case RELU:
                return Math.max(z, 0.0);
            case SILU:
                return z / (1.0 + Math.exp(-z));
            case GELU:
                return z * 0.5 * (1.0 + Erf.erf(z * Erf.SQRT1_2));
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Applies the activation to {@code v[from .. to - 1]} in place. Modified: v.
     *
     * <p>One dispatch per call, not per element, so the loops stay monomorphic.
     */
    void applyInPlace(double[] v, int from, int to) {
        switch (this) {
            case LECUN_TANH:
                for (int i = from; i < to; i++) {
                    v[i] = 1.7159 * Math.tanh(0.666 * v[i]);
                }
                break;
            case TANH:
                for (int i = from; i < to; i++) {
                    v[i] = Math.tanh(v[i]);
                }
                break;
            case RELU:
                for (int i = from; i < to; i++) {
                    v[i] = Math.max(v[i], 0.0);
                }
                break;
            case SILU:
                for (int i = from; i < to; i++) {
                    v[i] = v[i] / (1.0 + Math.exp(-v[i]));
                }
                break;
            case GELU:
                for (int i = from; i < to; i++) {
                    v[i] = v[i] * 0.5 * (1.0 + Erf.erf(v[i] * Erf.SQRT1_2));
                }
                break;
            default:
                throw new AssertionError(this);
        }
    }
}
