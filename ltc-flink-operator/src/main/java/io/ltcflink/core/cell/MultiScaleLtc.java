package io.ltcflink.core.cell;

import io.ltcflink.core.Checks;
import io.ltcflink.core.model.ParameterSet;

/*
 * Implementation notes
 *
 * An LTC layer whose neurons watch one input at different time scales. Neuron i has no recurrent
 * synapses and one excitatory sensory synapse (reversal potential 1) from the input, so its ODE
 * (see LtcCell) is
 *
 *   cm_i dv_i/dt = gleak (0 - v_i) + a_i(u) (1 - v_i),   a_i(u) = w sigmoid(slope (u - 0)),
 *
 * with gleak = 1, w = gain and cm_i = tau_i. For a held input u the neuron relaxes to
 * v* = a(u) / (1 + a(u)), a squashed copy of the input in [0, gain / (1 + gain)), with the time
 * constant tau_i / (1 + a(u)): the time constant is "liquid", shorter when the drive is strong
 * [1]. With time constants spread over decades, the state is a multi-scale summary of the recent
 * history in real (event) time, so it does not depend on how often the stream is sampled.
 *
 * [1] R. Hasani, M. Lechner, A. Amini, D. Rus, R. Grosu. Liquid Time-constant Networks. AAAI 2021.
 */

/** Builds multi-time-scale LTC cells: one input, uncoupled neurons with given time constants. */
public final class MultiScaleLtc {

    private MultiScaleLtc() {}

    /**
     * A cell with one neuron per time constant, identity positivity, affine mappings (weight 1,
     * bias 0) and ncps's fused solver with 6 unfolds; the output is the first neuron.
     *
     * @param timeConstants the resting time constants tau_i in model time units, positive
     * @param slope the input sigmoid's slope, positive
     * @param gain the sensory synapse's maximal conductance relative to the leak, positive
     */
    public static LtcCell build(double[] timeConstants, double slope, double gain) {
        Checks.requireArgument(timeConstants != null && timeConstants.length >= 1,
                "at least one time constant is needed");
        for (double tau : timeConstants) {
            Checks.requireArgument(tau > 0 && Double.isFinite(tau),
                    "time constants must be positive and finite: %s", tau);
        }
        Checks.requireArgument(slope > 0 && Double.isFinite(slope), "slope must be positive: %s",
                slope);
        Checks.requireArgument(gain > 0 && Double.isFinite(gain), "gain must be positive: %s",
                gain);
        int n = timeConstants.length;
        double[] ones = filled(n, 1.0);
        ParameterSet.Builder b = ParameterSet.builder()
                .vector("gleak", ones)
                .vector("vleak", new double[n])
                .vector("cm", timeConstants.clone())
                .matrix("sigma", n, n, new double[n * n])
                .matrix("mu", n, n, new double[n * n])
                .matrix("w", n, n, new double[n * n])
                .matrix("erev", n, n, new double[n * n])
                .matrix("sparsity_mask", n, n, new double[n * n])
                .matrix("sensory_sigma", 1, n, filled(n, slope))
                .matrix("sensory_mu", 1, n, new double[n])
                .matrix("sensory_w", 1, n, filled(n, gain))
                .matrix("sensory_erev", 1, n, ones)
                .matrix("sensory_sparsity_mask", 1, n, ones)
                .vector("input_w", new double[] {1})
                .vector("input_b", new double[] {0})
                .vector("output_w", new double[] {1})
                .vector("output_b", new double[] {0});
        LtcConfig config = new LtcConfig(1, n, 1, Positivity.IDENTITY, Mapping.AFFINE,
                Mapping.AFFINE, 6, 1e-8, false);
        return LtcCell.fromParameters(config, b.build());
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
