package io.ltcflink.core.cell;

import io.ltcflink.core.ode.ConductanceSystem;

/** The LTC ODE of one cell for a fixed, zero-order-held input, in either numeric mode. */
interface LtcSystem extends ConductanceSystem {

    /** Fixes the mapped input {@code u} and computes its synaptic sums. Not modified: u. */
    void setInput(double[] u);
}
