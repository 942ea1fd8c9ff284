package io.ltcflink.core.engine;

import java.io.Serializable;

/**
 * Maps a key's readings to the scale the model works in, from statistics the key's own readings
 * built up (per-key online normalisation). The cell steps on normalised readings, forecasts are
 * mapped back to data units. Implementations are stateless and serialisable; the per-key
 * statistics live in a flat array in the operator's keyed state.
 */
public interface InputNormalizer extends Serializable {

    /** Length of the per-key state for readings of {@code channels} values. */
    int stateSize(int channels);

    /**
     * Normalises a reading with the statistics so far.
     *
     * @param state the key's statistics. Not modified.
     * @param x the reading. Not modified.
     * @param out receives the normalised reading, {@code x.length} long. Modified.
     */
    void normalize(double[] state, double[] x, double[] out);

    /** Maps a normalised value of {@code channel} back to data units. Not modified: state. */
    double denormalize(double[] state, int channel, double z);

    /** Folds a reading into the key's statistics (after it was scored). Modified: state. */
    void update(double[] state, double[] x);
}
