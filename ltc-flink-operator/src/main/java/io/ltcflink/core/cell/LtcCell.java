package io.ltcflink.core.cell;

import io.ltcflink.core.Checks;
import io.ltcflink.core.model.ModelFormatException;
import io.ltcflink.core.model.ParameterSet;
import io.ltcflink.core.model.Tensor;
import io.ltcflink.core.ode.ButcherTableau;
import io.ltcflink.core.ode.ExplicitRungeKutta;
import io.ltcflink.core.ode.SemiImplicitEuler;
import io.ltcflink.core.wiring.Wiring;
import java.util.SplittableRandom;

/*
 * Implementation notes
 *
 * The liquid time-constant neuron [1] is a leaky integrator with conductance-based synapses whose
 * opening is a sigmoid of the presynaptic potential:
 *
 *   cm_i dv_i/dt = gleak_i (vleak_i − v_i)
 *                + Σ_j a_ji(v_j) (erev_ji − v_i) + Σ_k a^s_ki(u_k) (sensory_erev_ki − v_i),
 *   a_ji(v_j)   = w_ji σ(sigma_ji (v_j − mu_ji)) mask_ji,
 *
 * with all matrices indexed [source][destination] and u the mapped input. Because the effective
 * time constant depends on the synaptic drive, the "liquid" time constant adapts to the input.
 *
 * ncps [2] integrates one step of length Δt with K = ode_unfolds sub-steps of h = Δt/K of the fused
 * semi-implicit Euler rule: the terms linear in v_i are taken at the new value, the gates at the
 * old one, giving v_i' = (c_i v_i + gleak_i vleak_i + Σ a E + N^s_i) / (c_i + gleak_i + Σ a + D^s_i + ε)
 * with c_i = cm_i / h. Every weight is non-negative, so v' is a convex combination of v, vleak and
 * the reversal potentials: the state stays bounded for any Δt. ε (1e-8) only keeps the division
 * defined; ncps adds it after the sum and so do we. Δt = 0 would give c = ∞ and ∞/∞ = NaN in ncps,
 * forever after; here it leaves the state unchanged. The sensory terms depend only on the input,
 * so they are computed once per step.
 *
 * The positive parameters (gleak, cm, w, sensory_w) pass through softplus (torch threshold 20) or
 * identity, as configured; the map is applied once when the cell is built, not per step.
 *
 * Synapses are stored as compressed rows (per source, the destinations that exist), so a sparse
 * NCP wiring pays only for its synapses. Each destination's sums run over sources in ascending
 * order; torch reduces in another order, so results agree to about 1e-15, not bit for bit.
 *
 * The explicit Euler and RK4 solvers integrate the same ODE, dv/dt = (α − β v)/cm, with sub-steps
 * of Δt/K (the original TF implementation [3] used a fixed step of 0.1 whatever the timespan, which
 * makes its physics depend on K; we integrate the real elapsed time instead).
 *
 * [1] R. Hasani, M. Lechner, A. Amini, D. Rus, R. Grosu. Liquid Time-constant Networks. AAAI 2021.
 * [2] M. Lechner, R. Hasani. ncps: Neural Circuit Policies, torch LTCCell (v1.0.1).
 * [3] raminmh/liquid_time_constant_networks, ltc_model.py.
 */

/**
 * The ncps liquid time-constant cell, optionally with ncps's mixed-memory LSTM in front.
 *
 * <p>Parameters are immutable and validated at construction; the cell is thread-safe and its
 * {@link Stepper}s are not. The state is the N neuron potentials, followed by the N LSTM cell
 * values when mixed memory is on; the output is the first M potentials through the output mapping.
 */
public final class LtcCell implements RecurrentCell {

    private final LtcConfig config;
    private final SolverSettings solver;
    private final NumericMode numericMode;
    private final ParameterSet parameters;
    private final MixedMemoryLstm memory;

    // Effective (positivity-mapped) per-neuron constants.
    final double[] gleak;
    final double[] vleak;
    final double[] cm;

    // Recurrent synapses in compressed rows: row j holds the synapses leaving neuron j.
    final int[] rowStart;
    final int[] dst;
    final double[] sigma;
    final double[] mu;
    final double[] w;
    final double[] erev;

