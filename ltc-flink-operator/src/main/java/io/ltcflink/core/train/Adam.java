package io.ltcflink.core.train;

import io.ltcflink.core.Checks;

/*
 * Implementation notes
 *
 * Adam [1], Algorithm 1, with the bias corrections applied to the moments (as PyTorch does):
 *
 *   t ← t + 1
 *   g ← g · min(1, clip / ‖g‖)                      gradient clipping by global norm [2], optional
 *   m ← β1 m + (1 − β1) g                           first moment
 *   v ← β2 v + (1 − β2) g²                          second moment, elementwise
 *   θ ← θ − α (m / (1 − β1^t)) / (sqrt(v / (1 − β2^t)) + ε)
 *
 * The global norm runs over every trainable entry of every tensor together, so clipping rescales
 * the whole gradient and keeps its direction. Recurrent networks trained through long sequences
 * occasionally see exploding gradients; the clip bounds the step those cause while leaving
 * ordinary steps alone [2]. Frozen entries (LTC masks, absent synapses) are skipped, so they
 * never move even if a caller's gradient holds non-zero values there.
 *
 * [1] D. P. Kingma and J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015,
 *     arXiv:1412.6980.
 * [2] R. Pascanu, T. Mikolov and Y. Bengio, "On the difficulty of training recurrent neural
 *     networks", ICML 2013.
 */

/** The Adam optimiser with optional gradient clipping by global norm. Not thread-safe. */
public final class Adam implements Optimizer {

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double clipNorm;

    private Parameters m;
    private Parameters v;
    private long t;
    private double rateScale = 1.0;
    private double beta1Power;
    private double beta2Power;

    /**
     * @param learningRate α, positive and finite
     * @param beta1 β1 in [0, 1)
     * @param beta2 β2 in [0, 1)
     * @param epsilon ε, positive and finite
     * @param clipNorm the largest global gradient norm, or 0 for no clipping
     */
    public Adam(double learningRate, double beta1, double beta2, double epsilon, double clipNorm) {
        Checks.requireArgument(learningRate > 0 && Double.isFinite(learningRate),
                "learning rate must be positive and finite: %s", learningRate);
        Checks.requireArgument(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1): %s", beta1);
        Checks.requireArgument(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1): %s", beta2);
        Checks.requireArgument(epsilon > 0 && Double.isFinite(epsilon),
                "epsilon must be positive and finite: %s", epsilon);
        Checks.requireArgument(clipNorm >= 0 && Double.isFinite(clipNorm),
                "clip norm must be finite and >= 0 (0 = no clipping): %s", clipNorm);
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.clipNorm = clipNorm;
    }

    /** Adam with the paper's defaults β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    public static Adam of(double learningRate, double clipNorm) {
        return new Adam(learningRate, 0.9, 0.999, 1e-8, clipNorm);
    }

    @Override
    public void initialise(Parameters parameters) {
        Checks.requireArgument(parameters != null, "parameters must not be null");
        m = parameters.zerosLike();
        v = parameters.zerosLike();
        t = 0;
        beta1Power = 1.0;
        beta2Power = 1.0;
    }

    @Override
    public void step(Parameters parameters, Parameters gradient) {
        double rate = learningRate * rateScale;
        Checks.requireState(m != null, "Adam is not initialised: call initialise first");
        m.requireSameLayout(parameters);
        m.requireSameLayout(gradient);
        double norm = gradient.l2Norm();
        Checks.requireState(Double.isFinite(norm), "gradient norm is not finite: %s", norm);
        double scale = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1.0;
        t++;
        beta1Power *= beta1;
        beta2Power *= beta2;
        double c1 = 1.0 - beta1Power;
        double c2 = 1.0 - beta2Power;
        for (int i = 0; i < parameters.tensorCount(); i++) {
            double[] theta = parameters.array(i);
            double[] g = gradient.array(i);
            double[] mi = m.array(i);
            double[] vi = v.array(i);
            boolean[] trainable = parameters.trainableFlags(i);
            for (int q = 0; q < theta.length; q++) {
                if (trainable != null && !trainable[q]) {
                    continue;
                }
                double gq = g[q] * scale;
                mi[q] = beta1 * mi[q] + (1.0 - beta1) * gq;
                vi[q] = beta2 * vi[q] + (1.0 - beta2) * gq * gq;
                theta[q] -= rate * (mi[q] / c1) / (Math.sqrt(vi[q] / c2) + epsilon);
            }
        }
    }

    @Override
    public void reset() {
        rateScale = 1.0;
        m = null;
        v = null;
        t = 0;
    }

    @Override
    public Adam copy() {
        return new Adam(learningRate, beta1, beta2, epsilon, clipNorm);
    }

    /** The number of steps since {@link #initialise}. */
    public long steps() {
        return t;
    }

    public double learningRate() {
        return learningRate;
    }

    /**
     * Scales the learning rate of the following steps by {@code scale} (a schedule's decay); the
     * moment estimates are kept. 1 restores the base rate.
     */
    public void scaleLearningRate(double scale) {
        Checks.requireArgument(scale > 0 && Double.isFinite(scale),
                "a learning-rate scale must be positive and finite: %s", scale);
        this.rateScale = scale;
    }

    /** The current factor on the base learning rate. */
    public double learningRateScale() {
        return rateScale;
    }

    public double clipNorm() {
        return clipNorm;
    }

    @Override
    public String toString() {
        return String.format("Adam{lr=%s, beta1=%s, beta2=%s, eps=%s, clipNorm=%s}",
                learningRate, beta1, beta2, epsilon, clipNorm);
    }
}
