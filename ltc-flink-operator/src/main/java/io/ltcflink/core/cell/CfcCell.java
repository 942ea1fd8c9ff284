package io.ltcflink.core.cell;

import static io.ltcflink.core.cell.DenseKernels.affine;
import static io.ltcflink.core.cell.DenseKernels.dotRow;
import static io.ltcflink.core.cell.DenseKernels.sigmoid;

import io.ltcflink.core.Checks;
import io.ltcflink.core.model.ModelFormatException;
import io.ltcflink.core.model.ParameterSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/*
 * Implementation notes
 *
 * The closed-form continuous-time cell of [1] as ncps implements it in PyTorch (ncps/torch/
 * cfc_cell.py, CfCCell, and the CfC wrapper in cfc.py). One step with input x, state h and
 * elapsed time dt:
 *
 *   z0 = [x, h]                                  input first
 *   z  = act(L_k( ... act(L_1(z0)) ... ))        k = backboneLayers Linear layers; k = 0: z = z0
 *   default:  g  = sigmoid(time_a(z) dt + time_b(z))
 *             h' = tanh(ff1(z)) (1 - g) + g tanh(ff2(z))
 *   no_gate:  h' = tanh(ff1(z)) + g tanh(ff2(z))
 *   pure:     f  = ff1(z)
 *             h' = -A exp(-dt (|w_tau| + |f|)) f + A
 *   output    = fc(h') with a projection, else h'
 *
 * Default and no_gate are the neural CfC of [1]: a time-dependent sigmoid gate interpolates
 * between two learned states, with the time constant itself learned (time_a, time_b). Pure is
 * the paper's closed-form approximation of the LTC ODE's solution, with A and w_tau as free
 * parameters. Time enters only through the gate or the exponential, so dt = 0 computes normally
 * (unlike the LTC solver). The PyTorch CfC puts tanh on ff1 and ff2 and gates with
 * sigmoid(+time_a dt + time_b); the Keras version differs in both, so its weights are not
 * interchangeable with these.
 *
 * With mixed memory, the ncps LSTM cell (MixedMemoryLstm) first maps (x, h, c) to (h, c); the CfC
 * step then starts from that h. The flat state is [h, c].
 *
 * Parameter names are the ncps state_dict names without the "rnn_cell." prefix: backbone.<i>.*
 * (nn.Sequential indices, 0, 2, 4, ... without dropout), ff1.*, ff2.*, time_a.*, time_b.*, w_tau,
 * A. The projection fc.* and the memory cell lstm.* belong to the CfC wrapper, not to rnn_cell,
 * so they never carried the prefix.
 * ncps builds backbone.0 even with backbone_layers=0 and then never uses it; such a layer is
 * accepted, kept and written back, but not applied.
 *
 * Products sum over the input index in order and add the bias last (torch's x @ W^T + b), and the
 * elementwise operations follow the torch expressions, so results agree with ncps in float64 to
 * about 1e-15.
 *
 * [1] R. Hasani, M. Lechner, A. Amini, L. Liebenwein, A. Ray, M. Tschaikowski, G. Teschl and
 *     D. Rus, "Closed-form continuous-time neural networks", Nature Machine Intelligence 4, 2022,
 *     pp. 992-1003.
 */

/**
 * A closed-form continuous-time (CfC) cell equal to ncps's PyTorch {@code CfC} with an integer
 * number of units: backbone, default / no_gate / pure update, optional mixed memory and optional
 * output projection. The state is h (length H), or {@code [h, c]} (2H) with mixed memory.
 *
 * <p>Immutable and thread-safe; each {@link Stepper} owns its scratch space and allocates nothing
 * per step.
 */
public final class CfcCell implements RecurrentCell {

    private static final Pattern BACKBONE_NAME = Pattern.compile("backbone\\.(\\d{1,9})\\.(\\w+)");

