package io.ltcflink.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.core.train.ForecastTask;
import io.ltcflink.core.train.Forecasting;
import io.ltcflink.jobs.train.DataSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model file is the single source of truth: a model trained by {@code ltc train} runs in
 * {@code ltc replay} (the operator of {@code ltc job}) with no flag repeating how it was trained,
 * and forecasts there exactly what {@code ltc eval} scores.
 */
final class ModelFactsITCase {

    /** Event time of the data's time 0, in epoch milliseconds. */
    private static final long EPOCH_MILLIS = 1_764_300_000_000L;

    /**
     * Lorenz sampled every 0.125 time units with 30 % of the samples lost, so the gaps are
     * irregular multiples of 125 ms. 0.125 is exact in binary, so a sample's time in
     * milliseconds is a whole number and replay's gap (milliseconds / 1000) is the very double
     * eval steps over.
     */
    private static final List<String> SAMPLING =
            List.of("--data", "lorenz", "--period", "0.125", "--drop-rate", "0.3");

    @TempDir Path dir;

    private static DataSpec data(long samples, long seed) {
        return DataSpec.builder().source("lorenz").samples(samples).period(0.125).dropRate(0.3)
                .seed(seed).build();
    }

    /** Runs {@code command} with the sampling flags and {@code more}. */
    private static CliRunner.Result withSampling(String command, String... more) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(SAMPLING);
        args.addAll(List.of(more));
        return CliRunner.cli(args.toArray(new String[0]));
    }

    private record Row(String key, long timestamp, double[] x) {}

    /** The series as readings of {@code key}, {@code offsetMillis} after the data's time 0. */
    private static List<Row> readings(String key, Series s, long offsetMillis) {
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < s.size(); k++) {
            double millis = s.time(k) * 1000.0;
            assertThat(millis).as("sample %s lies on a whole millisecond", k)
                    .isEqualTo(Math.rint(millis));
            rows.add(new Row(key, EPOCH_MILLIS + offsetMillis + (long) millis, s.values(k)));
        }
        return rows;
    }

    private static void writeReadings(Path file, List<Row> rows) throws Exception {
        StringBuilder sb = new StringBuilder("key,timestamp,x0,x1,x2\n");
        for (Row r : rows) {
            sb.append(r.key).append(',').append(r.timestamp);
            for (double v : r.x) {
                sb.append(',').append(v);
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString());
    }

    /** Replay's rows per key, in input order, split into their columns. */
    private static Map<String, List<String[]>> byKey(Path forecasts) throws Exception {
        List<String> lines = Files.readAllLines(forecasts);
        Map<String, List<String[]>> out = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            out.computeIfAbsent(c[0], k -> new ArrayList<>()).add(c);
        }
        return out;
    }

    @Test
    void lstmTrainedWithLogDelta_replaysWithoutFlags_andForecastsWhatEvalScores()
            throws Exception {
        Path modelFile = dir.resolve("lstm.model");
        // Channels 2 and 0 as outputs, in that order, so the targets too must come from the file.
        CliRunner.Result train = withSampling("train", "--samples", "300", "--cell", "lstm",
                "--units", "6", "--log-delta", "--target-channels", "2,0", "--epochs", "2",
                "--threads", "1", "--quiet", "--out", modelFile.toString());
        assertThat(train.code()).as(train.err()).isZero();
        Model model = ModelFiles.read(modelFile);
        double unit = io.ltcflink.core.train.ModelTimeUnit.of(model.metadata());
        // Trained with the default time unit: the data's median gap, one sampling period.
        assertThat(unit).isEqualTo(0.125);
        assertThat(model.metadata()).containsEntry("task.logDtInput", "true")
                .containsEntry("task.targetChannels", "2,0");
        assertThat(model.normalization()).isPresent();

        // Eval's data (its default seed), as key "a"; another trajectory, as key "b", in between.
        Series evalSeries = data(200, EvalCommand.DEFAULT_SEED).load();
        Series otherSeries = data(150, 9).load();
        List<Row> rows = new ArrayList<>(readings("a", evalSeries, 0));
        rows.addAll(readings("b", otherSeries, 37));
        rows.sort(Comparator.comparingLong(Row::timestamp));
        Path in = dir.resolve("readings.csv");
        writeReadings(in, rows);

        Path out = dir.resolve("forecasts.csv");
        CliRunner.Result replay = CliRunner.cli("replay", "--model", modelFile.toString(),
                "--input", in.toString(), "--out", out.toString(), "--time-unit", "s");
        assertThat(replay.code()).as(replay.err()).isZero();
        assertThat(Files.readAllLines(out).get(0))
                .isEqualTo("key,timestamp,dt,first,y0,y1,score,alert");

        Map<String, List<String[]>> replayed = byKey(out);
        int[] targets = ForecastTask.forModel(model, 3).targetChannels();
        double squared = 0;
        int values = 0;
        for (String key : List.of("a", "b")) {
            Series s = key.equals("a") ? evalSeries : otherSeries;
            double[][] expected = Forecasting.forecasts(model, s);
            List<String[]> got = replayed.get(key);
            assertThat(got).as("rows of key %s", key).hasSize(s.size());
            assertThat(got.get(0)[3]).isEqualTo("1");
            assertThat(got.get(0)[4]).isEqualTo("NaN");
            for (int k = 1; k < s.size(); k++) {
                String[] c = got.get(k);
                assertThat(c[3]).isEqualTo("0");
                // The gap in model units: event-time milliseconds over --time-unit.
                // In model units: the data's gap over the time unit the model file records.
                assertThat(Double.parseDouble(c[2])).as("dt of %s[%s]", key, k)
                        .isEqualTo(s.gap(k) / unit);
                for (int i = 0; i < targets.length; i++) {
                    double y = Double.parseDouble(c[4 + i]);
                    assertThat(y).as("forecast %s of %s[%s]", i, key, k)
                            .isCloseTo(expected[k][i], within(1e-12));
                    if (key.equals("a")) {
                        double e = y - s.value(k, targets[i]);
                        squared += e * e;
                        values++;
                    }
                }
            }
        }

        CliRunner.Result eval = withSampling("eval", "--model", modelFile.toString(),
                "--samples", "200", "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        JsonNode scores = new ObjectMapper().readTree(eval.out());
        assertThat(scores.get("values").asInt()).isEqualTo(values);
        assertThat(squared / values).isCloseTo(scores.get("mse").asDouble(),
                within(1e-12 * scores.get("mse").asDouble()));
    }
}
