package io.ltcflink.core.engine;

import io.ltcflink.core.anomaly.NoveltyDetector;

/**
 * Scores records by novelty (see {@link NoveltyDetector}): values and their average beyond
 * everything the key has shown, cell states (with the time of day) unlike any the key has been
 * in, values far from their hour's usual, and a normalised forecast residual larger than ever.
 * With several compared channels each has its own detector state and the score is the largest.
 */
public final class NoveltyScorer implements Scorer {

    private static final long serialVersionUID = 1L;

    private final NoveltyDetector.Config config;
    private transient NoveltyDetector detector;

    public NoveltyScorer(NoveltyDetector.Config config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
    }

    /** The configuration used for NAB. */
    public static NoveltyScorer defaults() {
        return new NoveltyScorer(NoveltyDetector.Config.defaults());
    }

    @Override
    public int stateSize(int channels, int hiddenSize) {
        return channels * detector(hiddenSize).stateSize();
    }

    @Override
    public double score(double[] state, Observation o) {
        NoveltyDetector d = detector(o.hidden().length);
        int size = d.stateSize();
        double best = 0;
        double[] actual = o.actual();
        double[] nr = o.normalizedResidual();
        for (int c = 0; c < actual.length; c++) {
            best = Math.max(best, d.score(state, c * size, o.timestamp(), actual[c], o.hidden(),
                    Math.abs(nr[c])));
        }
        return best;
    }

    @Override
    public void first(double[] state, Observation o) {
        NoveltyDetector d = detector(o.hidden().length);
        int size = d.stateSize();
        double[] actual = o.actual();
        for (int c = 0; c < actual.length; c++) {
            d.score(state, c * size, o.timestamp(), actual[c], o.hidden(), 0);
        }
    }

    private NoveltyDetector detector(int hiddenSize) {
        if (detector == null || detector.hiddenSize() != hiddenSize) {
            detector = new NoveltyDetector(config, hiddenSize);
        }
        return detector;
    }

    @Override
    public String toString() {
        return "NoveltyScorer{" + config + "}";
    }
}
