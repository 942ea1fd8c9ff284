package io.ltcflink.core.engine;

import java.io.Serializable;

/**
 * Turns a key's forecasts into anomaly scores in [0, 1]. Implementations are stateless and
 * serialisable; the per-key statistics live in a flat array the engine keeps in the key's state.
 * One contract for every engine: each record is handed over as an {@link Observation} (its time,
 * gap, values, forecast, residuals and, for models with one, the cell state; an empty cell state
 * for models without one).
 */
public interface Scorer extends Serializable {

    /**
     * Length of the per-key state for {@code channels} compared channels and a cell state of
     * {@code hiddenSize} values (0 for a model without a cell state, such as a windowed one).
     */
    int stateSize(int channels, int hiddenSize);

    /**
     * Sees a key's first record (which has no forecast and is scored 0); by default does nothing.
     *
     * @param state the key's statistics, zeros. Modified.
     * @param observation the record; valid only during the call. Not modified.
     */
    default void first(double[] state, Observation observation) {}

    /**
     * Scores one forecast record and updates the key's statistics.
     *
     * @param state the key's statistics. Modified.
     * @param observation the record; valid only during the call. Not modified.
     * @return a score in [0, 1]; higher is more anomalous
     */
    double score(double[] state, Observation observation);
}
