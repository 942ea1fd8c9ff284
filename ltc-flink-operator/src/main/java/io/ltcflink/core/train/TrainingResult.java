package io.ltcflink.core.train;

import io.ltcflink.core.model.Model;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of {@link Trainer#train}: the model with the best weights, and the history.
 *
 * @param model the trained cell with its normalisation and metadata (task and training settings)
 * @param task the forecasting task the model was trained on
 * @param history the losses of epoch 0 (the initial model) and of every epoch run
 * @param bestEpoch the epoch whose weights the model holds (the last one without validation)
 * @param stoppedEarly whether training stopped before the configured number of epochs
 */
public record TrainingResult(
        Model model,
        ForecastTask task,
        List<EpochStats> history,
        int bestEpoch,
        boolean stoppedEarly) {

    public TrainingResult {
        history = List.copyOf(history);
    }

    /**
     * The history as CSV with a header line: {@code epoch,train_loss,validation_loss,
     * elapsed_seconds}; a missing validation loss is written as {@code NaN}.
     */
    public String historyCsv() {
        StringBuilder sb = new StringBuilder("epoch,train_loss,validation_loss,elapsed_seconds\n");
        for (EpochStats s : history) {
            sb.append(String.format(Locale.ROOT, "%d,%s,%s,%.3f\n", s.epoch(),
                    Double.toString(s.trainLoss()), Double.toString(s.validationLoss()),
                    s.elapsed().toNanos() / 1e9));
        }
        return sb.toString();
    }
}
