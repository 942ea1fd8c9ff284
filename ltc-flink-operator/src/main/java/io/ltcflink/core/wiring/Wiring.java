package io.ltcflink.core.wiring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An immutable, built wiring: which synapses exist between neurons and from the inputs, and their
 * initial polarity. Entries are {@code -1} (inhibitory), {@code +1} (excitatory) or {@code 0} (no
 * synapse). Both matrices are indexed {@code [source][destination]}, as in ncps.
 *
 * <p>Neurons {@code 0..outputDim-1} are the motor neurons whose state is the cell's output.
 */
public final class Wiring {

    private final String className;
    private final int units;
    private final int inputDim;
    private final int outputDim;
    private final int[][] adjacency;
    private final int[][] sensoryAdjacency;
    private final List<List<Integer>> layers;

    /**
     * @param className the ncps class this wiring reproduces ("FullyConnected", "NCP", "AutoNCP",
     *     "Explicit", ...), kept for model files and reports
     * @param adjacency N×N polarities [source][destination] (copied)
     * @param sensoryAdjacency S×N polarities [input][destination] (copied)
     * @param outputDim number of motor neurons M, {@code 1 <= M <= N}
     * @param layers neuron ids per layer, input side first (copied); empty means one layer of all
     */
    public Wiring(
            String className,
            int[][] adjacency,
            int[][] sensoryAdjacency,
            int outputDim,
            List<List<Integer>> layers) {
        int n = adjacency.length;
        if (n < 1) {
            throw new IllegalArgumentException("a wiring needs at least one neuron");
        }
        for (int i = 0; i < n; i++) {
            checkRow("adjacency_matrix", adjacency[i], i, n);
        }
        if (sensoryAdjacency.length < 1) {
            throw new IllegalArgumentException("a wiring needs at least one input (sensory_adjacency_matrix has no rows)");
        }
        for (int k = 0; k < sensoryAdjacency.length; k++) {
            checkRow("sensory_adjacency_matrix", sensoryAdjacency[k], k, n);
        }
        if (outputDim < 1 || outputDim > n) {
            throw new IllegalArgumentException(
                    String.format("output_dim must be in [1, %s]: %s", n, outputDim));
        }
        this.className = className;
        this.units = n;
        this.inputDim = sensoryAdjacency.length;
        this.outputDim = outputDim;
        this.adjacency = deepCopy(adjacency);
        this.sensoryAdjacency = deepCopy(sensoryAdjacency);
        List<List<Integer>> ls = new ArrayList<>();
        for (List<Integer> layer : layers) {
            ls.add(Collections.unmodifiableList(new ArrayList<>(layer)));
        }
        this.layers = Collections.unmodifiableList(ls);
    }

    private static void checkRow(String name, int[] row, int index, int n) {
        if (row.length != n) {
            throw new IllegalArgumentException(
                    String.format("%s row %s: expected %s columns but found %s", name, index, n, row.length));
        }
        for (int j = 0; j < n; j++) {
            int v = row[j];
            if (v < -1 || v > 1) {
                throw new IllegalArgumentException(
                        String.format("%s[%s][%s] must be -1, 0 or 1: %s", name, index, j, v));
            }
        }
    }

    private static int[][] deepCopy(int[][] m) {
        int[][] c = new int[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    public String className() {
        return className;
    }

    /** Number of neurons N. */
    public int units() {
        return units;
    }

    /** Number of inputs S (sensory neurons). */
    public int inputDim() {
        return inputDim;
    }

    /** Number of motor neurons M. */
    public int outputDim() {
        return outputDim;
    }

    /** Neuron ids per layer, input side first (for NCP: inter, command, motor). */
    public List<List<Integer>> layers() {
        return layers;
    }

    /** A copy of the N×N polarity matrix, [source][destination]. */
    public int[][] adjacencyMatrix() {
        return deepCopy(adjacency);
    }

    /** A copy of the S×N sensory polarity matrix, [input][destination]. */
    public int[][] sensoryAdjacencyMatrix() {
        return deepCopy(sensoryAdjacency);
    }

    /** Number of existing neuron-to-neuron synapses. */
    public int synapseCount() {
        return countNonZero(adjacency);
    }

    /** Number of existing input-to-neuron synapses. */
    public int sensorySynapseCount() {
        return countNonZero(sensoryAdjacency);
    }

    private static int countNonZero(int[][] m) {
        int n = 0;
        for (int[] row : m) {
            for (int v : row) {
                if (v != 0) {
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Wiring)) {
            return false;
        }
        Wiring w = (Wiring) o;
        return outputDim == w.outputDim
                && Arrays.deepEquals(adjacency, w.adjacency)
                && Arrays.deepEquals(sensoryAdjacency, w.sensoryAdjacency);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.deepHashCode(adjacency) + Arrays.deepHashCode(sensoryAdjacency))
                + outputDim;
    }

    @Override
    public String toString() {
        return String.format(
                "Wiring{%s, units=%s, inputs=%s, outputs=%s, synapses=%s, sensorySynapses=%s}",
                className, units, inputDim, outputDim, synapseCount(), sensorySynapseCount());
    }
}
