package io.ltcflink.core.engine;

/*
 * Implementation notes
 *
 * Per channel c the scorer keeps an exponentially weighted mean of squared residuals v_c (a running
 * scale). A residual r is scored against the scale before it is folded in, so an outlier does not
 * dampen its own score:
 *
 *   z² = (1/C) Σ_c r_c² / v_c.
 *
 * How surprising z² is depends on the tails of the residuals. For Gaussian residuals at the running
 * scale the score is 1 − exp(−z²/2), the CDF of the Rayleigh distribution at z: z = 3 scores 0.989.
 * A forecaster's residuals are rarely Gaussian: on a chaotic sensor most one-step errors are tiny
 * and a few (near a lobe switch, after a long gap) are ten times the typical size, so a Gaussian
 * score pages for ordinary records. The default therefore scores with the tail of Student's t with
 * ν degrees of freedom, 1 − (1 + z²/ν)^(−ν/2), which tends to the Gaussian form as ν grows: with
 * ν = 3 the 0.99 of an alert needs z ≈ 7.9 instead of 3. On the demo's generated Lorenz sensors
 * (seeds 1–3, 50 sensors, 20 % drops, 30 % jitter; chosen there, reported in the README on the
 * demo's own seed) ν = 3 took the alerts outside any injected anomaly from 8–11 of 70–85 to 1–3 of
 * 49–52 while catching 93–100 % of the anomalies (95–100 % before).
 *
 * During the warm-up the scale is the plain mean of the squares seen so far and the score is 0,
 * so a key raises no alert while it warms up. After it, v_c ← (1 − α) v_c + α r_c² with
 * α = 1 − 2^(−1/halfLife). A floor keeps a flat signal from producing infinite scores.
 *
 * State layout: [count, v_0, …, v_{C−1}].
 */

/** The default scorer: residuals normalised by a per-key running scale. */
public final class ResidualScaleScorer implements Scorer {

    private static final long serialVersionUID = 2L;

    /** The default degrees of freedom of the score's tail. */
    public static final double DEFAULT_TAIL = 3;

    private final int warmUp;
    private final double alpha;
    private final double floor;
    private final double tail;

    /** A scorer with Gaussian tails ({@code tail} = ∞); see {@link #ResidualScaleScorer(int, double, double, double)}. */
    public ResidualScaleScorer(int warmUp, double halfLife, double floor) {
        this(warmUp, halfLife, floor, Double.POSITIVE_INFINITY);
    }

    /**
     * @param warmUp records scored 0 while the scale settles (at least 1)
     * @param halfLife records for a squared residual's weight to halve (at least 1)
     * @param floor the smallest variance used, in squared data units (positive)
     * @param tail degrees of freedom ν of the Student-t tail the score assumes (positive;
     *     {@link Double#POSITIVE_INFINITY} for Gaussian residuals)
     */
    public ResidualScaleScorer(int warmUp, double halfLife, double floor, double tail) {
        if (warmUp < 1 || !(halfLife >= 1) || !(floor > 0) || !(tail > 0)) {
            throw new IllegalArgumentException(String.format(
                    "warmUp must be >= 1, halfLife >= 1, floor > 0 and tail > 0: %s, %s, %s, %s",
                    warmUp, halfLife, floor, tail));
        }
        this.warmUp = warmUp;
        this.alpha = 1 - Math.pow(2, -1 / halfLife);
        this.floor = floor;
        this.tail = tail;
    }

    /**
     * 30 records of warm-up, a half-life of 200 records, a floor of 1e-12 and a Student-t tail
     * with {@link #DEFAULT_TAIL} degrees of freedom.
     */
    public static ResidualScaleScorer defaults() {
        return new ResidualScaleScorer(30, 200, 1e-12, DEFAULT_TAIL);
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
            score = tailProbability(z2);
        }
        double a = count < warmUp ? 1.0 / (count + 1) : alpha;
        for (int i = 0; i < c; i++) {
            state[i + 1] += a * (residual[i] * residual[i] - state[i + 1]);
        }
        state[0] = count + 1;
        return score;
    }

    /** The score of a squared normalised residual: how unlikely a smaller one is. */
    double tailProbability(double z2) {
        if (tail == Double.POSITIVE_INFINITY) {
            return 1 - Math.exp(-0.5 * z2);
        }
        return 1 - Math.exp(-0.5 * tail * Math.log1p(z2 / tail));
    }

    @Override
    public String toString() {
        return String.format("ResidualScaleScorer{warmUp=%s, alpha=%s, floor=%s, tail=%s}", warmUp,
                alpha, floor, tail);
    }
}
