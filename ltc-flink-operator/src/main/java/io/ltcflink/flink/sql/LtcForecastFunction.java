package io.ltcflink.flink.sql;

import static org.apache.flink.table.annotation.ArgumentTrait.REQUIRE_ON_TIME;
import static org.apache.flink.table.annotation.ArgumentTrait.SET_SEMANTIC_TABLE;

import io.ltcflink.core.engine.CellKeyedForecaster;
import io.ltcflink.core.engine.ForecastFlags;
import io.ltcflink.core.engine.KeyState;
import io.ltcflink.core.engine.Outcome;
import io.ltcflink.flink.KeyCheck;
import io.ltcflink.flink.KeyStateSerializer;
import io.ltcflink.flink.LtcKeyedFunction;
import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.flink.ModelLoader;
import io.ltcflink.flink.OutOfOrderMode;
import io.ltcflink.flink.ReadingValidator;
import io.ltcflink.flink.RejectedReading;
import io.ltcflink.flink.SensorReading;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.annotation.ArgumentHint;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.annotation.StateHint;
import org.apache.flink.table.api.dataview.MapView;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ProcessTableFunction;
import org.apache.flink.table.functions.TableSemantics;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;

/**
 * The LTC operator as a Flink SQL process table function, {@code LTC_FORECAST}: the same per-key
 * engine ({@link CellKeyedForecaster}, built by {@link LtcKeyedFunction#engine}) and the same
 * checks ({@link KeyCheck}, {@link ReadingValidator}) as the DataStream operator, over a table
 * partitioned by the sensor key with its event-time column as {@code on_time}.
 *
 * <pre>{@code
 * SELECT * FROM LTC_FORECAST(
 *     input => TABLE readings PARTITION BY sensor,
 *     on_time => DESCRIPTOR(ts),
 *     model => '/models/pump.model',
 *     value_column => 'x',             -- ARRAY<DOUBLE> (default 'x') or one numeric column
 *     time_unit => '1 s', out_of_order => 'event-time', max_gap => '1 h', long_gap => 'reset',
 *     alert_raise => 0.99, alert_clear => 0.9, alert_cool_down => '5 min',
 *     numeric_mode => 'fast', state_ttl => '7 d', max_ahead_of_clock => '10 min');
 * }</pre>
 *
 * <p>One output row per input row (in event-time mode, when the watermark releases it): the
 * partition key, {@code kind} ({@code forecast}, {@code first}, {@code late} or {@code
 * dead-letter}), {@code ts_ms} (event time, epoch ms), {@code dt} (the gap in model units), {@code
 * forecast} and {@code actual} (the compared channels), {@code score}, {@code alert}, {@code
 * flags} ({@link ForecastFlags}) and, on rejected rows, {@code reason} (a {@link RejectedReading}
 * code and the details; {@code actual} then holds the values as received), and on forecasts the
 * prediction interval {@code interval_lower} and {@code interval_upper} (LOWER and UPPER are
 * SQL functions; null before a key's first residual has set its scale, or with intervals off).
 * Bad rows never fail the job. The framework appends {@code rowtime}.
 *
 * <p>State per key: {@code ltc_key_state}, the engine's {@link KeyState} in the operator's own
 * versioned layout (a RAW type serialised by {@link KeyStateSerializer}); in event-time mode also
 * {@code ltc_buffer} (readings waiting for the watermark, by timestamp) and {@code ltc_buffered}
 * (their count and the call's options). {@code state_ttl} forgets a key that received no
 * accepted reading for that long in <i>event time</i> (a timer per key; the DataStream operator's
 * TTL counts processing time). Flink's {@code table.exec.state.ttl} applies on top.
 */
@FunctionHint(output = @DataTypeHint("ROW<kind STRING, ts_ms BIGINT, dt DOUBLE,"
        + " forecast ARRAY<DOUBLE>, actual ARRAY<DOUBLE>, score DOUBLE, alert BOOLEAN, flags INT,"
        + " reason STRING, interval_lower ARRAY<DOUBLE>, interval_upper ARRAY<DOUBLE>>"))