    private final CfcConfig config;
    /** Backbone layers as stored; with backboneLayers = 0 possibly one unused ncps layer. */
    private final double[][] backboneWeights;
    private final double[][] backboneBiases;
    private final double[] ff1Weight;
    private final double[] ff1Bias;
    private final double[] ff2Weight; // null in pure mode
    private final double[] ff2Bias;
    private final double[] timeAWeight;
    private final double[] timeABias;
    private final double[] timeBWeight;
    private final double[] timeBBias;
    private final double[] wTau; // pure mode only
    private final double[] amplitude; // pure mode only: ncps's A
    private final double[] fcWeight; // null without projection
    private final double[] fcBias;
    private final MixedMemoryLstm lstm; // null without mixed memory

    private CfcCell(CfcConfig config, Parts p) {
        this.config = config;
        this.backboneWeights = p.backboneWeights.toArray(new double[0][]);
        this.backboneBiases = p.backboneBiases.toArray(new double[0][]);
        this.ff1Weight = p.ff1Weight;
        this.ff1Bias = p.ff1Bias;
        this.ff2Weight = p.ff2Weight;
        this.ff2Bias = p.ff2Bias;
        this.timeAWeight = p.timeAWeight;
        this.timeABias = p.timeABias;
        this.timeBWeight = p.timeBWeight;
        this.timeBBias = p.timeBBias;
        this.wTau = p.wTau;
        this.amplitude = p.amplitude;
        this.fcWeight = p.fcWeight;
        this.fcBias = p.fcBias;
        this.lstm = p.lstm;
    }

    /**
     * Reads the parameters of a CfC of the given configuration, by their ncps names without the
     * {@code rnn_cell.} prefix:
     *
     * <ul>
     *   <li>{@code backbone.<i>.weight}, {@code backbone.<i>.bias}: exactly {@code
     *       backboneLayers} layers, taken in numeric order of their indices, whatever the
     *       indices are (0, 2, 4, ... without dropout, 0, 2, 5, ... with); the first {@code [U,
     *       S + H]}, the others {@code [U, U]}, biases {@code [U]}. With {@code backboneLayers} =
     *       0 a single unused layer {@code [U, S + H]}, which ncps always creates, is also
     *       accepted;
     *   <li>{@code ff1.*}, and {@code ff2.*}, {@code time_a.*}, {@code time_b.*} except in pure
     *       mode: weights {@code [H, U]} ({@code [H, S + H]} without a backbone), biases {@code
     *       [H]};
     *   <li>pure mode: {@code w_tau [1, H]} and {@code A [1, H]};
     *   <li>with a projection: {@code fc.weight [P, H]}, {@code fc.bias [P]};
     *   <li>with mixed memory: the three {@code lstm.*} tensors of {@link MixedMemoryLstm}.
     * </ul>
     *
     * @throws ModelFormatException if a parameter is missing, has another shape, or is not part
     *     of this configuration
     */
    public static CfcCell fromParameters(CfcConfig cfg, ParameterSet p) {
        Objects.requireNonNull(cfg, "cfg");
        Objects.requireNonNull(p, "p");
        int s = cfg.inputSize();
        int h = cfg.hiddenSize();
        int u = cfg.backboneUnits();
        int in = cfg.headInputSize();
        Set<String> used = new LinkedHashSet<>();
        Parts parts = new Parts();

        TreeMap<Integer, String> layers = new TreeMap<>();
        for (String name : p.names()) {
            Matcher m = BACKBONE_NAME.matcher(name);
            if (m.matches()) {
                layers.put(Integer.parseInt(m.group(1)), m.group(1));
            }
        }
        int stored = layers.size();
        boolean unusedNcpsLayer = cfg.backboneLayers() == 0 && stored == 1;
        if (stored != cfg.backboneLayers() && !unusedNcpsLayer) {
            throw ModelFormatException.of(
                    "expected %s backbone layers (backboneLayers) but found %s: indices %s",
                    cfg.backboneLayers(), stored, layers.keySet());
        }
        int layer = 0;
        for (String index : layers.values()) {
            String prefix = "backbone." + index + ".";
            parts.backboneWeights.add(
                    require(p, used, prefix + "weight", u, layer == 0 ? s + h : u));
            parts.backboneBiases.add(require(p, used, prefix + "bias", u));
            layer++;
        }

        parts.ff1Weight = require(p, used, "ff1.weight", h, in);
        parts.ff1Bias = require(p, used, "ff1.bias", h);
        if (cfg.mode() == CfcMode.PURE) {
            parts.wTau = require(p, used, "w_tau", 1, h);
            parts.amplitude = require(p, used, "A", 1, h);
        } else {
            parts.ff2Weight = require(p, used, "ff2.weight", h, in);
            parts.ff2Bias = require(p, used, "ff2.bias", h);
            parts.timeAWeight = require(p, used, "time_a.weight", h, in);
            parts.timeABias = require(p, used, "time_a.bias", h);
            parts.timeBWeight = require(p, used, "time_b.weight", h, in);
            parts.timeBBias = require(p, used, "time_b.bias", h);
        }
        if (cfg.projectionSize() > 0) {
            parts.fcWeight = require(p, used, "fc.weight", cfg.projectionSize(), h);
            parts.fcBias = require(p, used, "fc.bias", cfg.projectionSize());
        }
        if (cfg.mixedMemory()) {
            parts.lstm = MixedMemoryLstm.fromParameters(s, h, p);
            used.add(MixedMemoryLstm.INPUT_WEIGHT);
            used.add(MixedMemoryLstm.INPUT_BIAS);
            used.add(MixedMemoryLstm.RECURRENT_WEIGHT);
        }

        Set<String> unexpected = new LinkedHashSet<>(p.names());
        unexpected.removeAll(used);
        if (!unexpected.isEmpty()) {
            throw ModelFormatException.of(
                    "unexpected parameters %s for a CfC cell with %s (expected %s)",
                    unexpected, cfg, used);
        }
        return new CfcCell(cfg, parts);
    }

