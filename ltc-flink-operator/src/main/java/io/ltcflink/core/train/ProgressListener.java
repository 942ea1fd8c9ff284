package io.ltcflink.core.train;

/** Receives the losses after every epoch (and for the initial model, epoch 0) of a training run. */
@FunctionalInterface
public interface ProgressListener {

    /** Called on the training thread after epoch {@code stats.epoch()} of {@code epochs}. */
    void onEpoch(EpochStats stats, int epochs);

    /** A listener that ignores everything. */
    static ProgressListener none() {
        return (stats, epochs) -> {};
    }
}
