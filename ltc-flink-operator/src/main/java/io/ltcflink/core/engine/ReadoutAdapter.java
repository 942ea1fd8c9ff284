package io.ltcflink.core.engine;

import java.io.Serializable;

/**
 * A per-key readout learnt online: maps features of a record (the cell's state after evolving, the
 * previous normalised reading and a constant 1) to the forecast of the compared channels, and is
 * corrected by every record's actual values. It replaces the model's own readout, so a shared
 * pretrained cell adapts to each key. Implementations are stateless and serialisable; the per-key
 * weights live in a flat array in the operator's keyed state.
 */
public interface ReadoutAdapter extends Serializable {

    /** Length of the per-key state for {@code features} features and {@code outputs} outputs. */
    int stateSize(int features, int outputs);

    /** Sets up a new key's state. Modified: state. */
    void initialise(double[] state, int features, int outputs);

    /** {@code out = readout(features)}. Not modified: state, features. Modified: out. */
    void predict(double[] state, double[] features, double[] out);

    /** Corrects the readout towards {@code target}. Modified: state. Not modified: the arrays. */
    void update(double[] state, double[] features, double[] target);
}