    private static double[] require(ParameterSet p, Set<String> used, String name, int... shape) {
        used.add(name);
        return p.require(name, shape);
    }

    /**
     * A freshly initialised cell with ncps's distributions: xavier-uniform for every weight
     * matrix of the cell (backbone, heads, and {@code w_tau}, {@code A} in pure mode, whose
     * nominal 0 / 1 start is overwritten in ncps too), PyTorch's {@code Linear} default
     * U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for their biases and for the whole projection, and
     * {@link MixedMemoryLstm#initialize} for the memory cell. Deterministic for a seed, but not
     * the values torch would draw. No unused backbone layer is created when backboneLayers = 0.
     */
    public static CfcCell initialize(CfcConfig cfg, long seed) {
        Objects.requireNonNull(cfg, "cfg");
        SplittableRandom rng = new SplittableRandom(seed);
        int s = cfg.inputSize();
        int h = cfg.hiddenSize();
        int u = cfg.backboneUnits();
        int in = cfg.headInputSize();
        Parts parts = new Parts();
        for (int l = 0; l < cfg.backboneLayers(); l++) {
            int fanIn = l == 0 ? s + h : u;
            parts.backboneWeights.add(ParameterInit.xavierUniform(rng, u, fanIn));
            parts.backboneBiases.add(ParameterInit.uniform(rng, u, 1.0 / Math.sqrt(fanIn)));
        }
        double biasBound = 1.0 / Math.sqrt(in);
        parts.ff1Weight = ParameterInit.xavierUniform(rng, h, in);
        parts.ff1Bias = ParameterInit.uniform(rng, h, biasBound);
        if (cfg.mode() == CfcMode.PURE) {
            parts.wTau = ParameterInit.xavierUniform(rng, 1, h);
            parts.amplitude = ParameterInit.xavierUniform(rng, 1, h);
        } else {
            parts.ff2Weight = ParameterInit.xavierUniform(rng, h, in);
            parts.ff2Bias = ParameterInit.uniform(rng, h, biasBound);
            parts.timeAWeight = ParameterInit.xavierUniform(rng, h, in);
            parts.timeABias = ParameterInit.uniform(rng, h, biasBound);
            parts.timeBWeight = ParameterInit.xavierUniform(rng, h, in);
            parts.timeBBias = ParameterInit.uniform(rng, h, biasBound);
        }
        if (cfg.mixedMemory()) {
            parts.lstm = MixedMemoryLstm.initialize(s, h, rng);
        }
        if (cfg.projectionSize() > 0) {
            double fcBound = 1.0 / Math.sqrt(h);
            parts.fcWeight = ParameterInit.uniform(rng, cfg.projectionSize() * h, fcBound);
            parts.fcBias = ParameterInit.uniform(rng, cfg.projectionSize(), fcBound);
        }
        return new CfcCell(cfg, parts);
    }