    // Sensory synapses in compressed rows: row k holds the synapses leaving input k.
    final int[] sensoryRowStart;
    final int[] sensoryDst;
    final double[] sensorySigma;
    final double[] sensoryMu;
    final double[] sensoryW;
    final double[] sensoryErev;

    final double[] inputW;
    final double[] inputB;
    final double[] outputW;
    final double[] outputB;

    private LtcCell(LtcConfig config, SolverSettings solver, NumericMode mode, ParameterSet p) {
        this.config = config;
        this.solver = solver;
        this.numericMode = mode;
        int n = config.units();
        int s = config.inputSize();
        int m = config.outputSize();
        Positivity pos = config.positivity();

        this.gleak = positive(p.require("gleak", n), pos);
        this.vleak = p.require("vleak", n);
        this.cm = positive(p.require("cm", n), pos);

        double[] mask = p.require("sparsity_mask", n, n);
        requireMask(mask, n, "sparsity_mask");
        Csr rec = Csr.of(
                mask, n, n,
                p.require("sigma", n, n),
                p.require("mu", n, n),
                positive(p.require("w", n, n), pos),
                p.require("erev", n, n));
        this.rowStart = rec.rowStart;
        this.dst = rec.dst;
        this.sigma = rec.sigma;
        this.mu = rec.mu;
        this.w = rec.w;
        this.erev = rec.erev;

        double[] sensoryMask = p.require("sensory_sparsity_mask", s, n);
        requireMask(sensoryMask, n, "sensory_sparsity_mask");
        Csr sen = Csr.of(
                sensoryMask, s, n,
                p.require("sensory_sigma", s, n),
                p.require("sensory_mu", s, n),
                positive(p.require("sensory_w", s, n), pos),
                p.require("sensory_erev", s, n));
        this.sensoryRowStart = sen.rowStart;
        this.sensoryDst = sen.dst;
        this.sensorySigma = sen.sigma;
        this.sensoryMu = sen.mu;
        this.sensoryW = sen.w;
        this.sensoryErev = sen.erev;

        this.inputW = mappingWeight(p, config.inputMapping(), "input_w", s);
        this.inputB = mappingBias(p, config.inputMapping(), "input_b", s);
        this.outputW = mappingWeight(p, config.outputMapping(), "output_w", m);
        this.outputB = mappingBias(p, config.outputMapping(), "output_b", m);

        this.memory = config.mixedMemory() ? MixedMemoryLstm.fromParameters(s, n, p) : null;
        this.parameters = canonical(p, config, memory);
    }

    /**
     * Builds a cell from its hyper-parameters and tensors (ncps names, without the {@code rnn_cell.}
     * prefix; mixed memory adds {@code lstm.input_map.weight}, {@code lstm.input_map.bias},
     * {@code lstm.recurrent_map.weight}), solved as ncps does.
     *
     * @throws ModelFormatException naming the tensor, the expected and the actual shape, or a mask
     *     entry that is not 0 or 1
     */
    public static LtcCell fromParameters(LtcConfig config, ParameterSet parameters) {
        return new LtcCell(config, SolverSettings.NCPS, NumericMode.EXACT, parameters);
    }

    /**
     * A freshly initialised cell, drawn as ncps draws it (gleak U(0.001, 1), vleak U(−0.2, 0.2), cm
     * U(0.4, 0.6), sigma U(3, 8), mu U(0.3, 0.8), w U(0.001, 1), erev from the wiring's polarities,
     * the same for the sensory synapses; mappings w = 1, b = 0) from a seeded generator. The values
     * are not torch's: only the distributions are the same.
     */
    public static LtcCell initialize(LtcConfig config, Wiring wiring, long seed) {
        return initialize(config, wiring, seed, 1.0);
    }

