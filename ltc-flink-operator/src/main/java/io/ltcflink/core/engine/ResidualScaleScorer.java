package io.ltcflink.core.engine;

/*
 * Implementation notes
 *
 * Per channel c the scorer keeps an exponentially weighted mean of squared residuals v_c (a running
 * scale). A residual r is scored against the scale before it is folded in, so an outlier does not
 * dampen its own score:
 *
 *   z² = (1/C) Σ_c r_c² / v_c,    score = 1 − exp(−z²/2),
 *
 * which is the CDF of the Rayleigh distribution at z: for residuals that are Gaussian at the
 * running scale, z = 2 scores 0.86, z = 3 0.989, z = 4 0.9997. During the warm-up the scale is the
 * plain mean of the squares seen so far and the score is 0. After it, v_c ← (1 − α) v_c + α r_c²
 * with α = 1 − 2^(−1/halfLife). A floor keeps a flat signal from producing infinite scores.
 *
 * State layout: [count, v_0, …, v_{C−1}].
 */

/** The default scorer: residuals normalised by a per-key running scale. */
public final class ResidualScaleScorer implements Scorer {

    private static final long serialVersionUID = 1L;

    private final int warmUp;
    private final double alpha;
    private final double floor;

    /**
     * @param warmUp records scored 0 while the scale settles (at least 1)
     * @param halfLife records for a squared residual's weight to halve (at least 1)
     * @param floor the smallest variance used, in squared data units (positive)
     */
    public ResidualScaleScorer(int warmUp, double halfLife, double floor) {
        if (warmUp < 1 || !(halfLife >= 1) || !(floor > 0)) {
            throw new IllegalArgumentException(String.format(
                    "warmUp must be >= 1, halfLife >= 1 and floor > 0: %s, %s, %s",
                    warmUp, halfLife, floor));
        }
        this.warmUp = warmUp;
        this.alpha = 1 - Math.pow(2, -1 / halfLife);
        this.floor = floor;
    }

    /** 30 records of warm-up, a half-life of 200 records, a floor of 1e-12. */
    public static ResidualScaleScorer defaults() {
        return new ResidualScaleScorer(30, 200, 1e-12);
    }

    @Override
    public int stateSize(int channels, int hiddenSize) {
        return channels + 1;
    }

    @Override
    public double score(double[] state, Observation o) {
        double[] residual = o.residual();
        double count = state[0];
        int c = residual.length;
        double score = 0;
        if (count >= warmUp) {
            double z2 = 0;
            for (int i = 0; i < c; i++) {
                z2 += residual[i] * residual[i] / Math.max(floor, state[i + 1]);
            }
            z2 /= c;
            score = 1 - Math.exp(-0.5 * z2);
        }
        double a = count < warmUp ? 1.0 / (count + 1) : alpha;
        for (int i = 0; i < c; i++) {
            state[i + 1] += a * (residual[i] * residual[i] - state[i + 1]);
        }
        state[0] = count + 1;
        return score;
    }

    @Override
    public String toString() {
        return String.format("ResidualScaleScorer{warmUp=%s, alpha=%s, floor=%s}", warmUp, alpha, floor);
    }
}
