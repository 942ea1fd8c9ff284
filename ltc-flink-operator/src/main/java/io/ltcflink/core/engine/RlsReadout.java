package io.ltcflink.core.engine;

import io.ltcflink.core.anomaly.RecursiveLeastSquares;

/**
 * A {@link ReadoutAdapter} fitted by exponentially weighted recursive least squares (see {@link
 * RecursiveLeastSquares}): O(F²) per record for F features, cheap enough for every record.
 */
public final class RlsReadout implements ReadoutAdapter {

    private static final long serialVersionUID = 1L;

    private final double lambda;
    private final double p0;
    private final double maxTrace;
    private transient double[] scratch;

    /**
     * @param lambda the forgetting factor in (0, 1]; the memory is about 1 / (1 − λ) records
     * @param p0 the initial variance of each weight (positive)
     * @param maxTrace forgetting pauses while the inverse correlation's trace exceeds this
     */
    public RlsReadout(double lambda, double p0, double maxTrace) {
        if (!(lambda > 0 && lambda <= 1) || !(p0 > 0) || !(maxTrace > 0)) {
            throw new IllegalArgumentException(String.format(
                    "lambda must be in (0, 1], p0 and maxTrace positive: %s, %s, %s",
                    lambda, p0, maxTrace));
        }
        this.lambda = lambda;
        this.p0 = p0;
        this.maxTrace = maxTrace;
    }

    /** λ = 0.999, p0 = 10, trace bound 1e4. */
    public static RlsReadout defaults() {
        return new RlsReadout(0.999, 10, 1e4);
    }

    @Override
    public int stateSize(int features, int outputs) {
        return RecursiveLeastSquares.stateSize(features, outputs);
    }

    @Override
    public void initialise(double[] state, int features, int outputs) {
        RecursiveLeastSquares.initialise(state, 0, features, outputs, p0);
    }

    @Override
    public void predict(double[] state, double[] features, double[] out) {
        RecursiveLeastSquares.predict(state, 0, features.length, out.length, features, out);
    }

    @Override
    public void update(double[] state, double[] features, double[] target) {
        if (scratch == null || scratch.length < features.length) {
            scratch = new double[features.length];
        }
        RecursiveLeastSquares.update(state, 0, features.length, target.length, features, target,
                lambda, maxTrace, scratch);
    }

    @Override
    public String toString() {
        return String.format("RlsReadout{lambda=%s, p0=%s, maxTrace=%s}", lambda, p0, maxTrace);
    }
}