    /**
     * As {@link #initialize(LtcConfig, Wiring, long)}, with every membrane capacitance parameter
     * drawn from U(0.4, 0.6) times {@code cmScale} (the same draws: a scale of 1 is ncps's cell;
     * the parameter is the one ncps draws, before the softplus that makes it positive, so 20
     * takes softplus(0.5) = 0.97 to softplus(10) = 10). A neuron's time constant is its
     * capacitance over its leak and synaptic conductances, a fraction of a model time unit at
     * ncps's initialisation; a larger scale starts the neurons slower, which paid where the data
     * remembers over many sampling periods (a delay system) and cost where it does not.
     *
     * @param cmScale the factor on the initial capacitances, positive and finite
     */
    public static LtcCell initialize(LtcConfig config, Wiring wiring, long seed, double cmScale) {
        Checks.requireArgument(cmScale > 0 && Double.isFinite(cmScale),
                "the capacitance scale must be positive and finite: %s", cmScale);
        Checks.requireArgument(
                wiring.units() == config.units(),
                "wiring has %s units but the config has %s", wiring.units(), config.units());
        Checks.requireArgument(
                wiring.inputDim() == config.inputSize(),
                "wiring has %s inputs but the config has %s", wiring.inputDim(), config.inputSize());
        Checks.requireArgument(
                wiring.outputDim() == config.outputSize(),
                "wiring has %s outputs but the config has %s",
                wiring.outputDim(), config.outputSize());
        int n = config.units();
        int s = config.inputSize();
        int m = config.outputSize();
        SplittableRandom rnd = new SplittableRandom(seed);
        ParameterSet.Builder b = ParameterSet.builder();
        b.vector("gleak", uniform(rnd, n, 0.001, 1.0));
        b.vector("vleak", uniform(rnd, n, -0.2, 0.2));
        double[] cm = uniform(rnd, n, 0.4, 0.6);
        for (int i = 0; i < n; i++) {
            cm[i] *= cmScale;
        }
        b.vector("cm", cm);
        b.matrix("sigma", n, n, uniform(rnd, n * n, 3, 8));
        b.matrix("mu", n, n, uniform(rnd, n * n, 0.3, 0.8));
        b.matrix("w", n, n, uniform(rnd, n * n, 0.001, 1.0));
        b.matrix("erev", n, n, flatten(wiring.adjacencyMatrix(), false));
        b.matrix("sensory_sigma", s, n, uniform(rnd, s * n, 3, 8));
        b.matrix("sensory_mu", s, n, uniform(rnd, s * n, 0.3, 0.8));
        b.matrix("sensory_w", s, n, uniform(rnd, s * n, 0.001, 1.0));
        b.matrix("sensory_erev", s, n, flatten(wiring.sensoryAdjacencyMatrix(), false));
        b.matrix("sparsity_mask", n, n, flatten(wiring.adjacencyMatrix(), true));
        b.matrix("sensory_sparsity_mask", s, n, flatten(wiring.sensoryAdjacencyMatrix(), true));
        if (config.inputMapping().hasWeight()) {
            b.vector("input_w", filled(s, 1.0));
        }
        if (config.inputMapping().hasBias()) {
            b.vector("input_b", filled(s, 0.0));
        }
        if (config.outputMapping().hasWeight()) {
            b.vector("output_w", filled(m, 1.0));
        }
        if (config.outputMapping().hasBias()) {
            b.vector("output_b", filled(m, 0.0));
        }
        if (config.mixedMemory()) {
            MixedMemoryLstm.initialize(s, n, rnd.nextLong()).putParameters(b);
        }
        return fromParameters(config, b.build());
    }

    /** This cell's parameters integrated with other solver settings. */
    public LtcCell withSolver(SolverSettings settings) {
        Checks.requireArgument(settings != null, "solver settings must not be null");
        return new LtcCell(config, settings, numericMode, parameters);
    }

    /** This cell's parameters evaluated in another numeric mode. */
    public LtcCell withNumericMode(NumericMode mode) {
        Checks.requireArgument(mode != null, "numeric mode must not be null");
        return new LtcCell(config, solver, mode, parameters);
    }

    public NumericMode numericMode() {
        return numericMode;
    }

    public LtcConfig config() {
        return config;
    }

    public SolverSettings solverSettings() {
        return solver;
    }

    /** Number of recurrent synapses that exist (mask 1). */
    public int synapseCount() {
        return dst.length;
    }

    /** Number of sensory synapses that exist (mask 1). */
    public int sensorySynapseCount() {
        return sensoryDst.length;
    }

