package io.ltcflink.core.engine;

/*
 * Implementation notes
 *
 * Per channel, the mean and variance of every reading so far by Welford's update [1], and
 * z = (x - mean) / (std + floor), clipped to [-clip, clip] so that one enormous reading does not
 * drive a cell far outside the range it was built for. The floor (relative to the mean's size,
 * plus an absolute one) keeps a flat signal from dividing by zero. The statistics cover all
 * history, not a window: a level shift stays visible as a shift instead of being normalised away.
 *
 * State layout: [n, mean_0, m2_0, mean_1, m2_1, ...].
 *
 * [1] B. P. Welford, "Note on a method for calculating corrected sums of squares and products",
 *     Technometrics 4(3), 1962.
 */

/** Per-key standardisation by the running mean and standard deviation of all readings so far. */
public final class RunningStandardizer implements InputNormalizer {

    private static final long serialVersionUID = 1L;

    private final double clip;

    /** @param clip the largest |z| passed on (positive) */
    public RunningStandardizer(double clip) {
        if (!(clip > 0)) {
            throw new IllegalArgumentException(String.format("clip must be positive: %s", clip));
        }
        this.clip = clip;
    }

    @Override
    public int stateSize(int channels) {
        return 1 + 2 * channels;
    }

    @Override
    public void normalize(double[] state, double[] x, double[] out) {
        for (int c = 0; c < x.length; c++) {
            double z = (x[c] - state[1 + 2 * c]) / scale(state, c);
            out[c] = Math.max(-clip, Math.min(clip, z));
        }
    }

    @Override
    public double denormalize(double[] state, int channel, double z) {
        return state[1 + 2 * channel] + z * scale(state, channel);
    }

    @Override
    public void update(double[] state, double[] x) {
        double n = state[0] + 1;
        for (int c = 0; c < x.length; c++) {
            double mean = state[1 + 2 * c];
            double next = mean + (x[c] - mean) / n;
            state[2 + 2 * c] += (x[c] - mean) * (x[c] - next);
            state[1 + 2 * c] = next;
        }
        state[0] = n;
    }

    private static double scale(double[] state, int c) {
        double n = state[0];
        double sd = n > 0 ? Math.sqrt(state[2 + 2 * c] / n) : 0;
        return sd + 1e-9 + 1e-9 * Math.abs(state[1 + 2 * c]);
    }

    @Override
    public String toString() {
        return "RunningStandardizer{clip=" + clip + "}";
    }
}
