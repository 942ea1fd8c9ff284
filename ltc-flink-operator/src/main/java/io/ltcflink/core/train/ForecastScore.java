package io.ltcflink.core.train;

/**
 * One-step-ahead forecast errors of a model and of the persistence forecast {@code ŷ_k = x_{k−1}}
 * on the same samples and channels, in the series' raw units.
 *
 * <p>sMAPE is {@code 200 · mean(|ŷ − y| / (|ŷ| + |y|))} in percent, over the terms whose
 * denominator is not 0 (a 0/0 term, a perfect forecast of 0, is skipped).
 *
 * @param count the number of scored values (forecast samples × target channels)
 * @param mse the model's mean squared error
 * @param smape the model's sMAPE in percent
 * @param persistenceMse the persistence forecast's mean squared error
 * @param persistenceSmape the persistence forecast's sMAPE in percent
 */
public record ForecastScore(
        long count, double mse, double smape, double persistenceMse, double persistenceSmape) {

    /** {@code mse / persistenceMse}: below 1 when the model beats persistence. */
    public double mseRatio() {
        return mse / persistenceMse;
    }
}
