package io.ltcflink.core.train;

import io.ltcflink.core.cell.CfcCell;
import io.ltcflink.core.cell.LstmCell;
import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.RecurrentCell;

/**
 * The forward-with-tape and backward step of one cell kind, as {@link Backprop} drives them over
 * a chunk: {@link #begin}, {@link #forward} for t = 0, 1, ..., {@link #backward} for t = T−1, ...,
 * 0, then {@link #flush}. Holds its tape and gradient buffers: not thread-safe.
 */
abstract class CellBackprop {

    /** The backward pass for {@code cell}; an IllegalArgumentException says why there is none. */
    static CellBackprop forCell(RecurrentCell cell) {
        if (cell instanceof LtcCell) {
            return new LtcBackprop((LtcCell) cell);
        }
        if (cell instanceof CfcCell) {
            return new CfcBackprop((CfcCell) cell);
        }
        if (cell instanceof LstmCell) {
            return new LstmBackprop((LstmCell) cell);
        }
        throw new IllegalArgumentException(
                String.format("no backward pass for cells of class %s", cell.getClass().getName()));
    }

    /** Prepares the tape for {@code steps} steps and zeroes the gradient buffers. */
    abstract void begin(int steps);

    /**
     * Step {@code t}: {@code state ← f(state, x, dt)} and {@code y ← readout(state)}, recording
     * what the backward step needs. Modified: state, y. Not modified: x.
     */
    abstract void forward(int t, double[] state, double[] x, double dt, double[] y);

    /**
     * The backward of step {@code t}: on entry {@code dState} holds ∂L/∂(state after step t)
     * excluding the readout, and {@code dy} holds ∂L/∂y_t; on exit {@code dState} holds ∂L/∂(state
     * before step t). Parameter gradients are accumulated into the buffers. Modified: dState.
     */
    abstract void backward(int t, double[] x, double dt, double[] dy, double[] dState);

    /** Adds the accumulated ∂L/∂(raw parameter) into {@code gradient}. Modified: gradient. */
    abstract void flush(Parameters gradient);

    /** Adds {@code buffer} into the gradient tensor {@code name}. */
    static void addInto(Parameters gradient, String name, double[] buffer) {
        double[] g = gradient.array(name);
        for (int i = 0; i < g.length; i++) {
            g[i] += buffer[i];
        }
    }

    /** A row-major {@code rows × cols} tape, grown to at least {@code rows} rows. */
    static double[][] grow(double[][] tape, int rows, int cols) {
        if (tape != null && tape.length >= rows) {
            return tape;
        }
        double[][] t = new double[rows][];
        int keep = tape == null ? 0 : tape.length;
        for (int i = 0; i < rows; i++) {
            t[i] = i < keep ? tape[i] : new double[cols];
        }
        return t;
    }

    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
