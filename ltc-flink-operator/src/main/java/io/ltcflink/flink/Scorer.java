package io.ltcflink.flink;

import java.io.Serializable;

/**
 * Turns a key's forecast residuals into anomaly scores in [0, 1]. Implementations are stateless
 * and serialisable; the per-key statistics live in a flat array the operator keeps in keyed state.
 */
public interface Scorer extends Serializable {

    /** Length of the per-key state for residuals of {@code channels} values. */
    int stateSize(int channels);

    /**
     * Scores one residual and updates the key's statistics.
     *
     * @param state the key's statistics (zeros for a new key). Modified.
     * @param residual actual − forecast. Not modified.
     * @param dt the gap before this record in model time units
     * @return a score in [0, 1]; higher is more anomalous
     */
    double score(double[] state, double[] residual, double dt);
}
