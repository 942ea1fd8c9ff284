package io.ltcflink.core.engine;

/**
 * What every engine has: the reading's width, the compared channels, the reused outcome and
 * observation.
 *
 * @param <S> the per-key state
 */
abstract class AbstractKeyedForecaster<S> implements KeyedForecaster<S> {

    final int channels;
    final int[] targets;
    final Outcome outcome;
    final Observation observation = new Observation();

    AbstractKeyedForecaster(int channels, int[] targets, boolean measureCpu) {
        this.channels = channels;
        this.targets = targets;
        this.outcome = new Outcome(targets.length);
        if (measureCpu) {
            ThreadCpuClock.requireSupported();
        }
    }

    @Override
    public final int channels() {
        return channels;
    }

    @Override
    public final int[] targets() {
        return targets.clone();
    }

    @Override
    public final Outcome outcome() {
        return outcome;
    }

    /** Copies the compared channels of {@code values} into the outcome's actual values. */
    final void readActual(double[] values) {
        for (int i = 0; i < targets.length; i++) {
            outcome.actual[i] = values[targets[i]];
        }
    }
}