    /** The configuration. */
    public CfcConfig config() {
        return config;
    }

    @Override
    public CellKind kind() {
        return CellKind.CFC;
    }

    @Override
    public int inputSize() {
        return config.inputSize();
    }

    /** {@code H}, or {@code 2H} ({@code [h, c]}) with mixed memory. */
    @Override
    public int stateSize() {
        return config.stateSize();
    }

    @Override
    public int outputSize() {
        return config.outputSize();
    }

    /** Always true (although dt = 0 is allowed and computes normally). */
    @Override
    public boolean usesTime() {
        return true;
    }

    /**
     * All scalars of {@link #parameters()}, as PyTorch's {@code sum(p.numel())} counts them; this
     * includes an imported unused ncps backbone layer.
     */
    @Override
    public long parameterCount() {
        long n = 0;
        for (int l = 0; l < backboneWeights.length; l++) {
            n += backboneWeights[l].length + backboneBiases[l].length;
        }
        for (double[] a :
                new double[][] {
                    ff1Weight, ff1Bias, ff2Weight, ff2Bias, timeAWeight, timeABias, timeBWeight,
                    timeBBias, wTau, amplitude, fcWeight, fcBias
                }) {
            n += a == null ? 0 : a.length;
        }
        return n + (lstm == null ? 0 : lstm.parameterCount());
    }

    /**
     * The parameters by their ncps names without the {@code rnn_cell.} prefix; backbone layers
     * are numbered 0, 2, 4, ... as in an ncps model without dropout.
     */
    @Override
    public ParameterSet parameters() {
        int s = config.inputSize();
        int h = config.hiddenSize();
        int u = config.backboneUnits();
        int in = config.headInputSize();
        ParameterSet.Builder b = ParameterSet.builder();
        if (config.mode() == CfcMode.PURE) {
            b.matrix("w_tau", 1, h, wTau).matrix("A", 1, h, amplitude);
        }
        for (int l = 0; l < backboneWeights.length; l++) {
            String prefix = "backbone." + 2 * l + ".";
            b.matrix(prefix + "weight", u, l == 0 ? s + h : u, backboneWeights[l]);
            b.vector(prefix + "bias", backboneBiases[l]);
        }
        b.matrix("ff1.weight", h, in, ff1Weight).vector("ff1.bias", ff1Bias);
        if (config.mode() != CfcMode.PURE) {
            b.matrix("ff2.weight", h, in, ff2Weight).vector("ff2.bias", ff2Bias);
            b.matrix("time_a.weight", h, in, timeAWeight).vector("time_a.bias", timeABias);
            b.matrix("time_b.weight", h, in, timeBWeight).vector("time_b.bias", timeBBias);
        }
        if (lstm != null) {
            lstm.putParameters(b);
        }
        if (fcWeight != null) {
            b.matrix("fc.weight", config.projectionSize(), h, fcWeight).vector("fc.bias", fcBias);
        }
        return b.build();
    }

    @Override
    public Stepper newStepper() {
        return new CfcStepper();
    }

    @Override
    public String toString() {
        return "CfcCell" + config;
    }

