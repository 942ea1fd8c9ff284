package io.ltcflink.jobs.replay;

import io.ltcflink.flink.Forecast;
import io.ltcflink.flink.LtcKeyedFunction;
import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.flink.LtcPipeline;
import io.ltcflink.flink.LtcStreams;
import io.ltcflink.flink.RejectedReading;
import io.ltcflink.flink.SensorReading;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The replay topology, apart from its I/O: CSV lines in, one output row per reading out (forecast
 * rows, late rows and dead-letter rows), through the same operator as the Kafka job.
 */
public final class ReplayJob {

    /** Header of the forecast rows; y columns follow {@code first}. */
    public static String forecastHeader(int outputs) {
        return forecastHeader(outputs, false);
    }

    /** As {@link #forecastHeader(int)}, with a last {@code model} column if {@code withModel}. */
    public static String forecastHeader(int outputs, boolean withModel) {
        StringBuilder sb = new StringBuilder("key,timestamp,dt,first");
        for (int m = 0; m < outputs; m++) {
            sb.append(",y").append(m);
        }
        return sb.append(withModel ? ",score,alert,model" : ",score,alert").toString();
    }

    /** Header of the rejected rows (late and dead letters). */
    public static final String REJECTED_HEADER = "key,timestamp,output,reason";

    private ReplayJob() {}

    /**
     * @param lines the CSV lines, in file order
     * @param config the operator configuration
     * @param bound the watermarks' bounded out-of-orderness
     * @param outputs the model's number of outputs (for first-record rows)
     */
    public static DataStream<ReplayRow> buildPipeline(
            DataStream<String> lines, LtcOperatorConfig config, Duration bound, int outputs) {
        SingleOutputStreamOperator<SensorReading> readings = parse(lines);
        DataStream<SensorReading> timed = withEventTime(readings, bound);
        LtcStreams out = LtcPipeline.apply(timed, config);
        TypeInformation<ReplayRow> rowType = TypeInformation.of(ReplayRow.class);
        // With model updates, each row names the model that made it.
        boolean withModel = !config.modelUpdates().isEmpty();
        DataStream<ReplayRow> forecasts = out.forecasts()
                .map(f -> new ReplayRow(ReplayRow.FORECAST, forecastLine(f, outputs)
                        + (withModel ? "," + f.modelId : "")), rowType)
                .name("forecast rows");
        DataStream<ReplayRow> late = out.late()
                .map(r -> new ReplayRow(ReplayRow.LATE, rejectedLine(r, "late")), rowType)
                .name("late rows");
        DataStream<ReplayRow> dead = out.deadLetters()
                .union(readings.getSideOutput(LtcKeyedFunction.DEAD_LETTERS))
                .map(r -> new ReplayRow(ReplayRow.DEAD_LETTER, rejectedLine(r, "dead-letter")),
                        rowType)
                .name("dead-letter rows");
        return forecasts.union(late, dead);
    }

    /** The CSV lines as readings; unparsable lines go to the dead-letter side output. */
    static SingleOutputStreamOperator<SensorReading> parse(DataStream<String> lines) {
        return lines
                .process(new CsvReadings(), TypeInformation.of(SensorReading.class))
                .name("parse CSV")
                .uid("replay-parse")
                .setParallelism(lines.getParallelism());
    }

    /** The readings with their timestamps as event time and bounded out-of-order watermarks. */
    static DataStream<SensorReading> withEventTime(
            DataStream<SensorReading> readings, Duration bound) {
        return readings
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<SensorReading>forBoundedOutOfOrderness(bound)
                        .withTimestampAssigner((r, ts) -> r.timestamp))
                .name("event time")
                .setParallelism(readings.getParallelism());
    }

    static String forecastLine(Forecast f, int outputs) {
        StringBuilder sb = new StringBuilder();
        sb.append(csvField(f.key)).append(',').append(f.timestamp).append(',').append(f.dt)
                .append(',').append(f.isFirst() ? 1 : 0);
        for (int m = 0; m < outputs; m++) {
            sb.append(',').append(f.isFirst() ? Double.NaN : f.forecast[m]);
        }
        sb.append(',').append(f.score).append(',').append(f.alert ? 1 : 0);
        return sb.toString();
    }

    static String rejectedLine(RejectedReading r, String output) {
        String key = r.reading == null || r.reading.key == null ? "" : r.reading.key;
        String ts = r.reading == null ? "" : Long.toString(r.reading.timestamp);
        return csvField(key) + "," + ts + "," + output + ",\""
                + r.reason.replace("\"", "\"\"") + "\"";
    }

    /** A key as a CSV field: quoted (quotes doubled) when it holds a comma, quote or line break. */
    static String csvField(String key) {
        if (key.indexOf(',') < 0 && key.indexOf('"') < 0 && key.indexOf('\n') < 0
                && key.indexOf('\r') < 0) {
            return key;
        }
        return '"' + key.replace("\"", "\"\"") + '"';
    }
}
