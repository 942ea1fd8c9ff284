package io.ltcflink.core.anomaly;

import io.ltcflink.core.Checks;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/*
 * Implementation notes
 *
 * One stream's anomaly score from several kinds of novelty, the channels, each measured as how
 * far the present breaks out of everything the stream has shown so far, in units of what it has
 * shown. Each channel is a class of its own, whose notes say what it measures and why:
 *
 *   ValueRecords       the value against the range of all earlier values; always on
 *   SmoothedRecords    the values' moving average against its earlier range; smoothWeight > 0
 *   SurpriseRecords    the caller's forecast surprise, averaged, against its record;
 *                      surpriseWeight > 0
 *   SeasonalResiduals  the value's distance from its hour's average against the range of
 *                      earlier such distances; seasonalWeight > 0
 *   ContextNovelty     the distance from the record's context (cell state, time of day) to the
 *                      nearest remembered one against earlier distances; on for a context of
 *                      at least one value (at weight 0 it keeps its memory but adds nothing)
 *
 * Two more channels were tried and are gone. Records against an envelope that relaxes towards
 * the running mean (a burst large for the last weeks scores though an older one was larger):
 * with the smoothed records on, it added false positives on bursty streams and found nothing
 * they miss (on NAB [1] and its variants, every score rose by 0.3 to 1.5 points without it). The
 * anomaly likelihood [2] of the forecast surprise: it added false positives on the Tweets
 * streams, where the surprise records did not.
 *
 * The raw score is the largest channel, capped, times a maturity factor n / (n + maturityRecords)
 * with n the time seen (below): a record is less telling while the history that defines it is
 * short. A stream's first record only sets the channels' state, and scores 0.
 *
 * Time. A stream that loses records or whose timestamps jitter should look to the detector as
 * the same stream sampled more sparsely, not as a faster one. So every constant that says how
 * long (the warm-ups, the maturity, the smoothing half-life, the suppression after an alert)
 * counts the stream's nominal periods of event time, not its records: the detector tracks each
 * stream's typical gap p with a multiplicative quantile tracker (towards each new gap, p ← p ·
 * exp(periodGain · 0.4) up or p · exp(−periodGain · 0.6) down, which settles where 40 % of the
 * gaps are shorter: the sampling period itself on a regular stream, and within a few per cent of
 * it with a third of the records lost or timestamps jittered by a third of a period), and a
 * record that comes g after the previous one advances the stream's clock by g / p periods, at
 * most maxStep (3): a longer gap is an outage, and counting it in full would end every warm-up,
 * average and suppression at once (on NAB, where some files have gaps of hours or days, counting
 * them in full cost 2.2 points, 75.50 → 73.28; at most 3 periods: 75.14). With the time counted this way a smoothed
 * average forgets 1 − (1 − gain)^(g/p) per record, so it decays at the same rate in event time
 * whatever the losses. Only the context memory's delay line and storage stride, which are about
 * not matching the last few records, and the daily profile's per-bin memory count records. With
 * eventTime off (the default) the clock is the record count, as in earlier versions; on a
 * regularly sampled stream both are the same. Measured with ltc nab run (standard profile), the
 * clock in periods did not pay: on the choosing set NAB 75.14 against 75.50 in records, variants
 * (drop/jitter/seed) 0.3/0.3/4 63.81 vs 63.31, 0.2/0.3/1 68.10 vs 68.64, 0.1/0.6/2 69.27 vs
 * 71.81, 0.3/0/3 67.49 vs 68.21; on fresh variants 0.3/0.3/21 63.06 vs 60.22, 0.1/0.1/22 66.80
 * vs 71.39, 0.5/0.3/23 59.57 vs 61.07. So records stay the default and periods are an option.
 *
 * Suppression after an alert. A record whose raw score reaches scoreHalf (reported score 0.5)
 * is an alert; during the next suppressRecords periods only what exceeds the largest raw score
 * since that alert is reported (raw - peak, at least 0), and a further alert-level record extends
 * the period. One event that breaks several records in a row (a burst of high values, a context
 * that stays unfamiliar) is then reported once, at its onset, and a growing event still shows
 * where it grows. Every detection after the first in an episode is a false positive on NAB [1]
 * and a duplicate page for an operator.
 *
 * The raw score is reported as raw / (raw + scoreHalf) in [0, 1), which is 0.5 at raw =
 * scoreHalf. The channels score nothing during the first warmUp records, but for context
 * novelty, which has a warm-up of its own (noveltyWarmUp). Everything uses only the records up
 * to the current one (causal), and the same configuration serves every stream.
 *
 * State layout. A stream's slice starts with HEADER leading values at fixed places, then the
 * tables of the channels that are on, one after another:
 *    0        n, the records seen
 *    1, 2     the clock: the previous record's event time (epoch ms), the typical gap p (ms;
 *             0 until a positive gap was seen)
 *    3, 4     ValueRecords
 *    5        the clock: periods elapsed since the first record
 *    6        unused
 *    7 - 12   ContextNovelty
 *    13, 14   the suppression: the alert's peak raw score, periods since the alert (0: none)
 *    15 - 17  SeasonalResiduals
 *    18 - 20  SmoothedRecords
 *    21, 22   SurpriseRecords
 *    23 -     the SeasonalResiduals table (2 x seasonalBins) if on, then the ContextNovelty
 *             table ((storeDelay + 1 + memorySize) x context dimension) if on
 * A channel that is off leaves its leading values at zero. Places 1, 2, 5 and 6 once held a
 * running mean, its M2 and a relaxing envelope; the clock took three of them over, so a slice
 * saved by one of those versions restores with a clock that settles within a few dozen records. The length depends on the configuration; the
 * operator starts a key afresh when its restored slice has another length, but not when a value
 * has moved. So a place, once given, stays; a channel added later takes new leading values
 * after the last ones, which moves the tables and lengthens every slice.
 *
 * [1] A. Lavin and S. Ahmad, "Evaluating Real-time Anomaly Detection Algorithms - the Numenta
 *     Anomaly Benchmark", 14th IEEE ICMLA, 2015.
 * [2] S. Ahmad, A. Lavin, S. Purdy, Z. Agha, "Unsupervised real-time anomaly detection for
 *     streaming data", Neurocomputing 262, 2017.
 */