public class LtcForecastFunction extends ProcessTableFunction<Row> {

    private static final long serialVersionUID = 1L;

    /** The name the function is registered under by the project's SQL entry points. */
    public static final String NAME = "LTC_FORECAST";

    /** Output {@code kind} of a forecast row. */
    public static final String FORECAST = "forecast";
    /** Output {@code kind} of a key's first row (no forecast). */
    public static final String FIRST = "first";
    /** Output {@code kind} of a row older than its key's last one or behind the watermark. */
    public static final String LATE = "late";
    /** Output {@code kind} of a row that cannot be used. */
    public static final String DEAD_LETTER = "dead-letter";

    static final String KEY_STATE = "ltc_key_state";
    private static final String TTL_TIMER = "ltc-ttl";

    /** The per-key engine state, in the DataStream operator's serialised layout. */
    public static class KeyStateHolder {
        /** The engine's state; null for a key without one. */
        @DataTypeHint(value = "RAW", bridgedTo = KeyState.class,
                rawSerializer = KeyStateSerializer.class)
        public KeyState value;
    }

    /** How many readings a key holds back for the watermark, and the call's options. */
    public static class Pending {
        /** Readings held back (null: none). */
        public Integer count;
        /** The options of the call that buffered them. */
        public LtcSqlOptions options;
    }

    private transient Map<LtcSqlOptions, Engine> engines;
    private transient Counter records;
    private transient Counter forecasts;
    private transient Counter late;
    private transient Counter deadLetters;
    private transient Counter alerts;
    /** The input's key and value column positions, resolved on the first row (−1 before). */
    private transient int keyIndex;
    private transient int valueIndex;

    /** An engine and the configuration it was built from. */
    private static final class Engine {
        final LtcOperatorConfig config;
        final CellKeyedForecaster forecaster;
        final Duration ttl;

        Engine(LtcOperatorConfig config, CellKeyedForecaster forecaster, Duration ttl) {
            this.config = config;
            this.forecaster = forecaster;
            this.ttl = ttl;
        }
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        engines = new HashMap<>();
        keyIndex = -1;
        valueIndex = -1;
        MetricGroup g = context.getMetricGroup().addGroup("ltc");
        records = g.counter("records");
        forecasts = g.counter("forecasts");
        late = g.counter("late");
        deadLetters = g.counter("deadLetters");
        alerts = g.counter("alerts");
    }