    /** The weights while a cell is assembled. */
    private static final class Parts {
        final List<double[]> backboneWeights = new ArrayList<>();
        final List<double[]> backboneBiases = new ArrayList<>();
        double[] ff1Weight;
        double[] ff1Bias;
        double[] ff2Weight;
        double[] ff2Bias;
        double[] timeAWeight;
        double[] timeABias;
        double[] timeBWeight;
        double[] timeBBias;
        double[] wTau;
        double[] amplitude;
        double[] fcWeight;
        double[] fcBias;
        MixedMemoryLstm lstm;
    }

    private final class CfcStepper implements Stepper {
        private final double[] concat = new double[config.inputSize() + config.hiddenSize()];
        private final double[] layerA;
        private final double[] layerB;
        private final double[] lstmScratch;

        CfcStepper() {
            int width = config.backboneLayers() > 0 ? config.backboneUnits() : 0;
            layerA = new double[width];
            layerB = new double[config.backboneLayers() > 1 ? width : 0];
            lstmScratch = new double[lstm == null ? 0 : lstm.scratchSize()];
        }

        /**
         * {@inheritDoc}
         *
         * @throws IllegalArgumentException if dt is negative, NaN or infinite; state is then left
         *     unchanged
         */
        @Override
        public void step(double[] state, double[] input, double dt, double[] output) {
            Checks.requireTimespan(dt);
            Checks.requireLength(state, config.stateSize(), "state");
            Checks.requireLength(input, config.inputSize(), "input");
            Checks.requireLength(output, config.outputSize(), "output");
            int h = config.hiddenSize();
            if (lstm != null) {
                lstm.step(input, state, 0, h, lstmScratch);
            }
            double[] z = backbone(state, input);
            int in = config.headInputSize();
            if (config.mode() == CfcMode.PURE) {
                for (int i = 0; i < h; i++) {
                    double f = dotRow(ff1Weight, i, in, z, 0) + ff1Bias[i];
                    double a = amplitude[i];
                    state[i] = -a * Math.exp(-dt * (Math.abs(wTau[i]) + Math.abs(f))) * f + a;
                }
            } else {
                boolean interpolate = config.mode() == CfcMode.DEFAULT;
                for (int i = 0; i < h; i++) {
                    double ff1 = Math.tanh(dotRow(ff1Weight, i, in, z, 0) + ff1Bias[i]);
                    double ff2 = Math.tanh(dotRow(ff2Weight, i, in, z, 0) + ff2Bias[i]);
                    double ta = dotRow(timeAWeight, i, in, z, 0) + timeABias[i];
                    double tb = dotRow(timeBWeight, i, in, z, 0) + timeBBias[i];
                    double g = sigmoid(ta * dt + tb);
                    state[i] = interpolate ? ff1 * (1.0 - g) + g * ff2 : ff1 + g * ff2;
                }
            }
            project(state, output);
        }

        /** Writes {@code [x, h]} and runs the backbone; returns the array the heads read. */
        private double[] backbone(double[] state, double[] input) {
            int s = config.inputSize();
            int h = config.hiddenSize();
            System.arraycopy(input, 0, concat, 0, s);
            System.arraycopy(state, 0, concat, s, h);
            double[] z = concat;
            int width = s + h;
            int units = config.backboneUnits();
            Activation act = config.backboneActivation();
            for (int l = 0; l < config.backboneLayers(); l++) {
                double[] out = (l & 1) == 0 ? layerA : layerB;
                affine(
                        backboneWeights[l], backboneBiases[l], units, width, z, 0, out, 0);
                act.applyInPlace(out, 0, units);
                z = out;
                width = units;
            }
            return z;
        }

        @Override
        public void readout(double[] state, double[] output) {
            Checks.requireLength(state, config.stateSize(), "state");
            Checks.requireLength(output, config.outputSize(), "output");
            project(state, output);
        }

        private void project(double[] state, double[] output) {
            int h = config.hiddenSize();
            if (fcWeight != null) {
                affine(
                        fcWeight, fcBias, config.projectionSize(), h, state, 0, output, 0);
            } else {
                System.arraycopy(state, 0, output, 0, h);
            }
        }
    }
}