/**
 * A per-stream novelty detector: value records (raw and smoothed), context novelty,
 * daily-profile residuals and forecast surprise, combined into one score in [0, 1) that is
 * suppressed for a while after an alert. Immutable and thread-safe; each stream's state is a
 * slice of a caller's array of {@link #stateSize} doubles, zeros for a new stream.
 */
public final class NoveltyDetector implements Serializable {

    private static final long serialVersionUID = 2L;

    // The places of the leading values (see the notes).
    private static final int N = 0;
    private static final int LAST_TIME = 1;
    private static final int PERIOD = 2;
    private static final int VALUE = 3;
    private static final int ELAPSED = 5;
    private static final int CONTEXT = 7;
    private static final int PEAK = 13;
    private static final int SINCE_ALERT = 14;
    private static final int SEASONAL = 15;
    private static final int SMOOTHED = 18;
    private static final int SURPRISE = 21;
    private static final int HEADER = 23;

    /**
     * The quantile of the gaps the period tracker settles on. Lost records lengthen some gaps
     * and jitter spreads them both ways; below the median the estimate stays within a few per
     * cent of the sampling period for losses up to a half and jitter up to a third of a period.
     */
    private static final double PERIOD_QUANTILE = 0.4;

    private final Config config;
    private final int hiddenSize;
    private final int dim;
    /** The channels that are on, in the order their scores are combined. */
    private final Placed[] channels;
    private final int stateSize;

    /**
     * A detector for contexts of {@code hiddenSize} values (0 for none).
     */
    public NoveltyDetector(Config config, int hiddenSize) {
        Checks.requireArgument(config != null, "config must not be null");
        Checks.requireArgument(hiddenSize >= 0, "hiddenSize must be >= 0: %s", hiddenSize);
        this.config = config;
        this.hiddenSize = hiddenSize;
        this.dim = ContextNovelty.dimension(config, hiddenSize);
        List<Placed> on = new ArrayList<>();
        int end = HEADER;
        end = place(on, new ValueRecords(config), VALUE, 2, end);
        if (config.smoothWeight > 0) {
            end = place(on, new SmoothedRecords(config), SMOOTHED, 3, end);
        }
        if (config.surpriseWeight > 0) {
            end = place(on, new SurpriseRecords(config), SURPRISE, 2, end);
        }
        if (config.seasonalWeight > 0) {
            end = place(on, new SeasonalResiduals(config), SEASONAL, 3, end);
        }
        if (dim > 0) {
            end = place(on, new ContextNovelty(config, hiddenSize), CONTEXT, 6, end);
        }
        this.channels = on.toArray(new Placed[0]);
        this.stateSize = end;
    }

