package io.ltcflink.core.train;

import java.time.Duration;

/**
 * The losses after one epoch of training, in normalised units (mean squared error of the
 * normalised targets), measured by running the cell over the whole series from the zero state.
 *
 * @param epoch 0 for the initial model, then 1, 2, ...
 * @param trainLoss the loss over the training part
 * @param validationLoss the loss over the validation part, or NaN without validation
 * @param elapsed the time since training started
 */
public record EpochStats(int epoch, double trainLoss, double validationLoss, Duration elapsed) {}
