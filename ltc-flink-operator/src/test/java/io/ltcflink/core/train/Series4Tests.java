package io.ltcflink.core.train;

import io.ltcflink.core.data.Series;
import java.util.SplittableRandom;

/** Small seeded series built directly for the trainer tests. */
final class Series4Tests {

    private Series4Tests() {}

    /**
     * An irregularly sampled two-channel oscillator, {@code sin t} and {@code 0.5 cos(0.5 t) + 1},
     * with gaps U(minGap, maxGap) and Gaussian noise of the given standard deviation.
     */
    static Series oscillator(long seed, int samples, double minGap, double maxGap, double noise) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] t = new double[samples];
        double[][] x = new double[samples][2];
        double time = rnd.nextDouble(0, 6.3);
        for (int k = 0; k < samples; k++) {
            time += k == 0 ? 0 : rnd.nextDouble(minGap, maxGap);
            t[k] = time;
            x[k][0] = Math.sin(time) + noise * rnd.nextGaussian();
            x[k][1] = 0.5 * Math.cos(0.5 * time) + 1 + noise * rnd.nextGaussian();
        }
        return new Series(t, x, null);
    }
}
