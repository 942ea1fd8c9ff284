package io.ltcflink.flink.sql;

import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.engine.LongGapPolicy;
import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.flink.OutOfOrderMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.apache.flink.util.TimeUtils;

/**
 * The scalar arguments of one {@code LTC_FORECAST} call, as given (null: not given). A structured
 * type (public fields, no-arg constructor): while a key holds readings back for the watermark, the
 * function keeps its call's options with them, so that a timer firing after a restore, before any
 * new row, can rebuild the engine.
 */
public class LtcSqlOptions {

    /** Model file location (any Flink file system). */
    public String model;
    /** Column with the reading's values: ARRAY&lt;DOUBLE&gt; or one numeric column. */
    public String valueColumn;
    /** Event time of one data time unit, Flink duration syntax ({@code '1 s'}, {@code '500 ms'}). */
    public String timeUnit;
    /** {@code arrival} or {@code event-time}. */
    public String outOfOrder;
    /** Gaps longer than this apply {@link #longGap}. */
    public String maxGap;
    /** {@code reset} or {@code keep}. */
    public String longGap;
    /** Score at which an alert opens. */
    public Double alertRaise;
    /** Score below which an open alert closes. */
    public Double alertClear;
    /** No new alert within this duration of the last one. */
    public String alertCoolDown;
    /** {@code fast} or {@code exact}. */
    public String numericMode;
    /** A key idle for this long in event time is forgotten. */
    public String stateTtl;
    /** Timestamps further ahead of the processing clock are rejected; {@code none}: no bound. */
    public String maxAheadOfClock;

    public LtcSqlOptions() {}

    /** The value column's name ({@code x} unless given). */
    public String valueColumnOrDefault() {
        return valueColumn == null ? "x" : valueColumn;
    }

    /** The state TTL, or null. */
    public Duration stateTtlOrNull() {
        return stateTtl == null ? null : duration("state_ttl", stateTtl);
    }

    /** The operator configuration these options describe; fails with the offending argument. */
    public LtcOperatorConfig config() {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("LTC_FORECAST needs the argument model (a model file)");
        }
        LtcOperatorConfig.Builder b = LtcOperatorConfig.builder(model);
        if (timeUnit != null) {
            b.dataTimeUnit(duration("time_unit", timeUnit));
        }
        if (outOfOrder != null) {
            b.outOfOrder(OutOfOrderMode.fromName(outOfOrder));
        }
        if (maxGap != null) {
            b.maxGap(duration("max_gap", maxGap), longGapPolicy());
        } else if (longGap != null) {
            throw new IllegalArgumentException(String.format(
                    "long_gap '%s' needs max_gap, the gap it applies to", longGap));
        }
        if (alertRaise != null || alertClear != null || alertCoolDown != null) {
            LtcOperatorConfig defaults = LtcOperatorConfig.builder(model).build();
            b.alerts(alertRaise != null ? alertRaise : defaults.alertThreshold(),
                    alertClear != null ? alertClear : defaults.clearThreshold(),
                    alertCoolDown != null
                            ? duration("alert_cool_down", alertCoolDown)
                            : defaults.alertCoolDown());
        }
        if (numericMode != null) {
            b.numericMode(NumericMode.fromFileName(numericMode));
        }
        if (stateTtl != null) {
            b.stateTtl(duration("state_ttl", stateTtl));
        }
        if (maxAheadOfClock != null) {
            b.maxAheadOfClock("none".equalsIgnoreCase(maxAheadOfClock.strip())
                    ? null : duration("max_ahead_of_clock", maxAheadOfClock));
        }
        return b.build();
    }

    private LongGapPolicy longGapPolicy() {
        if (longGap == null) {
            return LongGapPolicy.RESET;
        }
        switch (longGap.strip().toLowerCase(Locale.ROOT)) {
            case "reset":
                return LongGapPolicy.RESET;
            case "keep":
            case "keep-integrating":
                return LongGapPolicy.KEEP_INTEGRATING;
            default:
                throw new IllegalArgumentException(String.format(
                        "unknown long_gap '%s': expected reset or keep", longGap));
        }
    }

    private static Duration duration(String argument, String text) {
        try {
            return TimeUtils.parseDuration(text.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(String.format(
                    "%s '%s' is not a duration (e.g. '1 s', '500 ms', '7 d'): %s", argument, text,
                    e.getMessage()), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LtcSqlOptions)) {
            return false;
        }
        LtcSqlOptions x = (LtcSqlOptions) o;
        return Objects.equals(model, x.model) && Objects.equals(valueColumn, x.valueColumn)
                && Objects.equals(timeUnit, x.timeUnit) && Objects.equals(outOfOrder, x.outOfOrder)
                && Objects.equals(maxGap, x.maxGap) && Objects.equals(longGap, x.longGap)
                && Objects.equals(alertRaise, x.alertRaise)
                && Objects.equals(alertClear, x.alertClear)
                && Objects.equals(alertCoolDown, x.alertCoolDown)
                && Objects.equals(numericMode, x.numericMode)
                && Objects.equals(stateTtl, x.stateTtl)
                && Objects.equals(maxAheadOfClock, x.maxAheadOfClock);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, valueColumn, timeUnit, outOfOrder, maxGap, longGap, alertRaise,
                alertClear, alertCoolDown, numericMode, stateTtl, maxAheadOfClock);
    }

    /** A copy (the cache key must not change when the state's instance is reused). */
    LtcSqlOptions copy() {
        LtcSqlOptions c = new LtcSqlOptions();
        c.model = model;
        c.valueColumn = valueColumn;
        c.timeUnit = timeUnit;
        c.outOfOrder = outOfOrder;
        c.maxGap = maxGap;
        c.longGap = longGap;
        c.alertRaise = alertRaise;
        c.alertClear = alertClear;
        c.alertCoolDown = alertCoolDown;
        c.numericMode = numericMode;
        c.stateTtl = stateTtl;
        c.maxAheadOfClock = maxAheadOfClock;
        return c;
    }
}
