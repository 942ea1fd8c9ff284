package io.ltcflink.jobs.nab;

import io.ltcflink.flink.Forecast;
import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.flink.LtcPipeline;
import io.ltcflink.flink.LtcStreams;
import io.ltcflink.flink.SensorReading;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Streams NAB-layout data files through the LTC operator, one key per file, and gives each input
 * row its anomaly score, in input order.
 *
 * <p>The readings go through {@link LtcPipeline}, the path of the Kafka job, in arrival mode and
 * without watermarks: the files' timestamps are years apart, and the operator's far-future check
 * (against the watermark) must not dead-letter one file's readings because of another's. Rows the
 * operator does not forecast still get a row: a key's first row is scored 0 by the operator, and a
 * late row (older than its key's last one; NAB has one) or a dead letter is scored 0 here.
 */
public final class NabRun {

    private NabRun() {}

    /** Counts of one run. */
    public record Stats(long rows, long forecasts, long firstRows, long duplicates, long late,
            long deadLetters) {}

    /** Scores per file key, in row order, and the run's counts. */
    public record Result(Map<String, double[]> scores, Stats stats) {}

    /** The topology apart from its I/O: readings in, one {@link NabRunRow} per reading out. */
    public static DataStream<NabRunRow> buildPipeline(DataStream<SensorReading> readings,
            LtcOperatorConfig config) {
        LtcStreams out = LtcPipeline.apply(readings, config);
        TypeInformation<NabRunRow> type = TypeInformation.of(NabRunRow.class);
        DataStream<NabRunRow> forecasts = out.forecasts()
                .map(f -> new NabRunRow(NabRunRow.FORECAST, f.key, f.timestamp, f.actual[0],
                        f.score, f.flags), type)
                .name("scores");
        DataStream<NabRunRow> late = out.late()
                .map(r -> new NabRunRow(NabRunRow.LATE, r.reading.key, r.reading.timestamp,
                        r.reading.values[0], 0, 0), type)
                .name("late rows");
        DataStream<NabRunRow> dead = out.deadLetters()
                .filter(r -> r.reading != null && r.reading.key != null)
                .map(r -> new NabRunRow(NabRunRow.DEAD_LETTER, r.reading.key, r.reading.timestamp,
                        r.reading.values == null || r.reading.values.length == 0
                                ? Double.NaN : r.reading.values[0], 0, 0), type)
                .name("dead-letter rows");
        return forecasts.union(late, dead);
    }

    /** The readings of the files, file after file, each file's rows in order. */
    public static List<SensorReading> readings(List<NabDataFile> files) {
        List<SensorReading> all = new ArrayList<>();
        for (NabDataFile f : files) {
            for (int i = 0; i < f.rows(); i++) {
                all.add(new SensorReading(f.key(), f.epochMillis(i), new double[] {f.value(i)}));
            }
        }
        return all;
    }

    /** Runs the files on {@code env} and matches every output to its input row. */
    public static Result run(StreamExecutionEnvironment env, List<NabDataFile> files,
            LtcOperatorConfig config) throws Exception {
        DataStream<SensorReading> source = env
                .fromData(readings(files), TypeInformation.of(SensorReading.class))
                .name("NAB rows");
        Map<String, List<NabRunRow>> byKey = new HashMap<>();
        try (CloseableIterator<NabRunRow> it =
                buildPipeline(source, config).executeAndCollect("ltc nab run")) {
            while (it.hasNext()) {
                NabRunRow r = it.next();
                byKey.computeIfAbsent(r.key, k -> new ArrayList<>()).add(r);
            }
        }
        Map<String, double[]> scores = new HashMap<>();
        long[] counts = new long[6];
        for (NabDataFile f : files) {
            scores.put(f.key(), align(f, byKey.getOrDefault(f.key(), List.of()), counts));
        }
        return new Result(scores, new Stats(counts[0], counts[1], counts[2], counts[3],
                counts[4], counts[5]));
    }

    /**
     * Gives each row of {@code file} its score from the operator's outputs for its key. Forecasts
     * arrive in the key's order, and so do late rows and dead letters, each a subsequence of the
     * rows; a row is a forecast's when the next forecast has its time and value, else it must be
     * the next rejected row's. A late row is older than every forecast after it, so the two never
     * both match.
     */
    static double[] align(NabDataFile file, List<NabRunRow> outputs, long[] counts) {
        List<NabRunRow> forecasts = new ArrayList<>();
        List<NabRunRow> rejected = new ArrayList<>();
        for (NabRunRow r : outputs) {
            (r.kind == NabRunRow.FORECAST ? forecasts : rejected).add(r);
        }
        double[] scores = new double[file.rows()];
        int fi = 0;
        int ri = 0;
        for (int i = 0; i < file.rows(); i++) {
            long t = file.epochMillis(i);
            double v = file.value(i);
            if (fi < forecasts.size() && matches(forecasts.get(fi), t, v)) {
                NabRunRow f = forecasts.get(fi++);
                scores[i] = f.score;
                counts[1]++;
                if ((f.flags & Forecast.FIRST) != 0) {
                    counts[2]++;
                }
                if ((f.flags & Forecast.DUPLICATE_TIME) != 0) {
                    counts[3]++;
                }
            } else if (ri < rejected.size() && matches(rejected.get(ri), t, v)) {
                NabRunRow r = rejected.get(ri++);
                scores[i] = 0;
                counts[r.kind == NabRunRow.LATE ? 4 : 5]++;
            } else {
                throw new IllegalStateException(String.format(
                        "%s row %s (%s, %s): no operator output matches it (next forecast %s, next"
                                + " rejected %s)", file.key(), i + 1, file.timestampText(i),
                        file.valueText(i), fi < forecasts.size() ? forecasts.get(fi) : "none",
                        ri < rejected.size() ? rejected.get(ri) : "none"));
            }
            counts[0]++;
        }
        if (fi != forecasts.size() || ri != rejected.size()) {
            throw new IllegalStateException(String.format(
                    "%s: %s rows but %s forecasts and %s rejected readings", file.key(),
                    file.rows(), forecasts.size(), rejected.size()));
        }
        return scores;
    }

    private static boolean matches(NabRunRow r, long t, double v) {
        return r.timestamp == t && (Double.compare(r.value, v) == 0 || (Double.isNaN(r.value)
                && Double.isNaN(v)));
    }
}
