package io.ltcflink.core.train;

/** {@code Σ (y − target)²} over the present target entries; see {@link Loss#squaredError()}. */
enum SquaredError implements Loss {
    INSTANCE;

    @Override
    public double lossAndGradient(double[] y, double[] target, double[] dy) {
        double sum = 0.0;
        for (int i = 0; i < y.length; i++) {
            double t = target[i];
            if (Double.isNaN(t)) {
                dy[i] = 0.0;
            } else {
                double e = y[i] - t;
                sum += e * e;
                dy[i] = 2.0 * e;
            }
        }
        return sum;
    }

    @Override
    public String toString() {
        return "squaredError";
    }
}