    public Config config() {
        return config;
    }

    /** The number of cell-state values a context holds. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** The context dimension: hidden values plus two phase values when the phase is used. */
    public int contextDimension() {
        return dim;
    }

    /** The length of one stream's state slice. */
    public int stateSize() {
        return stateSize;
    }

    /**
     * Scores one record and folds it into the stream's state.
     *
     * @param state the stream's state (zeros before its first record). Modified:
     *     state[off, off + stateSize).
     * @param off where the stream's slice starts
     * @param timestampMillis the record's event time, epoch milliseconds
     * @param value the record's value, finite
     * @param hidden the context before seeing the value, {@code hiddenSize} long. Not modified.
     * @param surprise a non-negative forecast-surprise score, e.g. an absolute normalised residual
     * @return the score in [0, 1); 0 during the warm-up (see the notes for context novelty)
     */
    public double score(double[] state, int off, long timestampMillis, double value,
            double[] hidden, double surprise) {
        Checks.requireArgument(Double.isFinite(value), "value must be finite: %s", value);
        double n = state[off + N];
        double raw = 0;
        double step = 0;
        if (n == 0) {
            for (Placed p : channels) {
                p.channel.first(state, off + p.at, off + p.table, timestampMillis, value, hidden,
                        surprise);
            }
            state[off + LAST_TIME] = timestampMillis;
            state[off + PERIOD] = 0;
            state[off + ELAPSED] = 0;
        } else {
            step = tick(state, off, timestampMillis);
            double elapsed = config.eventTime ? state[off + ELAPSED] + step : n;
            state[off + ELAPSED] = elapsed;
            for (Placed p : channels) {
                raw = Math.max(raw, p.channel.score(state, off + p.at, off + p.table, n,
                        elapsed, step, timestampMillis, value, hidden, surprise));
            }
        }
        state[off + N] = n + 1;
        double t = state[off + ELAPSED];
        double maturity = config.maturityRecords == 0 ? 1 : t / (t + config.maturityRecords);
        raw = suppress(state, off, Math.min(raw, config.cap) * maturity, step);
        return raw / (raw + config.scoreHalf);
    }

    /**
     * Advances a stream's clock to a later record at {@code timestampMillis}: the periods since
     * the previous record (1 when time is counted in records, or before a positive gap was
     * seen), after which the typical gap moves towards this gap. Modified: state[off +
     * LAST_TIME] and state[off + PERIOD].
     */
    private double tick(double[] state, int off, long timestampMillis) {
        if (!config.eventTime) {
            return 1;
        }
        double gap = timestampMillis - state[off + LAST_TIME];
        state[off + LAST_TIME] = Math.max(state[off + LAST_TIME], timestampMillis);
        if (!(gap > 0)) {
            return 0;
        }
        double p = state[off + PERIOD];
        if (!(p > 0)) {
            state[off + PERIOD] = gap;
            return 1;
        }
        double step = Math.min(gap / p, config.maxStep);
        if (gap != p) {
            // Up by gain · q, down by gain · (1 − q): at rest where a fraction q of gaps is
            // shorter.
            state[off + PERIOD] = p * Math.exp(gap > p ? config.periodGain * PERIOD_QUANTILE
                    : -config.periodGain * (1 - PERIOD_QUANTILE));
        }
        return step;
    }

    /** The typical gap the stream's clock uses, in milliseconds; 0 before one is known. */
    public double period(double[] state, int off) {
        return state[off + PERIOD];
    }

    /** The stream's clock: periods elapsed since its first record. */
    public double elapsed(double[] state, int off) {
        return state[off + ELAPSED];
    }

    /**
     * The raw score after suppression: within suppressRecords periods of an alert (raw at least
     * scoreHalf) only the excess over the largest raw score since the alert counts; {@code step}
     * is the periods since the previous record. Modified: state[off + PEAK] and state[off +
     * SINCE_ALERT].
     */
    private double suppress(double[] state, int off, double raw, double step) {
        if (config.suppressRecords == 0) {
            return raw;
        }
        double since = state[off + SINCE_ALERT];
        boolean suppressing = since > 0 && since <= config.suppressRecords;
        double peak = state[off + PEAK];
        double reported = suppressing ? Math.max(0, raw - peak) : raw;
        if (raw >= config.scoreHalf) {
            state[off + PEAK] = suppressing ? Math.max(peak, raw) : raw;
            state[off + SINCE_ALERT] = 1;
        } else if (since > 0) {
            state[off + SINCE_ALERT] = Math.min(since + step, config.suppressRecords + 1);
        }
        return reported;
    }

