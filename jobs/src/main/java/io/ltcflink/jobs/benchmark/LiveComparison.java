package io.ltcflink.jobs.benchmark;

import io.ltcflink.core.model.Model;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparator on a user's own topics: the readings topic that the LTC job and the LSTM sidecar
 * both read, and each job's forecast and dead-letter topics. Joins for a while, then reports per
 * model: accuracy on the records every model forecast, CPU per event (when the jobs measure it),
 * throughput, state per key and parameter count.
 */
public final class LiveComparison {

    /**
     * One model that a job runs, with where its outputs go.
     *
     * @param name the name the report uses
     * @param model the model the job runs (its id tells its forecasts apart)
     * @param stateBytesPerKey the job's serialized state per key for this model
     */
    public record Entry(String name, Model model, String forecastTopic, String deadLetterTopic,
            int stateBytesPerKey) {}

    private static final double[] GAP_EDGES = {1, 2, 4, 8};

    private LiveComparison() {}

    /**
     * Consumes {@code inputTopic} and the entries' topics from their beginning for {@code
     * duration} and returns the report (JSON-ready maps and lists).
     *
     * @param progress where a line per 10 s goes
     * @throws IllegalArgumentException if two entries share a model id or a name
     * @throws IllegalStateException if the comparator failed (e.g. a forecast that is not Avro)
     */
    public static Map<String, Object> run(String bootstrap, String inputTopic, List<Entry> entries,
            int warmUp, Duration duration, PrintStream progress) throws InterruptedException {
        Map<String, String> names = new HashMap<>();
        Map<String, String> forecastTopics = new LinkedHashMap<>();
        Map<String, String> deadLetterTopics = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (Entry e : entries) {
            if (names.put(e.model().id(), e.name()) != null || order.contains(e.name())) {
                throw new IllegalArgumentException("two models with the same id or name: "
                        + e.name());
            }
            order.add(e.name());
            forecastTopics.put(e.name(), e.forecastTopic());
            deadLetterTopics.put(e.name(), e.deadLetterTopic());
        }
        ForecastJoin join = ForecastJoin.builder(order).warmUp(warmUp).gapEdges(GAP_EDGES).build();
        ComparatorConsumer comparator = new ComparatorConsumer(bootstrap, inputTopic,
                forecastTopics, deadLetterTopics, names, join);
        Thread thread = new Thread(comparator, "ltc-compare");
        thread.setDaemon(true);
        long t0 = System.nanoTime();
        thread.start();
        long end = t0 + duration.toNanos();
        long nextReport = t0 + 10_000_000_000L;
        while (System.nanoTime() < end && comparator.failure() == null) {
            Thread.sleep(Math.max(1, Math.min(200, (end - System.nanoTime()) / 1_000_000)));
            if (System.nanoTime() >= nextReport) {
                nextReport += 10_000_000_000L;
                StringBuilder line = new StringBuilder(String.format("[compare] t=%ds",
                        (System.nanoTime() - t0) / 1_000_000_000L));
                for (String m : order) {
                    line.append(String.format(" %s %d/%.3g", m, join.received(m),
                            join.rollingMse(m)));
                }
                progress.println(line);
            }
        }
        comparator.stop();
        thread.join(10_000);
        if (comparator.failure() != null) {
            throw new IllegalStateException("the comparator failed: "
                    + comparator.failure().getMessage(), comparator.failure());
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("inputTopic", inputTopic);
        report.put("seconds", (System.nanoTime() - t0) / 1e9);
        report.put("join", join.counts());
        report.put("invalidReadings", comparator.invalidReadings());
        report.put("deadLetters", comparator.deadLetters());
        List<Map<String, Object>> models = new ArrayList<>();
        for (Entry e : entries) {
            ModelMetrics m = join.metrics(e.name(), "all");
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", e.name());
            o.put("modelId", e.model().id());
            o.put("kind", e.model().cell().kind().fileName());
            o.put("params", e.model().cell().parameterCount());
            o.put("forecasts", join.received(e.name()));
            o.put("recordsPerSec", join.receivedPerSecond(e.name()));
            o.put("stateBytesPerKey", e.stateBytesPerKey());
            o.put("scored", m == null ? 0 : m.records());
            o.put("mse", m == null ? Double.NaN : m.mse());
            o.put("smape", m == null ? Double.NaN : m.smape());
            o.put("cpuNsP50", m == null ? 0 : m.cpuNanosPercentile(50));
            o.put("cpuNsP99", m == null ? 0 : m.cpuNanosPercentile(99));
            List<Map<String, Object>> bins = new ArrayList<>();
            if (m != null) {
                for (ModelMetrics.GapBin b : m.gapBins()) {
                    Map<String, Object> bin = new LinkedHashMap<>();
                    bin.put("gapFrom", b.lo());
                    bin.put("gapTo", b.hi());
                    bin.put("values", b.values());
                    bin.put("mse", b.mse());
                    bins.add(bin);
                }
            }
            o.put("mseByGap", bins);
            models.add(o);
        }
        report.put("models", models);
        return report;
    }
}
