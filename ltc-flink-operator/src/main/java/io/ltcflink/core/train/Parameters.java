package io.ltcflink.core.train;

import io.ltcflink.core.Checks;
import io.ltcflink.core.cell.CfcCell;
import io.ltcflink.core.cell.LstmCell;
import io.ltcflink.core.cell.LtcCell;
import io.ltcflink.core.cell.Positivity;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.model.ParameterSet;
import io.ltcflink.core.model.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A mutable copy of a cell's parameters as named flat double arrays, in the order and with the
 * names and shapes of {@link RecurrentCell#parameters()}: the holder for trained values, for
 * gradients and for optimiser state.
 *
 * <p>Each entry is either trainable or frozen. Frozen entries are the constants of a cell: the LTC
 * sparsity masks, the LTC synapse parameters whose mask is 0, and an unused CfC backbone layer; no
 * method of this class changes a frozen entry. A holder made by {@link #zerosLike()} has the same
 * layout and frozen entries, with every value 0.
 *
 * <p>Not thread-safe.
 */
public final class Parameters {

    /** LTC parameters that share the layout of a sparsity mask, by the mask that governs them. */
    private static final Map<String, String> MASKED = Map.of(
            "sigma", "sparsity_mask",
            "mu", "sparsity_mask",
            "w", "sparsity_mask",
            "erev", "sparsity_mask",
            "sensory_sigma", "sensory_sparsity_mask",
            "sensory_mu", "sensory_sparsity_mask",
            "sensory_w", "sensory_sparsity_mask",
            "sensory_erev", "sensory_sparsity_mask");

    /** The LTC parameters that ncps clamps at 0 when positivity is the identity. */
    private static final Set<String> LTC_NON_NEGATIVE = Set.of("gleak", "cm", "w", "sensory_w");

    private final String[] names;
    private final int[][] shapes;
    private final double[][] values;
    /** Per tensor: null when every entry is trainable, else true where an entry is trainable. */
    private final boolean[][] trainable;
    /** Tensors whose trainable entries {@link #applyConstraints()} clamps at 0. */
    private final boolean[] nonNegative;
    private final Map<String, Integer> index;

    private Parameters(
            String[] names,
            int[][] shapes,
            double[][] values,
            boolean[][] trainable,
            boolean[] nonNegative) {
        this.names = names;
        this.shapes = shapes;
        this.values = values;
        this.trainable = trainable;
        this.nonNegative = nonNegative;
        Map<String, Integer> idx = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            idx.put(names[i], i);
        }
        this.index = idx;
    }

    /**
     * A copy of {@code cell}'s parameters. For an LTC cell the masks and the entries of absent
     * synapses are frozen and, with identity positivity, {@code gleak, cm, w, sensory_w} are
     * marked non-negative for {@link #applyConstraints()}. For a CfC cell without backbone layers
     * the unused layer ncps stores anyway (if imported) is frozen.
     */
    public static Parameters of(RecurrentCell cell) {
        Checks.requireArgument(cell != null, "cell must not be null");
        ParameterSet set = cell.parameters();
        int count = set.names().size();
        String[] names = new String[count];
        int[][] shapes = new int[count][];
        double[][] values = new double[count][];
        boolean[][] trainable = new boolean[count][];
        boolean[] nonNegative = new boolean[count];
        boolean ltc = cell instanceof LtcCell;
        boolean clamp = ltc && ((LtcCell) cell).config().positivity() == Positivity.IDENTITY;
        boolean unusedBackbone =
                cell instanceof CfcCell && ((CfcCell) cell).config().backboneLayers() == 0;
        int i = 0;
        for (Map.Entry<String, Tensor> e : set.asMap().entrySet()) {
            String name = e.getKey();
            names[i] = name;
            shapes[i] = e.getValue().shape();
            values[i] = e.getValue().toArray();
            if (ltc) {
                if (name.endsWith("sparsity_mask")) {
                    trainable[i] = new boolean[values[i].length];
                } else if (MASKED.containsKey(name)) {
                    double[] mask = set.get(MASKED.get(name)).toArray();
                    trainable[i] = new boolean[mask.length];
                    for (int q = 0; q < mask.length; q++) {
                        trainable[i][q] = mask[q] != 0.0;
                    }
                }
                nonNegative[i] = clamp && LTC_NON_NEGATIVE.contains(name);
            } else if (unusedBackbone && name.startsWith("backbone.")) {
                // ncps creates backbone.0 even with backbone_layers=0 and never applies it.
                trainable[i] = new boolean[values[i].length];
            }
            i++;
        }
        return new Parameters(names, shapes, values, trainable, nonNegative);
    }

    /** A holder of the same layout and frozen entries with every value 0. */
    public Parameters zerosLike() {
        double[][] zeros = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            zeros[i] = new double[values[i].length];
        }
        return new Parameters(names, shapes, zeros, trainable, nonNegative);
    }

    /** An independent copy. */
    public Parameters copy() {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        return new Parameters(names, shapes, copy, trainable, nonNegative);
    }

    /** The tensor names, in the cell's order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(names)));
    }

    /** The shape of tensor {@code name} (a copy). */
    public int[] shape(String name) {
        return shapes[indexOf(name)].clone();
    }

    /** The values of tensor {@code name}, row-major (a copy). */
    public double[] get(String name) {
        return values[indexOf(name)].clone();
    }

    /** Whether entry {@code i} of tensor {@code name} may change. */
    public boolean isTrainable(String name, int i) {
        boolean[] t = trainable[indexOf(name)];
        return t == null || t[i];
    }

    /** The number of trainable scalars. */
    public long trainableCount() {
        long n = 0;
        for (int i = 0; i < values.length; i++) {
            if (trainable[i] == null) {
                n += values[i].length;
            } else {
                for (boolean b : trainable[i]) {
                    n += b ? 1 : 0;
                }
            }
        }
        return n;
    }

    /** {@code this ← this + other} on the trainable entries. */
    public void add(Parameters other) {
        addScaled(1.0, other);
    }

    /** {@code this ← this + a · other} on the trainable entries. */
    public void addScaled(double a, Parameters other) {
        requireSameLayout(other);
        for (int i = 0; i < values.length; i++) {
            double[] v = values[i];
            double[] o = other.values[i];
            boolean[] t = trainable[i];
            for (int q = 0; q < v.length; q++) {
                if (t == null || t[q]) {
                    v[q] += a * o[q];
                }
            }
        }
    }

    /** {@code this ← a · this} on the trainable entries. */
    public void scale(double a) {
        for (int i = 0; i < values.length; i++) {
            double[] v = values[i];
            boolean[] t = trainable[i];
            for (int q = 0; q < v.length; q++) {
                if (t == null || t[q]) {
                    v[q] *= a;
                }
            }
        }
    }

    /** The Euclidean norm of all trainable entries together (the global norm used for clipping). */
    public double l2Norm() {
        // Scaled sum of squares, so that huge gradients do not overflow to infinity.
        double max = 0.0;
        for (int i = 0; i < values.length; i++) {
            double[] v = values[i];
            boolean[] t = trainable[i];
            for (int q = 0; q < v.length; q++) {
                if (t == null || t[q]) {
                    double a = Math.abs(v[q]);
                    if (!(a <= max)) {
                        max = a; // also catches NaN, which then propagates
                    }
                }
            }
        }
        if (max == 0.0 || !Double.isFinite(max)) {
            return max;
        }
        double sum = 0.0;
        for (int i = 0; i < values.length; i++) {
            double[] v = values[i];
            boolean[] t = trainable[i];
            for (int q = 0; q < v.length; q++) {
                if (t == null || t[q]) {
                    double a = v[q] / max;
                    sum += a * a;
                }
            }
        }
        return max * Math.sqrt(sum);
    }

    /**
     * Clamps at 0 the trainable entries that must stay non-negative: for an LTC cell with identity
     * positivity {@code gleak, cm, w, sensory_w}, as ncps's {@code apply_weight_constraints()}
     * does after each optimiser step. Does nothing for other cells.
     */
    public void applyConstraints() {
        for (int i = 0; i < values.length; i++) {
            if (!nonNegative[i]) {
                continue;
            }
            double[] v = values[i];
            boolean[] t = trainable[i];
            for (int q = 0; q < v.length; q++) {
                if ((t == null || t[q]) && v[q] < 0.0) {
                    v[q] = 0.0;
                }
            }
        }
    }

    /** These values as an immutable {@link ParameterSet}. */
    public ParameterSet toParameterSet() {
        ParameterSet.Builder b = ParameterSet.builder();
        for (int i = 0; i < names.length; i++) {
            b.put(names[i], Tensor.of(shapes[i], values[i]));
        }
        return b.build();
    }

    /**
     * A new cell of {@code template}'s kind and configuration (for LTC also its solver settings and
     * numeric mode) holding these values, built by the cell's own {@code fromParameters}.
     *
     * @throws IllegalArgumentException if the layout differs from {@code template}'s parameters
     */
    public RecurrentCell toCell(RecurrentCell template) {
        Checks.requireArgument(template != null, "template must not be null");
        requireLayoutOf(template.parameters(), "template cell");
        ParameterSet p = toParameterSet();
        if (template instanceof LtcCell) {
            LtcCell ltc = (LtcCell) template;
            return LtcCell.fromParameters(ltc.config(), p)
                    .withSolver(ltc.solverSettings())
                    .withNumericMode(ltc.numericMode());
        }
        if (template instanceof CfcCell) {
            return CfcCell.fromParameters(((CfcCell) template).config(), p);
        }
        if (template instanceof LstmCell) {
            LstmCell lstm = (LstmCell) template;
            return LstmCell.fromParameters(
                    lstm.inputSize(), lstm.hiddenSize(), lstm.outputSize(), p);
        }
        throw new IllegalArgumentException(
                String.format("cannot rebuild a cell of class %s", template.getClass().getName()));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Parameters{");
        for (int i = 0; i < names.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(names[i]).append(Arrays.toString(shapes[i]));
        }
        return sb.append('}').toString();
    }

    // ---------------------------------------------------------------------------------------
    // Package-private access for the backward passes and optimisers of this package.

    /** The live values of tensor {@code name}. */
    double[] array(String name) {
        return values[indexOf(name)];
    }

    /** The number of tensors. */
    int tensorCount() {
        return values.length;
    }

    /** The live values of tensor {@code i}. */
    double[] array(int i) {
        return values[i];
    }

    /** Tensor {@code i}'s trainable flags, or null when every entry is trainable. */
    boolean[] trainableFlags(int i) {
        return trainable[i];
    }

    /** Sets every trainable entry to 0 (frozen entries of a gradient are 0 already). */
    void clear() {
        for (int i = 0; i < values.length; i++) {
            double[] v = values[i];
            boolean[] t = trainable[i];
            for (int q = 0; q < v.length; q++) {
                if (t == null || t[q]) {
                    v[q] = 0.0;
                }
            }
        }
    }

    /** Requires {@code other} to have the same names and sizes, in the same order. */
    void requireSameLayout(Parameters other) {
        Checks.requireArgument(other != null, "parameters must not be null");
        if (other.names == names && other.shapes == shapes) {
            return; // derived from the same holder: the layout is shared
        }
        boolean same = other.names.length == names.length;
        for (int i = 0; same && i < names.length; i++) {
            same = names[i].equals(other.names[i]) && Arrays.equals(shapes[i], other.shapes[i]);
        }
        Checks.requireArgument(same, "parameter layouts differ: %s vs %s", this, other);
    }

    /** Requires the names and shapes of {@code set}, in order. */
    void requireLayoutOf(ParameterSet set, String what) {
        boolean same = set.names().size() == names.length;
        int i = 0;
        for (Map.Entry<String, Tensor> e : set.asMap().entrySet()) {
            if (!same) {
                break;
            }
            same = e.getKey().equals(names[i]) && e.getValue().hasShape(shapes[i]);
            i++;
        }
        Checks.requireArgument(same, "parameter layout %s does not match the %s's %s",
                this, what, set);
    }

    private int indexOf(String name) {
        Integer i = index.get(name);
        Checks.requireArgument(i != null, "unknown parameter '%s' (present: %s)", name,
                index.keySet());
        return i;
    }
}