    /**
     * Adds a channel whose leading values lie at {@code at}, where the layout has {@code room}
     * of them, and whose table starts at {@code table}; returns where the next table starts.
     */
    private static int place(List<Placed> on, Channel channel, int at, int room, int table) {
        Checks.requireState(channel.slots() == room,
                "%s keeps %s leading values but its place at %s has room for %s", channel,
                channel.slots(), at, room);
        on.add(new Placed(channel, at, table));
        return table + channel.tableSize();
    }

    @Override
    public String toString() {
        return "NoveltyDetector{" + config + ", hiddenSize=" + hiddenSize + "}";
    }

    /** A channel that is on and where its leading values and its table lie in a slice. */
    private static final class Placed implements Serializable {

        private static final long serialVersionUID = 1L;

        final Channel channel;
        final int at;
        final int table;

        Placed(Channel channel, int at, int table) {
            this.channel = channel;
            this.at = at;
            this.table = table;
        }
    }

    /** The detector's settings; build with {@link #builder()}. Immutable. */
    public static final class Config implements Serializable {

        private static final long serialVersionUID = 1L;

        final int warmUp;
        final double contextCenter;
        final double contextScale;
        final double phaseWeight;
        final int memorySize;
        final int storeEvery;
        final int storeDelay;
        final int noveltyWarmUp;
        final int noveltyMinDistances;
        final double noveltyWeight;
        final double noveltyHalfLife;
        final double maturityRecords;
        final double cap;
        final double scoreHalf;
        final double seasonalWeight;
        final int seasonalBins;
        final double seasonalMemory;
        final int seasonalMinReadings;
        final int suppressRecords;
        final double smoothHalfLife;
        final double smoothWeight;
        final double surpriseWeight;
        final boolean eventTime;
        final double periodGain;
        final double maxStep;

        private Config(Builder b) {
            this.warmUp = b.warmUp;
            this.contextCenter = b.contextCenter;
            this.contextScale = b.contextScale;
            this.phaseWeight = b.phaseWeight;
            this.memorySize = b.memorySize;
            this.storeEvery = b.storeEvery;
            this.storeDelay = b.storeDelay;
            this.noveltyWarmUp = b.noveltyWarmUp;
            this.noveltyMinDistances = b.noveltyMinDistances;
            this.noveltyWeight = b.noveltyWeight;
            this.noveltyHalfLife = b.noveltyHalfLife;
            this.maturityRecords = b.maturityRecords;
            this.cap = b.cap;
            this.scoreHalf = b.scoreHalf;
            this.seasonalWeight = b.seasonalWeight;
            this.seasonalBins = b.seasonalBins;
            this.seasonalMemory = b.seasonalMemory;
            this.seasonalMinReadings = b.seasonalMinReadings;
            this.suppressRecords = b.suppressRecords;
            this.smoothHalfLife = b.smoothHalfLife;
            this.smoothWeight = b.smoothWeight;
            this.surpriseWeight = b.surpriseWeight;
            this.eventTime = b.eventTime;
            this.periodGain = b.periodGain;
            this.maxStep = b.maxStep;
        }

        /** A builder holding the defaults, the configuration used for NAB. */
        public static Builder builder() {
            return new Builder();
        }

        /** The defaults. */
        public static Config defaults() {
            return builder().build();
        }

        /** A builder starting from this configuration. */
        public Builder toBuilder() {
            Builder b = new Builder();
            b.warmUp = warmUp;
            b.contextCenter = contextCenter;
            b.contextScale = contextScale;
            b.phaseWeight = phaseWeight;
            b.memorySize = memorySize;
            b.storeEvery = storeEvery;
            b.storeDelay = storeDelay;
            b.noveltyWarmUp = noveltyWarmUp;
            b.noveltyMinDistances = noveltyMinDistances;
            b.noveltyWeight = noveltyWeight;
            b.noveltyHalfLife = noveltyHalfLife;
            b.maturityRecords = maturityRecords;
            b.cap = cap;
            b.scoreHalf = scoreHalf;
            b.seasonalWeight = seasonalWeight;
            b.seasonalBins = seasonalBins;
            b.seasonalMemory = seasonalMemory;
            b.seasonalMinReadings = seasonalMinReadings;
            b.suppressRecords = suppressRecords;
            b.smoothHalfLife = smoothHalfLife;
            b.smoothWeight = smoothWeight;
            b.surpriseWeight = surpriseWeight;
            b.eventTime = eventTime;
            b.periodGain = periodGain;
            b.maxStep = maxStep;
            return b;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Config && toString().equals(o.toString());
        }

