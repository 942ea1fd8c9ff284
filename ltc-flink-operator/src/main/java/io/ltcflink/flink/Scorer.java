package io.ltcflink.flink;

import java.io.Serializable;

/**
 * Turns a key's forecast residuals into anomaly scores in [0, 1]. Implementations are stateless
 * and serialisable; the per-key statistics live in a flat array the operator keeps in keyed state.
 *
 * <p>The operator calls {@link #score(double[], Observation)}, which by default scores the
 * residual alone; scorers that need more of the record (its time, value or the cell's state)
 * override it, and {@link #first} to see a key's first record.
 */
public interface Scorer extends Serializable {

    /** Length of the per-key state for residuals of {@code channels} values. */
    int stateSize(int channels);

    /**
     * Length of the per-key state for {@code channels} compared channels and a cell state of
     * {@code hiddenSize} values; by default {@link #stateSize(int)}.
     */
    default int stateSize(int channels, int hiddenSize) {
        return stateSize(channels);
    }

    /**
     * Scores one residual and updates the key's statistics.
     *
     * @param state the key's statistics (zeros for a new key). Modified.
     * @param residual actual − forecast. Not modified.
     * @param dt the gap before this record in model time units
     * @return a score in [0, 1]; higher is more anomalous
     */
    double score(double[] state, double[] residual, double dt);

    /**
     * Scores one forecast record and updates the key's statistics; by default {@link
     * #score(double[], double[], double)} of the residual.
     *
     * @param state the key's statistics. Modified.
     * @param observation the record; valid only during the call. Not modified.
     * @return a score in [0, 1]; higher is more anomalous
     */
    default double score(double[] state, Observation observation) {
        return score(state, observation.residual(), observation.dt());
    }

    /**
     * Sees a key's first record (which has no forecast and is scored 0); by default does nothing.
     *
     * @param state the key's statistics, zeros. Modified.
     * @param observation the record; valid only during the call. Not modified.
     */
    default void first(double[] state, Observation observation) {}
}
