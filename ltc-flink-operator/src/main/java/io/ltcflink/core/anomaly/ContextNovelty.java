package io.ltcflink.core.anomaly;

import io.ltcflink.core.Checks;

/*
 * Implementation notes
 *
 * The context of a record is the state of a recurrent cell driven by the stream (in the
 * operator: the LTC state after evolving across the gap, before it sees the value; its neurons
 * integrate the signal over several time constants), scaled as (h - contextCenter) *
 * contextScale, and the time of day as phaseWeight (cos, sin). A memory keeps every
 * storeEvery-th context, storeDelay records late so that the last few contexts do not match
 * themselves, in a ring of memorySize entries. The distance d to the nearest remembered context
 * is a pattern's unfamiliarity; like a value, it scores by how far it breaks the record of past
 * distances: max(d - dmax, 0) / (dmax - dmin). The record relaxes towards the mean distance with
 * a half-life of noveltyHalfLife measured distances, since the first distances, measured while
 * the memory is still sparse, would otherwise set the bar for good. Weighted by noveltyWeight.
 * Distances are measured from noveltyWarmUp records on, whatever the detector's warm-up, and
 * score once noveltyMinDistances have been measured. Adaptive resonance detectors [1] score "a
 * new category was needed" in the same spirit.
 *
 * The delay line holds the last storeDelay + 1 contexts, the present one in slot n mod
 * (storeDelay + 1). Before the present context takes its slot, the slot's old occupant
 * (storeDelay + 1 records old) moves on to the memory when n is a multiple of storeEvery.
 *
 * State: [distances measured, dmax, dmin, contexts stored, next memory slot, mean distance];
 * table: delay line (storeDelay + 1) x D, then memory memorySize x D, with D the context
 * dimension.
 *
 * [1] G. A. Carpenter, S. Grossberg, "Adaptive resonance theory", in The Handbook of Brain Theory
 *     and Neural Networks, MIT Press, 2003.
 */

/** Context novelty: how far a record's context breaks the record of distances to memory. */
final class ContextNovelty implements Channel {

    private static final long serialVersionUID = 1L;

    private static final int DISTANCES = 0;
    private static final int DMAX = 1;
    private static final int DMIN = 2;
    private static final int STORED = 3;
    private static final int NEXT = 4;
    private static final int DMEAN = 5;
    private static final int SLOTS = 6;

    private static final long DAY_MILLIS = 86_400_000L;

    private final int hiddenSize;
    private final int dim;
    private final double center;
    private final double scale;
    private final double phaseWeight;
    private final int memorySize;
    private final int storeEvery;
    private final int delaySlots;
    private final int warmUp;
    private final int minDistances;
    private final double weight;
    private final double decay;

    /**
     * Contexts of {@code hiddenSize} cell values and, with a positive phase weight, the time of
     * day; uses the context, memory and novelty settings of {@code config}.
     */
    ContextNovelty(NoveltyDetector.Config config, int hiddenSize) {
        this.dim = dimension(config, hiddenSize);
        Checks.requireArgument(dim >= 1,
                "contexts need a hidden value or the phase: hiddenSize %s, phase weight %s",
                hiddenSize, config.phaseWeight);
        this.hiddenSize = hiddenSize;
        this.center = config.contextCenter;
        this.scale = config.contextScale;
        this.phaseWeight = config.phaseWeight;
        this.memorySize = config.memorySize;
        this.storeEvery = config.storeEvery;
        this.delaySlots = config.storeDelay + 1;
        this.warmUp = config.noveltyWarmUp;
        this.minDistances = config.noveltyMinDistances;
        this.weight = config.noveltyWeight;
        this.decay = Double.isInfinite(config.noveltyHalfLife) ? 1
                : Math.pow(2, -1 / config.noveltyHalfLife);
    }

    /** The context dimension: hidden values plus two phase values when the phase is used. */
    static int dimension(NoveltyDetector.Config config, int hiddenSize) {
        Checks.requireArgument(hiddenSize >= 0, "hiddenSize must be >= 0: %s", hiddenSize);
        return hiddenSize + (config.phaseWeight > 0 ? 2 : 0);
    }

    @Override
    public int slots() {
        return SLOTS;
    }

    @Override
    public int tableSize() {
        return (delaySlots + memorySize) * dim;
    }

    @Override
    public void first(double[] state, int at, int table, long timestampMillis, double value,
            double[] hidden, double surprise) {
        context(timestampMillis, hidden, state, table);
    }

    @Override
    public double score(double[] state, int at, int table, double seen, double elapsed,
            double step, long timestampMillis,
            double value, double[] hidden, double surprise) {
        int ctx = table + (int) (seen % delaySlots) * dim;
        int mem = table + delaySlots * dim;
        if (seen >= delaySlots && (long) seen % storeEvery == 0) {
            int slot = (int) state[at + NEXT];
            System.arraycopy(state, ctx, state, mem + slot * dim, dim);
            state[at + NEXT] = (slot + 1) % memorySize;
            state[at + STORED] = Math.min(state[at + STORED] + 1, memorySize);
        }
        context(timestampMillis, hidden, state, ctx);
        double stored = state[at + STORED];
        if (elapsed <= warmUp || stored <= 0) {
            return 0;
        }
        double d = Math.sqrt(nearest(state, mem, (int) stored, ctx));
        double distances = state[at + DISTANCES];
        double raw = 0;
        if (distances >= minDistances) {
            double dmax = state[at + DMAX];
            double dmin = state[at + DMIN];
            raw = weight * Math.max(0, d - dmax) / Math.max(dmax - dmin, 1e-12);
        }
        double dmean = state[at + DMEAN] + (d - state[at + DMEAN]) / (distances + 1);
        state[at + DMEAN] = dmean;
        state[at + DMAX] = distances == 0 ? d
                : Math.max(d, dmean + (state[at + DMAX] - dmean) * decay);
        state[at + DMIN] = distances == 0 ? d : Math.min(state[at + DMIN], d);
        state[at + DISTANCES] = distances + 1;
        return raw;
    }

    /** Writes the context of a record into out[at, at + dim). Not modified: hidden. */
    private void context(long timestampMillis, double[] hidden, double[] out, int at) {
        for (int i = 0; i < hiddenSize; i++) {
            out[at + i] = (hidden[i] - center) * scale;
        }
        if (phaseWeight > 0) {
            double phase = 2 * Math.PI * Math.floorMod(timestampMillis, DAY_MILLIS) / DAY_MILLIS;
            out[at + hiddenSize] = phaseWeight * Math.cos(phase);
            out[at + hiddenSize + 1] = phaseWeight * Math.sin(phase);
        }
    }

    /**
     * The squared distance from state[at, at + dim) to the nearest of the first {@code count}
     * memory entries from {@code mem}. Not modified: state.
     */
    private double nearest(double[] state, int mem, int count, int at) {
        double best = Double.POSITIVE_INFINITY;
        for (int m = 0; m < count; m++) {
            int base = mem + m * dim;
            double q = 0;
            for (int c = 0; c < dim && q < best; c++) {
                double u = state[at + c] - state[base + c];
                q += u * u;
            }
            if (q < best) {
                best = q;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return String.format("ContextNovelty{hiddenSize=%s, dim=%s, memory=%sx every %s delay %s,"
                        + " warmUp=%s, minDistances=%s, weight=%s, decay=%s}", hiddenSize, dim,
                memorySize, storeEvery, delaySlots - 1, warmUp, minDistances, weight, decay);
    }
}