        @Override
        public int hashCode() {
            return toString().hashCode();
        }

        @Override
        public String toString() {
            return String.format("Config{warmUp=%s, smoothed=%s@%s, surprise=%s,"
                            + " context=(h-%s)*%s, phase=%s,"
                            + " memory=%sx every %s delay %s, novelty=%s after %s/%s half-life %s,"
                            + " maturity=%s, cap=%s, scoreHalf=%s,"
                            + " seasonal=%s (%s bins, memory %s, after %s), suppress=%s,"
                            + " time=%s}",
                    warmUp, smoothWeight, smoothHalfLife, surpriseWeight,
                    contextCenter, contextScale, phaseWeight,
                    memorySize, storeEvery, storeDelay, noveltyWeight, noveltyWarmUp,
                    noveltyMinDistances, noveltyHalfLife, maturityRecords, cap, scoreHalf,
                    seasonalWeight, seasonalBins, seasonalMemory, seasonalMinReadings,
                    suppressRecords, eventTime ? "periods (gain " + periodGain + ", step at most " + maxStep + ")"
                            : "records");
        }
    }

    /** Builds a {@link Config}; the defaults are in the field initialisers. */
    public static final class Builder {
        private int warmUp = 100;
        private double contextCenter = 0.25;
        private double contextScale = 4;
        private double phaseWeight = 1.5;
        private int memorySize = 256;
        private int storeEvery = 16;
        private int storeDelay = 4;
        private int noveltyWarmUp = 400;
        private int noveltyMinDistances = 50;
        private double noveltyWeight = 0.3;
        private double noveltyHalfLife = 8000;
        private double maturityRecords = 2000;
        private double cap = 10;
        private double scoreHalf = 0.01;
        private double seasonalWeight = 0.3;
        private int seasonalBins = 24;
        private double seasonalMemory = 30;
        private int seasonalMinReadings = 12;
        private int suppressRecords = 20;
        private double smoothHalfLife = 12;
        private double smoothWeight = 1;
        private double surpriseWeight = 0.3;
        private boolean eventTime = false;
        private double periodGain = 0.05;
        private double maxStep = 3;

        private Builder() {}

        /**
         * Whether the constants that say how long count the stream's nominal periods of event
         * time or its records (default), and the step of the typical-gap tracker (default 0.05:
         * a first gap three times the period is corrected within about 40 records).
         */
        public Builder eventTime(boolean on, double periodGain) {
            this.eventTime = on;
            this.periodGain = periodGain;
            return this;
        }

        /**
         * The most periods one gap advances a stream's clock (default 3): a longer gap is an
         * outage rather than a few lost records, and counting it in full would end every
         * warm-up, average and suppression at once.
         */
        public Builder maxStep(double periods) {
            this.maxStep = periods;
            return this;
        }

        /** Periods of event time before any score (default 100; records when time is counted in records). */
        public Builder warmUp(int records) {
            this.warmUp = records;
            return this;
        }

        /**
         * Records of the smoothed value: the average's half-life in periods (default 12) and
         * weight (default 1; 0 turns the channel off).
         */
        public Builder smoothedRecords(double halfLife, double weight) {
            this.smoothHalfLife = halfLife;
            this.smoothWeight = weight;
            return this;
        }

        /**
         * Records of the smoothed forecast surprise (averaged with the smoothed records'
         * half-life): weight (default 0.3; 0 turns the channel off).
         */
        public Builder surpriseRecords(double weight) {
            this.surpriseWeight = weight;
            return this;
        }

        /** Contexts are (h − center) · scale (default 0.25 and 4). */
        public Builder contextScaling(double center, double scale) {
            this.contextCenter = center;
            this.contextScale = scale;
            return this;
        }

        /** Weight of the time-of-day coordinates (default 1.5; 0 leaves them out). */
        public Builder phaseWeight(double weight) {
            this.phaseWeight = weight;
            return this;
        }

        /**
         * The context memory: {@code size} entries (default 256), every {@code every}-th context
         * (default 16), stored {@code delay} records late (default 4).
         */
        public Builder memory(int size, int every, int delay) {
            this.memorySize = size;
            this.storeEvery = every;
            this.storeDelay = delay;
            return this;
        }