    /** Handles one row of {@code input}; see the class comment for the arguments. */
    public void eval(
            Context ctx,
            @StateHint(name = KEY_STATE) KeyStateHolder state,
            @StateHint(name = "ltc_buffered") Pending pending,
            @StateHint(name = "ltc_buffer",
                    type = @DataTypeHint("MAP<BIGINT, ARRAY<ARRAY<DOUBLE>>>"))
                    MapView<Long, Double[][]> buffer,
            @ArgumentHint(value = {SET_SEMANTIC_TABLE, REQUIRE_ON_TIME}, name = "input") Row input,
            @ArgumentHint(name = "model") String model,
            @ArgumentHint(name = "value_column", isOptional = true) String valueColumn,
            @ArgumentHint(name = "time_unit", isOptional = true) String timeUnit,
            @ArgumentHint(name = "out_of_order", isOptional = true) String outOfOrder,
            @ArgumentHint(name = "max_gap", isOptional = true) String maxGap,
            @ArgumentHint(name = "long_gap", isOptional = true) String longGap,
            @ArgumentHint(name = "alert_raise", isOptional = true) Double alertRaise,
            @ArgumentHint(name = "alert_clear", isOptional = true) Double alertClear,
            @ArgumentHint(name = "alert_cool_down", isOptional = true) String alertCoolDown,
            @ArgumentHint(name = "numeric_mode", isOptional = true) String numericMode,
            @ArgumentHint(name = "state_ttl", isOptional = true) String stateTtl,
            @ArgumentHint(name = "max_ahead_of_clock", isOptional = true)
                    String maxAheadOfClock)
            throws Exception {
        LtcSqlOptions o = new LtcSqlOptions();
        o.model = model;
        o.valueColumn = valueColumn;
        o.timeUnit = timeUnit;
        o.outOfOrder = outOfOrder;
        o.maxGap = maxGap;
        o.longGap = longGap;
        o.alertRaise = alertRaise;
        o.alertClear = alertClear;
        o.alertCoolDown = alertCoolDown;
        o.numericMode = numericMode;
        o.stateTtl = stateTtl;
        o.maxAheadOfClock = maxAheadOfClock;
        Engine engine = engine(o);
        records.inc();

        if (keyIndex < 0) {
            // One call site per function instance: its table's columns do not change.
            TableSemantics semantics = ctx.tableSemanticsFor("input");
            keyIndex = keyColumn(semantics);
            valueIndex = valueColumn(semantics, o.valueColumnOrDefault());
        }
        Object keyValue = input.getField(keyIndex);
        String key = keyValue == null ? null : keyValue.toString();
        TimeContext<Long> time = ctx.timeContext(Long.class);
        Long ts = time.time();
        double[] values = values(input.getField(valueIndex));
        if (ts == null) {
            reject(DEAD_LETTER, 0L, values,
                    RejectedReading.NULL_VALUES + ": the row has no event time (on_time is null)");
            return;
        }
        SensorReading r = new SensorReading(key, ts, values);
        String problem = KeyCheck.problem(r);
        Long wmOrNull = time.currentWatermark();
        long wm = wmOrNull == null ? Long.MIN_VALUE : wmOrNull;
        if (problem == null) {
            problem = ReadingValidator.problem(r, engine.forecaster.channels(), wm,
                    engine.config.maxFutureSkew().toMillis(), System.currentTimeMillis(),
                    engine.config.maxAheadOfClockMillis());
        }
        if (problem != null) {
            reject(DEAD_LETTER, ts, values, problem);
            return;
        }
        if (engine.config.outOfOrderMode() == OutOfOrderMode.ARRIVAL) {
            process(engine, state, ts, values, time);
            return;
        }
        if (ts <= wm) {
            reject(LATE, ts, values, ReadingValidator.behindWatermarkReason(ts, wm));
            return;
        }
        int n = pending.count == null ? 0 : pending.count;
        if (n >= engine.config.maxBufferedPerKey()) {
            reject(DEAD_LETTER, ts, values, ReadingValidator.bufferFullReason(n));
            return;
        }
        Double[][] at = buffer.get(ts);
        Double[][] grown;
        if (at == null) {
            grown = new Double[1][];
            time.registerOnTime(ts);
        } else {
            grown = java.util.Arrays.copyOf(at, at.length + 1);
        }
        grown[grown.length - 1] = boxed(values);
        buffer.put(ts, grown);
        pending.count = n + 1;
        pending.options = o;
    }

    /** Releases the readings due at the firing time (event-time mode), or forgets an idle key. */
    public void onTimer(
            OnTimerContext ctx,
            KeyStateHolder state,
            Pending pending,
            MapView<Long, Double[][]> buffer)
            throws Exception {
        if (TTL_TIMER.equals(ctx.currentTimer())) {
            ctx.clearState(KEY_STATE);
            return;
        }
        TimeContext<Long> time = ctx.timeContext(Long.class);
        long ts = time.time();
        Double[][] due = buffer.get(ts);
        if (due == null) {
            return;
        }
        if (pending.options == null) {
            throw new IllegalStateException(String.format(
                    "readings at %s are buffered without the options of their call", ts));
        }
        Engine engine = engine(pending.options);
        buffer.remove(ts);
        int left = (pending.count == null ? 0 : pending.count) - due.length;
        if (left <= 0) {
            // The buffer is empty again: keep nothing for the key but its engine state.
            ctx.clearState("ltc_buffered");
        } else {
            pending.count = left;
        }
        for (Double[] v : due) {
            process(engine, state, ts, unboxed(v), time);
        }
    }

