package io.ltcflink.core.train;

/**
 * A per-step loss between a cell's output and a target row that may have missing entries.
 *
 * <p>The loss of a chunk of steps is the sum of {@link #lossAndGradient} over its steps divided by
 * the number of present target entries in the chunk, so with {@link #squaredError()} it is the mean
 * squared error over the entries that have a target. Implementations are stateless and
 * thread-safe.
 */
public interface Loss {

    /**
     * The summed loss over the entries of {@code target} that are present (not NaN), and its
     * gradient with respect to {@code y}.
     *
     * @param y the cell's output. Not modified.
     * @param target the target row, same length as {@code y}; NaN marks a missing entry. Not
     *     modified.
     * @param dy receives {@code ∂loss/∂y}, 0 where the target is missing. Modified.
     * @return the sum of the per-entry losses over the present entries (0 if none is present)
     */
    double lossAndGradient(double[] y, double[] target, double[] dy);

    /** The squared error {@code Σ (y − target)²} over the present entries. */
    static Loss squaredError() {
        return SquaredError.INSTANCE;
    }

    /** The number of present (non-NaN) entries of a target row. */
    static int presentCount(double[] target) {
        int n = 0;
        for (double v : target) {
            if (!Double.isNaN(v)) {
                n++;
            }
        }
        return n;
    }
}