    @Override
    public CellKind kind() {
        return CellKind.LTC;
    }

    @Override
    public int inputSize() {
        return config.inputSize();
    }

    @Override
    public int stateSize() {
        return config.stateSize();
    }

    @Override
    public int outputSize() {
        return config.outputSize();
    }

    @Override
    public boolean usesTime() {
        return true;
    }

    /**
     * Trainable scalars that have an effect: 3 per neuron, 4 per existing synapse (sigma, mu, w,
     * erev) and sensory synapse, the mapping vectors, and the mixed-memory LSTM. Entries of masked
     * synapses and the masks themselves are not counted.
     */
    @Override
    public long parameterCount() {
        long count = 3L * config.units() + 4L * dst.length + 4L * sensoryDst.length;
        count += (config.inputMapping().hasWeight() ? 1 : 0) * (long) config.inputSize();
        count += (config.inputMapping().hasBias() ? 1 : 0) * (long) config.inputSize();
        count += (config.outputMapping().hasWeight() ? 1 : 0) * (long) config.outputSize();
        count += (config.outputMapping().hasBias() ? 1 : 0) * (long) config.outputSize();
        if (memory != null) {
            count += memory.parameterCount();
        }
        return count;
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    @Override
    public Stepper newStepper() {
        return new LtcStepper(this);
    }

    @Override
    public String toString() {
        return String.format(
                "LtcCell{S=%s, N=%s, M=%s, synapses=%s, sensorySynapses=%s, %s, K=%s, %s%s}",
                config.inputSize(), config.units(), config.outputSize(), dst.length,
                sensoryDst.length, config.positivity().fileName(), config.odeUnfolds(),
                solver.solver().fileName() + (numericMode == NumericMode.FAST ? ", fast" : ""),
                config.mixedMemory() ? ", mixed memory" : "");
    }

    MixedMemoryLstm memory() {
        return memory;
    }

    // ---------------------------------------------------------------------------------------
    // Construction helpers

    private static double[] positive(double[] raw, Positivity p) {
        double[] out = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = p.apply(raw[i]);
        }
        return out;
    }