    /** One valid reading in its key's time order, through the engine. */
    private void process(Engine engine, KeyStateHolder state, long ts, double[] values,
            TimeContext<Long> time) {
        CellKeyedForecaster f = engine.forecaster;
        KeyState next = f.onRecord(state.value, ts, values);
        Outcome o = f.outcome();
        if (o.kind() == Outcome.Kind.LATE) {
            reject(LATE, ts, values, ReadingValidator.lateReason(
                    new SensorReading(null, ts, values), o.lastTimestamp()));
            return;
        }
        state.value = next;
        if (engine.ttl != null) {
            time.registerOnTime(TTL_TIMER, ts + engine.ttl.toMillis());
        }
        if (o.kind() == Outcome.Kind.FIRST) {
            collect(Row.of(FIRST, ts, 0.0, null, boxed(o.actual()), 0.0, false, o.flags(), null,
                    null, null));
            return;
        }
        forecasts.inc();
        if (o.alert()) {
            alerts.inc();
        }
        collect(Row.of(FORECAST, ts, o.dt(), boxed(o.forecast()), boxed(o.actual()), o.score(),
                o.alert(), o.flags(), null, o.hasInterval() ? boxed(o.lower()) : null,
                o.hasInterval() ? boxed(o.upper()) : null));
    }

    private void reject(String kind, long ts, double[] values, String reason) {
        if (DEAD_LETTER.equals(kind)) {
            deadLetters.inc();
        } else {
            late.inc();
        }
        collect(Row.of(kind, ts, null, null, values == null ? null : boxed(values), null, null,
                0, reason, null, null));
    }

    private Engine engine(LtcSqlOptions o) throws Exception {
        Engine e = engines.get(o);
        if (e == null) {
            LtcOperatorConfig config = o.config();
            CellKeyedForecaster f =
                    LtcKeyedFunction.engine(ModelLoader.load(config.modelLocation()), config);
            e = new Engine(config, f, o.stateTtlOrNull());
            engines.put(o.copy(), e);
        }
        return e;
    }

    /** The one partition column, the sensor key; any other partitioning is a usage error. */
    private static int keyColumn(TableSemantics semantics) {
        int[] keys = semantics.partitionByColumns();
        if (keys.length != 1) {
            throw new IllegalArgumentException(String.format(
                    "LTC_FORECAST partitions its input by the sensor key, one column, but the call"
                            + " has PARTITION BY over %s columns", keys.length));
        }
        return keys[0];
    }

    private static int valueColumn(TableSemantics semantics, String name) {
        RowType row = (RowType) semantics.dataType().getLogicalType();
        List<String> names = row.getFieldNames();
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(String.format(
                    "LTC_FORECAST's value_column '%s' is not a column of the input (columns: %s)",
                    name, names));
        }
        LogicalType t = row.getTypeAt(i);
        boolean array = t.getTypeRoot() == LogicalTypeRoot.ARRAY;
        if (!array && !t.is(LogicalTypeFamily.NUMERIC)) {
            throw new IllegalArgumentException(String.format(
                    "LTC_FORECAST's value_column '%s' must be ARRAY<DOUBLE> or numeric, not %s",
                    name, t));
        }
        return i;
    }

    /** The reading's values; null when the column is null; a null element reads as NaN. */
    private static double[] values(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof double[]) {
            return (double[]) v;
        }
        if (v instanceof Number) {
            return new double[] {((Number) v).doubleValue()};
        }
        Object[] a = (Object[]) v;
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] == null ? Double.NaN : ((Number) a[i]).doubleValue();
        }
        return out;
    }

    private static Double[] boxed(double[] v) {
        Double[] out = new Double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static double[] unboxed(Double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
