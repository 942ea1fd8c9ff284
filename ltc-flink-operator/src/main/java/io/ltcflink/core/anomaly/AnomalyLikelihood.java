package io.ltcflink.core.anomaly;

import io.ltcflink.core.Checks;
import java.io.Serializable;

/*
 * Implementation notes
 *
 * The anomaly likelihood of Ahmad et al. [1]: a raw anomaly score (here any non-negative number,
 * e.g. a normalised forecast residual) is judged not by itself but by how its recent average
 * compares with its own long-run distribution. With mu and sigma^2 the long-run mean and variance
 * of the raw score and m_W the mean of the last W raw scores (the current one included),
 *
 *   z = (m_W - mu) / max(sigma, minStd),    likelihood = 1 - Q(z),
 *
 * Q the upper normal tail. A stream whose raw score is always noisy has a wide long-run
 * distribution and needs a large, sustained rise to look unlikely; a quiet one is flagged by a
 * smaller change. [1] keeps the last 8640 raw scores and re-estimates mu and sigma every 100
 * records; here they are exponentially weighted moments with a half-life of H records, so the
 * state is O(W) rather than O(8640) and every record counts at once. The current raw score is
 * compared before it is folded into the long-run moments, so a jump does not dampen its own
 * likelihood. During the first warmUp records the moments are plain averages and Q is reported as
 * 0.5 (no evidence either way). The caller gets Q itself (small is anomalous) or, through
 * GaussianTail.surprise, -log10 Q, which keeps values near likelihood 1 apart (the role of the
 * "log likelihood" in [1]).
 *
 * State layout, from off: [count, sum of the window, mu, sigma^2, ring of the last W raw scores].
 *
 * [1] S. Ahmad, A. Lavin, S. Purdy, Z. Agha, "Unsupervised real-time anomaly detection for
 *     streaming data", Neurocomputing 262, 2017, pp. 134-147, section 4.2.
 */

/**
 * The anomaly likelihood of a stream of raw anomaly scores: short-window average against the
 * long-run distribution. Immutable and thread-safe; the per-stream state is a caller's array slice.
 */
public final class AnomalyLikelihood implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final int COUNT = 0;
    private static final int SUM = 1;
    private static final int MEAN = 2;
    private static final int VAR = 3;
    private static final int RING = 4;

    private final int shortWindow;
    private final double alpha;
    private final int warmUp;
    private final double minStd;

    /**
     * @param shortWindow W, the number of recent raw scores averaged (at least 1)
     * @param longHalfLife H, records for a raw score's weight in the long-run moments to halve
     *     (at least 1)
     * @param warmUp records before any Q other than 0.5 is reported (at least 2)
     * @param minStd the smallest standard deviation used, in raw-score units (positive)
     */
    public AnomalyLikelihood(int shortWindow, double longHalfLife, int warmUp, double minStd) {
        Checks.requireArgument(shortWindow >= 1, "shortWindow must be at least 1: %s", shortWindow);
        Checks.requireArgument(longHalfLife >= 1, "longHalfLife must be at least 1: %s",
                longHalfLife);
        Checks.requireArgument(warmUp >= 2, "warmUp must be at least 2: %s", warmUp);
        Checks.requireArgument(minStd > 0 && Double.isFinite(minStd),
                "minStd must be positive and finite: %s", minStd);
        this.shortWindow = shortWindow;
        this.alpha = 1 - Math.pow(2, -1 / longHalfLife);
        this.warmUp = warmUp;
        this.minStd = minStd;
    }

    /** The length of the per-stream state slice. */
    public int stateSize() {
        return RING + shortWindow;
    }

    /**
     * Folds in one raw score and returns the upper-tail probability Q of the recent average under
     * the long-run distribution (0.5 during the warm-up). Modified: state[off, off + stateSize).
     *
     * @param raw a finite, non-negative raw anomaly score
     */
    public double update(double[] state, int off, double raw) {
        Checks.requireArgument(raw >= 0 && raw < Double.POSITIVE_INFINITY,
                "raw anomaly score must be finite and non-negative: %s", raw);
        double count = state[off + COUNT];
        int slot = (int) (count % shortWindow);
        double sum = state[off + SUM] + raw - state[off + RING + slot];
        state[off + RING + slot] = raw;
        state[off + SUM] = sum;
        double recent = sum / Math.min(count + 1, shortWindow);
        double mu = state[off + MEAN];
        double var = state[off + VAR];
        double q = 0.5;
        if (count >= warmUp) {
            double sd = Math.max(Math.sqrt(var), minStd);
            q = GaussianTail.upper((recent - mu) / sd);
        }
        double a = count < warmUp ? 1.0 / (count + 1) : alpha;
        double d = raw - mu;
        state[off + MEAN] = mu + a * d;
        state[off + VAR] = (1 - a) * (var + a * d * d);
        state[off + COUNT] = count + 1;
        return q;
    }

    @Override
    public String toString() {
        return String.format("AnomalyLikelihood{shortWindow=%s, alpha=%s, warmUp=%s, minStd=%s}",
                shortWindow, alpha, warmUp, minStd);
    }
}
