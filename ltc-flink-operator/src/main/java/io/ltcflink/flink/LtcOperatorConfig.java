package io.ltcflink.flink;

import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.cell.SolverSettings;
import io.ltcflink.core.engine.AlertGate;
import io.ltcflink.core.engine.InputNormalizer;
import io.ltcflink.core.engine.IntervalEstimator;
import io.ltcflink.core.engine.LongGapPolicy;
import io.ltcflink.core.engine.ReadoutAdapter;
import io.ltcflink.core.engine.SwapPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the keyed cell operator (LTC, CfC, stateful LSTM) needs besides its input: the shared
 * settings of {@link ForecastOperatorConfig} plus solver and numeric-mode overrides, the long-gap
 * policy, per-key normalisation and readout adaptation, alerting, and whether {@code log Δ} is an
 * input (by default what the model file says). Immutable; build with {@link #builder(String)} and
 * apply with {@link LtcPipeline#apply}.
 */
public final class LtcOperatorConfig extends ForecastOperatorConfig {

    private static final long serialVersionUID = 2L;

    private final SolverSettings solver;
    private final NumericMode numericMode;
    private final Duration maxGap;
    private final LongGapPolicy longGapPolicy;
    private final InputNormalizer normalizer;
    private final ReadoutAdapter readoutAdapter;
    private final double alertThreshold;
    private final double clearThreshold;
    private final Duration alertCoolDown;
    private final Boolean logDelta;
    private final IntervalEstimator interval;
    private final SwapPolicy swapPolicy;
    private final List<ModelUpdate> modelUpdates;

    private LtcOperatorConfig(Builder b) {
        super(b);
        this.solver = b.solver;
        this.numericMode = b.numericMode;
        this.maxGap = b.maxGap;
        this.longGapPolicy = b.longGapPolicy;
        this.normalizer = b.normalizer;
        this.readoutAdapter = b.readoutAdapter;
        this.alertThreshold = b.alertThreshold;
        this.clearThreshold = b.clearThreshold;
        this.alertCoolDown = b.alertCoolDown;
        this.logDelta = b.logDelta;
        this.interval = b.interval;
        this.swapPolicy = b.swapPolicy;
        this.modelUpdates = List.copyOf(b.modelUpdates);
    }

    /** A builder for the model at {@code modelLocation} (a path or a URI Flink's file systems read). */
    public static Builder builder(String modelLocation) {
        return new Builder(modelLocation);
    }

    /** Solver settings that override the model file's, or null to keep the model's. */
    public SolverSettings solver() {
        return solver;
    }

    /**
     * The numeric mode that overrides the default, or null: inference then runs the fast kernel
     * wherever the model's cell has one ({@link NumericMode#FAST} meets the same conformance
     * tests as the exact mode), else the model file's mode.
     */
    public NumericMode numericMode() {
        return numericMode;
    }

    /** The long-gap threshold, or null for none. */
    public Duration maxGap() {
        return maxGap;
    }

    public LongGapPolicy longGapPolicy() {
        return longGapPolicy;
    }

    /** The per-key input normaliser, or null (readings go to the model as they are). */
    public InputNormalizer normalizer() {
        return normalizer;
    }

    /** The per-key readout adapter, or null (the model's own readout). */
    public ReadoutAdapter readoutAdapter() {
        return readoutAdapter;
    }

    public double alertThreshold() {
        return alertThreshold;
    }

    public double clearThreshold() {
        return clearThreshold;
    }

    public Duration alertCoolDown() {
        return alertCoolDown;
    }

    /** The alert gate of these thresholds. */
    public AlertGate alertGate() {
        return new AlertGate(alertThreshold, clearThreshold, alertCoolDown.toMillis());
    }

    /** The per-key prediction interval, or null for none. */
    public IntervalEstimator interval() {
        return interval;
    }

    /**
     * What a key whose state another model built becomes when a model update names no policy
     * (and after a restart with another model): {@link SwapPolicy#RESET} by default.
     */
    public SwapPolicy swapPolicy() {
        return swapPolicy;
    }

    /** Model updates known in advance (a replay's schedule), in order; empty by default. */
    public List<ModelUpdate> modelUpdates() {
        return modelUpdates;
    }

    /** Whether {@code log Δ} is appended to the model's input, or null for the model file's. */
    public Boolean logDelta() {
        return logDelta;
    }

    @Override
    public String toString() {
        return String.format("LtcOperatorConfig{%s, solver=%s, numericMode=%s, maxGap=%s,"
                        + " longGapPolicy=%s, normalizer=%s, readout=%s, alert=%s/%s,"
                        + " coolDown=%s, logDelta=%s, interval=%s, swapPolicy=%s, updates=%s}",
                describeShared(), solver, numericMode, maxGap, longGapPolicy, normalizer,
                readoutAdapter == null ? "model" : readoutAdapter, alertThreshold,
                clearThreshold, alertCoolDown, logDelta == null ? "model's" : logDelta,
                interval == null ? "none" : interval.coverage(), swapPolicy, modelUpdates);
    }

    /** Builds an {@link LtcOperatorConfig}; defaults are in the field initialisers. */
    public static final class Builder extends ForecastOperatorConfig.Builder<Builder> {
        private SolverSettings solver;
        private NumericMode numericMode;
        private Duration maxGap;
        private LongGapPolicy longGapPolicy = LongGapPolicy.RESET;
        private InputNormalizer normalizer;
        private ReadoutAdapter readoutAdapter;
        private double alertThreshold = 0.99;
        private double clearThreshold = 0.9;
        private Duration alertCoolDown = Duration.ZERO;
        private Boolean logDelta;
        private IntervalEstimator interval = IntervalEstimator.defaults();
        private SwapPolicy swapPolicy = SwapPolicy.RESET;
        private final List<ModelUpdate> modelUpdates = new ArrayList<>();

        private Builder(String modelLocation) {
            super(modelLocation, "ltc");
        }

        /** Overrides the model file's solver settings (e.g. sub-stepping for long gaps). */
        public Builder solver(SolverSettings settings) {
            this.solver = settings;
            return this;
        }

        /**
         * Overrides the numeric mode: {@link NumericMode#EXACT} runs the reference arithmetic
         * (as training does); by default inference runs the fast kernel.
         */
        public Builder numericMode(NumericMode mode) {
            this.numericMode = mode;
            return this;
        }

        /** Gaps longer than this trigger the long-gap policy (default: none). */
        public Builder maxGap(Duration gap, LongGapPolicy policy) {
            this.maxGap = gap;
            this.longGapPolicy = policy;
            return this;
        }

        /** Normalises each key's readings by its own statistics before the cell (default: none). */
        public Builder normalizer(InputNormalizer normalizer) {
            this.normalizer = normalizer;
            return this;
        }

        /** Learns each key's readout online instead of using the model's (default: none). */
        public Builder readoutAdapter(ReadoutAdapter adapter) {
            this.readoutAdapter = adapter;
            return this;
        }

        /**
         * An alert opens when the score reaches {@code raise}, closes when it falls below {@code
         * clear}, and no new alert opens within {@code coolDown} of the last one.
         */
        public Builder alerts(double raise, double clear, Duration coolDown) {
            this.alertThreshold = raise;
            this.clearThreshold = clear;
            this.alertCoolDown = coolDown;
            return this;
        }

        /**
         * Overrides whether {@code log Δ} is appended to the model's input; by default the model
         * file says (a model trained with it records so).
         */
        public Builder logDelta(boolean on) {
            this.logDelta = on;
            return this;
        }

        /**
         * Each forecast carries a prediction interval at this coverage, calibrated per key online
         * (default 0.9); null for none.
         */
        public Builder predictionInterval(Double coverage) {
            this.interval = coverage == null ? null : new IntervalEstimator(coverage, 0.05);
            return this;
        }

        /** The policy of model switches whose update names none (default reset). */
        public Builder swapPolicy(SwapPolicy policy) {
            this.swapPolicy = policy;
            return this;
        }

        /**
         * Model updates known in advance, applied in order when the operator opens: from each
         * one's effective event time on, its model handles the records (a replay's schedule).
         */
        public Builder modelUpdates(List<ModelUpdate> updates) {
            this.modelUpdates.clear();
            this.modelUpdates.addAll(updates);
            return this;
        }

        public LtcOperatorConfig build() {
            require(swapPolicy != null, "swapPolicy must not be null");
            require(maxGap == null || (!maxGap.isNegative() && !maxGap.isZero()),
                    "maxGap must be positive: %s", maxGap);
            require(longGapPolicy != null, "longGapPolicy must not be null");
            require(alertThreshold > 0 && alertThreshold <= 1,
                    "the alert threshold must be in (0, 1]: %s", alertThreshold);
            require(clearThreshold >= 0 && clearThreshold <= alertThreshold,
                    "the clear threshold must be in [0, alert threshold %s]: %s",
                    alertThreshold, clearThreshold);
            require(alertCoolDown != null && !alertCoolDown.isNegative(),
                    "alertCoolDown must be >= 0: %s", alertCoolDown);
            return new LtcOperatorConfig(this);
        }
    }
}