    private static void requireMask(double[] mask, int cols, String name) {
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0.0 && mask[i] != 1.0) {
                throw ModelFormatException.of(
                        "parameter '%s'[%s][%s] must be 0 or 1 but found %s",
                        name, i / cols, i % cols, mask[i]);
            }
        }
    }

    private static double[] mappingWeight(ParameterSet p, Mapping m, String name, int size) {
        return m.hasWeight() ? p.require(name, size) : filled(size, 1.0);
    }

    private static double[] mappingBias(ParameterSet p, Mapping m, String name, int size) {
        return m.hasBias() ? p.require(name, size) : filled(size, 0.0);
    }

    /** The parameters in ncps order, keeping only those this configuration uses. */
    private static ParameterSet canonical(ParameterSet p, LtcConfig c, MixedMemoryLstm memory) {
        ParameterSet.Builder b = ParameterSet.builder();
        for (String name :
                new String[] {
                    "gleak", "vleak", "cm", "sigma", "mu", "w", "erev", "sensory_sigma",
                    "sensory_mu", "sensory_w", "sensory_erev", "sparsity_mask",
                    "sensory_sparsity_mask"
                }) {
            b.put(name, p.get(name));
        }
        putVectorAs(b, p, "input_w", c.inputMapping().hasWeight());
        putVectorAs(b, p, "input_b", c.inputMapping().hasBias());
        putVectorAs(b, p, "output_w", c.outputMapping().hasWeight());
        putVectorAs(b, p, "output_b", c.outputMapping().hasBias());
        if (memory != null) {
            memory.putParameters(b);
        }
        return b.build();
    }

    private static void putVectorAs(ParameterSet.Builder b, ParameterSet p, String name, boolean used) {
        if (used) {
            b.put(name, Tensor.vector(p.get(name).toArray()));
        }
    }

    private static double[] uniform(SplittableRandom rnd, int size, double lo, double hi) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = lo + (hi - lo) * rnd.nextDouble();
        }
        return v;
    }

    private static double[] filled(int size, double value) {
        double[] v = new double[size];
        java.util.Arrays.fill(v, value);
        return v;
    }

    private static double[] flatten(int[][] m, boolean abs) {
        int cols = m.length == 0 ? 0 : m[0].length;
        double[] out = new double[m.length * cols];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = abs ? Math.abs(m[i][j]) : m[i][j];
            }
        }
        return out;
    }

    /** Synapse parameters gathered into compressed rows, keeping entries whose mask is 1. */
    private static final class Csr {
        final int[] rowStart;
        final int[] dst;
        final double[] sigma;
        final double[] mu;
        final double[] w;
        final double[] erev;

        private Csr(int rows, int nnz) {
            rowStart = new int[rows + 1];
            dst = new int[nnz];
            sigma = new double[nnz];
            mu = new double[nnz];
            w = new double[nnz];
            erev = new double[nnz];
        }

        static Csr of(double[] mask, int rows, int cols, double[] sigma, double[] mu, double[] w,
                double[] erev) {
            int nnz = 0;
            for (double v : mask) {
                if (v != 0.0) {
                    nnz++;
                }
            }
            Csr c = new Csr(rows, nnz);
            int k = 0;
            for (int r = 0; r < rows; r++) {
                c.rowStart[r] = k;
                for (int col = 0; col < cols; col++) {
                    int idx = r * cols + col;
                    if (mask[idx] != 0.0) {
                        c.dst[k] = col;
                        c.sigma[k] = sigma[idx];
                        c.mu[k] = mu[idx];
                        c.w[k] = w[idx];
                        c.erev[k] = erev[idx];
                        k++;
                    }
                }
            }
            c.rowStart[rows] = k;
            return c;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Stepping

    /** Per-thread scratch and the solver engines for one cell. */
    private static final class LtcStepper implements Stepper {
        private final LtcCell cell;
        private final LtcSystem ode;
        private final double[] mapped;
        private final double[] memoryScratch;
        private final SemiImplicitEuler fused;
        private final ExplicitRungeKutta explicit;

        LtcStepper(LtcCell cell) {
            this.cell = cell;
            int n = cell.config.units();
            this.ode = cell.numericMode == NumericMode.FAST && LtcFastOde.suits(cell)
                    ? new LtcFastOde(cell)
                    : new LtcOde(cell);
            this.mapped = new double[cell.config.inputSize()];
            this.memoryScratch = cell.memory == null ? null : new double[cell.memory.scratchSize()];
            switch (cell.solver.solver()) {
                case FUSED:
                    this.fused = new SemiImplicitEuler(n, cell.config.epsilon());
                    this.explicit = null;
                    break;
                case EULER:
                    this.fused = null;
                    this.explicit = new ExplicitRungeKutta(ButcherTableau.EULER, n);
                    break;
                case RK4:
                    this.fused = null;
                    this.explicit = new ExplicitRungeKutta(ButcherTableau.RK4, n);
                    break;
                default:
                    throw new IllegalStateException("unknown solver " + cell.solver.solver());
            }
        }

        @Override
        public void step(double[] state, double[] input, double dt, double[] output) {
            Checks.requireTimespan(dt);
            Checks.requireLength(input, cell.config.inputSize(), "input");
            Checks.requireFinite(input, "input");
            if (dt > 0.0) {
                if (cell.memory != null) {
                    cell.memory.step(input, state, 0, cell.config.units(), memoryScratch);
                }
                double[] u = mapped;
                for (int k = 0; k < u.length; k++) {
                    u[k] = input[k] * cell.inputW[k] + cell.inputB[k];
                }
                ode.setInput(u);
                int subSteps = cell.solver.subSteps(dt, cell.config.odeUnfolds());
                double h = dt / subSteps;
                if (fused != null) {
                    fused.integrate(ode, state, h, subSteps);
                } else {
                    explicit.integrate(ode, 0.0, state, h, subSteps);
                }
            }
            // dt == 0: no time has passed, so nothing evolves (ncps would produce NaN).
            readout(state, output);
        }

        @Override
        public void readout(double[] state, double[] output) {
            double[] ow = cell.outputW;
            double[] ob = cell.outputB;
            for (int i = 0; i < ow.length; i++) {
                output[i] = state[i] * ow[i] + ob[i];
            }
        }
    }
}
