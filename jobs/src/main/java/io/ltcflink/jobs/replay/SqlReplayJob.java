package io.ltcflink.jobs.replay;

import io.ltcflink.core.engine.ForecastFlags;
import io.ltcflink.flink.Forecast;
import io.ltcflink.flink.LtcKeyedFunction;
import io.ltcflink.flink.RejectedReading;
import io.ltcflink.flink.SensorReading;
import io.ltcflink.flink.sql.LtcForecastFunction;
import io.ltcflink.flink.sql.LtcSqlOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * The replay topology through Flink SQL: the same CSV parsing and event time as {@link
 * ReplayJob}, then {@code LTC_FORECAST} over the readings as a table partitioned by sensor, its
 * rows turned back into the replay's output rows (the same lines as the DataStream replay).
 */
public final class SqlReplayJob {

    /** The table of readings the query reads: {@code sensor, ts, x, rt} (rt: event time). */
    public static final String READINGS_TABLE = "replay_readings";

    private SqlReplayJob() {}

    /**
     * @param tEnv the table environment over the lines' stream environment
     * @param lines the CSV lines, in file order
     * @param options the function's arguments
     * @param bound the watermarks' bounded out-of-orderness
     * @param outputs the model's number of outputs (for first-record rows)
     */
    public static DataStream<ReplayRow> buildPipeline(StreamTableEnvironment tEnv,
            DataStream<String> lines, LtcSqlOptions options, Duration bound, int outputs) {
        SingleOutputStreamOperator<SensorReading> readings = ReplayJob.parse(lines);
        DataStream<Row> rows = ReplayJob.withEventTime(readings, bound)
                .map(r -> Row.of(r.key, r.timestamp, r.values), Types.ROW_NAMED(
                        new String[] {"sensor", "ts", "x"}, Types.STRING, Types.LONG,
                        Types.PRIMITIVE_ARRAY(Types.DOUBLE)))
                .name("readings as rows")
                .setParallelism(readings.getParallelism());
        Table table = tEnv.fromDataStream(rows, Schema.newBuilder()
                .columnByMetadata("rt", DataTypes.TIMESTAMP_LTZ(3), "rowtime")
                .watermark("rt", "SOURCE_WATERMARK()")
                .build());
        tEnv.createTemporaryView(READINGS_TABLE, table);
        tEnv.createTemporarySystemFunction(LtcForecastFunction.NAME, LtcForecastFunction.class);
        Table result = tEnv.sqlQuery(query(options));
        TypeInformation<ReplayRow> rowType = TypeInformation.of(ReplayRow.class);
        DataStream<ReplayRow> out = tEnv.toDataStream(result)
                .map(r -> toReplayRow(r, outputs), rowType)
                .name("replay rows");
        DataStream<ReplayRow> unparsable = readings
                .getSideOutput(LtcKeyedFunction.DEAD_LETTERS)
                .map(r -> new ReplayRow(ReplayRow.DEAD_LETTER,
                        ReplayJob.rejectedLine(r, "dead-letter")), rowType)
                .name("dead-letter rows");
        return out.union(unparsable);
    }

    /** The {@code LTC_FORECAST} call over {@link #READINGS_TABLE} with the given options. */
    public static String query(LtcSqlOptions o) {
        List<String> args = new ArrayList<>();
        args.add("input => TABLE " + READINGS_TABLE + " PARTITION BY sensor");
        args.add("on_time => DESCRIPTOR(rt)");
        args.add("model => " + literal(o.model));
        args.add("value_column => 'x'");
        addString(args, "time_unit", o.timeUnit);
        addString(args, "out_of_order", o.outOfOrder);
        addString(args, "max_gap", o.maxGap);
        addString(args, "long_gap", o.longGap);
        if (o.alertRaise != null) {
            args.add("alert_raise => " + o.alertRaise);
        }
        if (o.alertClear != null) {
            args.add("alert_clear => " + o.alertClear);
        }
        addString(args, "alert_cool_down", o.alertCoolDown);
        addString(args, "numeric_mode", o.numericMode);
        addString(args, "state_ttl", o.stateTtl);
        addString(args, "max_ahead_of_clock", o.maxAheadOfClock);
        return "SELECT * FROM " + LtcForecastFunction.NAME + "(" + String.join(", ", args) + ")";
    }

    private static void addString(List<String> args, String name, String value) {
        if (value != null) {
            args.add(name + " => " + literal(value));
        }
    }

    /** A SQL string literal. */
    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** One output row of the function as the replay's line. */
    static ReplayRow toReplayRow(Row r, int outputs) {
        String kind = (String) r.getField("kind");
        String key = (String) r.getField("sensor");
        long ts = (Long) r.getField("ts_ms");
        if (LtcForecastFunction.FORECAST.equals(kind) || LtcForecastFunction.FIRST.equals(kind)) {
            Forecast f = new Forecast();
            f.key = key;
            f.timestamp = ts;
            f.flags = (Integer) r.getField("flags");
            if (LtcForecastFunction.FORECAST.equals(kind)) {
                f.dt = (Double) r.getField("dt");
                f.forecast = unboxed((Double[]) r.getField("forecast"));
                f.score = (Double) r.getField("score");
                f.alert = (Boolean) r.getField("alert");
            } else {
                f.flags |= ForecastFlags.FIRST;
            }
            return new ReplayRow(ReplayRow.FORECAST, ReplayJob.forecastLine(f, outputs));
        }
        Double[] actual = (Double[]) r.getField("actual");
        RejectedReading rejected = new RejectedReading((String) r.getField("reason"),
                new SensorReading(key, ts, actual == null ? null : unboxed(actual)));
        if (LtcForecastFunction.LATE.equals(kind)) {
            return new ReplayRow(ReplayRow.LATE, ReplayJob.rejectedLine(rejected, "late"));
        }
        return new ReplayRow(ReplayRow.DEAD_LETTER,
                ReplayJob.rejectedLine(rejected, "dead-letter"));
    }

    private static double[] unboxed(Double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
