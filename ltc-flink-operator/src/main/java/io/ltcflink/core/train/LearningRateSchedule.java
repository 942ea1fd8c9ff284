package io.ltcflink.core.train;

import java.util.Locale;

/**
 * How the learning rate moves over a training run, as a factor on the base rate applied after
 * each epoch.
 *
 * <ul>
 *   <li>{@link #CONSTANT}: the base rate throughout.
 *   <li>{@link #PLATEAU}: halved each time the validation loss has not improved for a third of the
 *       early-stopping patience (at least 2 epochs), down to 1/64 of the base rate; the slow
 *       late phase of an LTC's training then refines instead of oscillating.
 *   <li>{@link #COSINE}: {@code 0.02 + 0.98 · (1 + cos(π · epoch / epochs)) / 2}, from the base
 *       rate down to 2 % of it at the end of the budget (Loshchilov and Hutter, SGDR, ICLR 2017,
 *       without restarts).
 * </ul>
 */
public enum LearningRateSchedule {
    CONSTANT,
    PLATEAU,
    COSINE;

    /** The smallest factor {@link #PLATEAU} decays to. */
    static final double PLATEAU_FLOOR = 1.0 / 64;

    /** The name on the command line and in model files. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The schedule called {@code name} ({@link #fileName()}).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static LearningRateSchedule fromName(String name) {
        for (LearningRateSchedule s : values()) {
            if (s.fileName().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "the learning-rate schedule must be constant, plateau or cosine: " + name);
    }

    /** Epochs without improvement before {@link #PLATEAU} decays, for an early-stopping patience. */
    static int plateauEpochs(int patience) {
        return Math.max(2, patience / 3);
    }

    /** The {@link #COSINE} factor after {@code epoch} of {@code epochs}. */
    static double cosine(int epoch, int epochs) {
        return 0.02 + 0.98 * 0.5 * (1 + Math.cos(Math.PI * epoch / epochs));
    }
}