        /**
         * Context novelty: weight (default 0.3), periods before it is measured (default 400) and
         * distances seen before it scores (default 50).
         */
        public Builder novelty(double weight, int warmUpRecords, int minDistances) {
            this.noveltyWeight = weight;
            this.noveltyWarmUp = warmUpRecords;
            this.noveltyMinDistances = minDistances;
            return this;
        }

        /**
         * The record of context distances relaxes towards their mean with this half-life in
         * measured distances (default 8000; infinity keeps the all-time record).
         */
        public Builder noveltyHalfLife(double distances) {
            this.noveltyHalfLife = distances;
            return this;
        }

        /** Periods at which the maturity factor reaches 1/2 (default 2000; 0 turns it off). */
        public Builder maturity(double records) {
            this.maturityRecords = records;
            return this;
        }

        /** The largest raw score (default 10) and the raw score reported as 0.5 (0.01). */
        public Builder scale(double cap, double scoreHalf) {
            this.cap = cap;
            this.scoreHalf = scoreHalf;
            return this;
        }

        /**
         * Daily-profile residuals: weight (default 0.3; 0 leaves the channel and its state out),
         * bins of the day (default 24), readings a bin's average spans (default 30) and readings
         * a bin needs before its residuals count (default 12).
         */
        public Builder seasonal(double weight, int bins, double memoryReadings,
                int minReadings) {
            this.seasonalWeight = weight;
            this.seasonalBins = bins;
            this.seasonalMemory = memoryReadings;
            this.seasonalMinReadings = minReadings;
            return this;
        }

        /**
         * Periods after an alert during which only the excess over the alert's raw score is
         * reported (default 20; 0 turns suppression off).
         */
        public Builder suppressAfterAlert(int records) {
            this.suppressRecords = records;
            return this;
        }

        public Config build() {
            Checks.requireArgument(warmUp >= 0, "warmUp must be >= 0: %s", warmUp);
            Checks.requireArgument(noveltyWeight >= 0 && phaseWeight >= 0,
                    "weights must be >= 0: novelty %s, phase %s", noveltyWeight, phaseWeight);
            Checks.requireArgument(Double.isFinite(contextCenter) && contextScale > 0
                            && Double.isFinite(contextScale),
                    "context scaling must be finite with a positive scale: %s, %s",
                    contextCenter, contextScale);
            Checks.requireArgument(memorySize >= 1 && storeEvery >= 1 && storeDelay >= 0,
                    "memory needs size >= 1, every >= 1, delay >= 0: %s, %s, %s", memorySize,
                    storeEvery, storeDelay);
            Checks.requireArgument(noveltyWarmUp >= 0 && noveltyMinDistances >= 0,
                    "novelty warm-up and minimum distances must be >= 0: %s, %s", noveltyWarmUp,
                    noveltyMinDistances);
            Checks.requireArgument(noveltyHalfLife >= 1, "novelty half-life must be >= 1: %s",
                    noveltyHalfLife);
            Checks.requireArgument(maturityRecords >= 0 && cap > 0 && scoreHalf > 0,
                    "maturity must be >= 0, cap and scoreHalf positive: %s, %s, %s",
                    maturityRecords, cap, scoreHalf);
            Checks.requireArgument(seasonalWeight >= 0 && Double.isFinite(seasonalWeight),
                    "seasonal weight must be finite and >= 0: %s", seasonalWeight);
            Checks.requireArgument(seasonalWeight == 0 || (seasonalBins >= 1
                            && seasonalMemory >= 1 && seasonalMinReadings >= 1),
                    "seasonal channel needs bins >= 1, memory >= 1, min readings >= 1: %s, %s,"
                            + " %s", seasonalBins, seasonalMemory, seasonalMinReadings);
            Checks.requireArgument(smoothHalfLife >= 1 && smoothWeight >= 0
                            && Double.isFinite(smoothWeight),
                    "smoothed records need a half-life >= 1 and a finite weight >= 0: %s, %s",
                    smoothHalfLife, smoothWeight);
            Checks.requireArgument(surpriseWeight >= 0 && Double.isFinite(surpriseWeight),
                    "surprise weight must be finite and >= 0: %s", surpriseWeight);
            Checks.requireArgument(suppressRecords >= 0, "suppressRecords must be >= 0: %s",
                    suppressRecords);
            Checks.requireArgument(periodGain > 0 && periodGain < 1,
                    "the period tracker's gain must be in (0, 1): %s", periodGain);
            Checks.requireArgument(maxStep >= 1, "maxStep must be >= 1 period: %s", maxStep);
            return new Config(this);
        }
    }

}
