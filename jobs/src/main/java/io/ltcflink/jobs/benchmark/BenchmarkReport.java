package io.ltcflink.jobs.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltcflink.core.cell.CellKind;
import io.ltcflink.core.train.TrainingDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a benchmark run's report: {@code report.json} (one object per model and condition),
 * {@code summary.json} (settings, counts and the verdict on each target), {@code report.md} and
 * PNG plots per system (error over time, error against drop rate, CPU per event).
 *
 * <p>The targets are judged on the numbers as measured, at the drop rate nearest 30 %: the LTC's
 * MSE against the best LSTM's (at most 0.7 of it) with at most a fifth of its parameters; the
 * median CPU time per event of each W = 32 LSTM against each LTC's (at least 10 times); the state
 * per key of both. A target that is not met is reported as not met.
 */
public final class BenchmarkReport {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchmarkReport() {}

    /** Writes everything into {@code dir}; returns the markdown report's path. */
    public static Path write(Path dir, BenchmarkSettings settings,
            List<BenchmarkRun.SystemOutcome> outcomes, String command, double seconds)
            throws IOException {
        Files.createDirectories(dir);
        List<ResultRow> rows = new ArrayList<>();
        outcomes.forEach(o -> rows.addAll(o.rows()));
        ArrayNode report = JSON.createArrayNode();
        rows.forEach(r -> report.add(row(r)));
        JSON.writeValue(dir.resolve("report.json").toFile(), report);

        List<Verdict> verdicts = new ArrayList<>();
        for (BenchmarkRun.SystemOutcome o : outcomes) {
            verdicts.addAll(verdicts(o.system().id(), o.rows(), settings.targetDropRate()));
        }
        ObjectNode summary = JSON.createObjectNode();
        summary.put("command", command);
        summary.put("finished", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        summary.put("seconds", Math.round(seconds));
        summary.put("cores", Runtime.getRuntime().availableProcessors());
        summary.put("java", System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version"));
        summary.set("settings", JSON.valueToTree(settings.asMap()));
        ArrayNode systems = summary.putArray("systems");
        for (BenchmarkRun.SystemOutcome o : outcomes) {
            ObjectNode s = systems.addObject();
            s.put("system", o.system().id());
            s.put("published", o.published());
            s.put("validReadings", o.validReadings());
            s.put("complete", o.complete());
            s.put("streamSeconds", o.streamSeconds());
            s.set("join", JSON.valueToTree(o.joinCounts()));
            s.set("deadLetters", JSON.valueToTree(o.deadLetters()));
            s.set("forecastsPerModel", JSON.valueToTree(o.forecastsPerModel()));
        }
        ArrayNode targets = summary.putArray("targets");
        for (Verdict v : verdicts) {
            ObjectNode t = targets.addObject();
            t.put("system", v.system());
            t.put("target", v.target());
            t.put("met", v.met());
            t.put("detail", v.detail());
        }
        JSON.writeValue(dir.resolve("summary.json").toFile(), summary);

        List<String> plots = new ArrayList<>();
        for (BenchmarkRun.SystemOutcome o : outcomes) {
            plots.addAll(plots(dir, o, settings.targetDropRate()));
        }
        Path md = dir.resolve("report.md");
        Files.writeString(md, markdown(settings, outcomes, verdicts, plots, command, seconds));
        return md;
    }

    /** One row of {@code report.json}. */
    static ObjectNode row(ResultRow r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("model", r.model());
        o.put("family", r.family());
        o.put("params", r.params());
        o.put("system", r.system());
        o.put("dropRate", r.dropRate());
        if (r.window() > 0) {
            o.put("window", r.window());
        } else {
            o.putNull("window");
        }
        o.put("logDelta", r.logDelta());
        o.put("units", r.units());
        o.put("records", r.records());
        num(o, "mse", r.mse());
        num(o, "nmse", r.nmse());
        num(o, "smape", r.smape());
        num(o, "persistenceMse", r.persistenceMse());
        o.put("cpuNsP50", r.cpuNsP50());
        o.put("cpuNsP99", r.cpuNsP99());
        num(o, "cpuNsMean", r.cpuNsMean());
        o.put("stateBytesPerKey", r.stateBytesPerKey());
        num(o, "recordsPerSecond", r.recordsPerSecond());
        ArrayNode gaps = o.putArray("errorByGap");
        for (ModelMetrics.GapBin b : r.errorByGap()) {
            ObjectNode g = gaps.addObject();
            g.put("gapFrom", b.lo());
            num(g, "gapTo", b.hi());
            g.put("values", b.values());
            num(g, "mse", b.mse());
        }
        ArrayNode time = o.putArray("errorOverTime");
        for (ModelMetrics.TimeBucket b : r.errorOverTime()) {
            ObjectNode g = time.addObject();
            g.put("from", b.start());
            g.put("values", b.values());
            num(g, "mse", b.mse());
        }
        num(o, "trainingSeconds", r.trainingSeconds());
        o.put("trainingEpochs", r.trainingEpochs());
        o.put("bestEpoch", r.bestEpoch());
        o.put("modelId", r.modelId());
        return o;
    }

    private static void num(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }

    /** One target's verdict for one system, with the numbers it rests on. */
    record Verdict(String system, String target, boolean met, String detail) {}

    /** The verdicts of one system at the target drop rate. */
    static List<Verdict> verdicts(String system, List<ResultRow> rows, double dropRate) {
        List<ResultRow> at = rows.stream().filter(r -> r.dropRate() == dropRate).toList();
        List<Verdict> out = new ArrayList<>();
        Optional<ResultRow> best = at.stream().filter(ResultRow::isLstm)
                .min(Comparator.comparingDouble(ResultRow::mse));
        List<ResultRow> ltcs = at.stream().filter(ResultRow::isLtc).toList();
        String pct = String.format(Locale.ROOT, "%.0f %% drops", dropRate * 100);
        if (best.isPresent()) {
            ResultRow b = best.get();
            for (ResultRow l : ltcs) {
                double mseRatio = l.mse() / b.mse();
                double paramRatio = (double) l.params() / b.params();
                out.add(new Verdict(system, "accuracy: " + l.model() + " MSE ≤ 0.7 × best LSTM's"
                        + " with ≤ 1/5 of its parameters (" + pct + ")",
                        mseRatio <= 0.7 && paramRatio <= 0.2,
                        String.format(Locale.ROOT, "%s MSE %.4g (%,d params) vs best LSTM %s MSE"
                                        + " %.4g (%,d params): MSE ratio %.2f, parameter ratio"
                                        + " %.3f", l.model(), l.mse(), l.params(), b.model(),
                                b.mse(), b.params(), mseRatio, paramRatio)));
            }
        }
        for (ResultRow l : ltcs) {
            for (ResultRow w : at.stream().filter(r -> r.isLstm() && r.window() == 32).toList()) {
                double ratio = (double) w.cpuNsP50() / Math.max(1, l.cpuNsP50());
                out.add(new Verdict(system, "cpu: " + w.model() + " ≥ 10 × " + l.model()
                        + " per event (median)", ratio >= 10,
                        String.format(Locale.ROOT, "%s %,d ns vs %s %,d ns: ratio %.1f",
                                w.model(), w.cpuNsP50(), l.model(), l.cpuNsP50(), ratio)));
            }
        }
        for (ResultRow r : at) {
            if (r.isLtc() || (r.isLstm() && r.window() == 32)) {
                out.add(new Verdict(system, "state: " + r.model() + " bytes per key", true,
                        String.format(Locale.ROOT, "%,d bytes", r.stateBytesPerKey())));
            }
        }
        return out;
    }

    private static String markdown(BenchmarkSettings s, List<BenchmarkRun.SystemOutcome> outcomes,
            List<Verdict> verdicts, List<String> plots, String command, double seconds) {
        StringBuilder md = new StringBuilder();
        md.append("# Sidecar benchmark: the LTC operator against a windowed LSTM, live\n\n");
        md.append("Command: `").append(command).append("`\n\n");
        md.append(String.format(Locale.ROOT,
                "Run: %s, %.0f s on %d cores (%s %s), settings `%s`.%n%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), seconds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), s.label()));
        md.append("Both jobs read the same Kafka topic with their own consumer groups, on their own"
                + " local MiniClusters (RocksDB, checkpoints, no Kryo): the LTC job runs the LTC"
                + " operator once per stateful model (LTC, CfC: one cell step per record across"
                + " the real gap; the fully connected LTC twice, with the same weights: exact"
                + " sigmoids, and as \"-fast\" with the vectorised ones that reproduce ncps to"
                + " 1e-12 as well); the sidecar runs the windowed LSTM once per variant (W cell"
                + " steps per record from the zero state, with or without log Δ as an input)."
                + " The comparator joins every forecast with the reading on (key, event time) and"
                + " scores a record only when every model forecast it, after each key's first "
                + s.warmUp() + " readings; so all models are measured on the same records.\n\n");
        md.append(String.format(Locale.ROOT, "Data: %s, %d sensors per drop rate × %s, %d readings"
                        + " each, jitter %.0f %%, relative noise %.2f; a few undecodable, NaN and"
                        + " late records mixed in. Data time unit: the nominal sampling period"
                        + " (Δ = 1 per nominal step); each model's own time unit is its training"
                        + " series' median gap in those units, stored in its file. Training: %d"
                        + " samples per system from one trajectory thinned at the same drop"
                        + " rates; every model %d epochs at most (`ltc train` has %d; patience"
                        + " %d), Adam lr %s with the %s schedule, clip 1, 256 targets per"
                        + " update, 20 %% validation, best weights kept; LTC and CfC as `ltc"
                        + " train` makes them (mixed memory; the LTC with log Δ as an input).%n%n",
                s.systems().stream().map(k -> k.id()).collect(Collectors.joining(" and ")),
                s.sensorsPerCondition(), dropList(s.dropRates()), s.readingsPerSensor(),
                s.jitter() * 100, s.noise(), s.trainSamples(), s.epochs(),
                TrainingDefaults.EPOCHS, s.patience(),
                TrainingDefaults.learningRate(CellKind.LTC, true), TrainingDefaults.SCHEDULE_NAME));
        md.append("CPU time is the thread CPU time of the model's computation per record,"
                + " measured where the step runs (input preparation, cell step(s),"
                + " de-normalisation), including the cost of reading the clock. State is the"
                + " serialized size of one key's value state. Records/s is how fast a model's"
                + " forecasts reached the comparator while all models shared the machine; the"
                + " models of one job share its source, so the slowest sets the pace of all.\n\n");

        md.append(String.format(Locale.ROOT, "## In short (at %.0f %% drops)%n%n",
                s.targetDropRate() * 100));
        for (BenchmarkRun.SystemOutcome o : outcomes) {
            md.append(inShort(o.system().id(), o.rows(), s.targetDropRate()));
        }
        md.append('\n');

        md.append(String.format(Locale.ROOT, "## Targets (at %.0f %% drops)%n%n",
                s.targetDropRate() * 100));
        md.append("| system | target | met | numbers |\n|---|---|---|---|\n");
        for (Verdict v : verdicts) {
            md.append(String.format("| %s | %s | %s | %s |%n", v.system(), v.target(),
                    v.target().startsWith("state") ? "reported" : v.met() ? "**yes**" : "**no**",
                    v.detail()));
        }
        md.append('\n');

        for (BenchmarkRun.SystemOutcome o : outcomes) {
            systemSection(md, s, o);
        }
        md.append("## Plots\n\n");
        for (String p : plots) {
            md.append("![").append(p).append("](").append(p).append(")\n\n");
        }
        return md.toString();
    }

    /** A few plain sentences on one system: the best of each side, the cost ratios, the state. */
    static String inShort(String system, List<ResultRow> rows, double dropRate) {
        List<ResultRow> at = rows.stream().filter(r -> r.dropRate() == dropRate).toList();
        Optional<ResultRow> ltc = at.stream().filter(ResultRow::isLtc)
                .min(Comparator.comparingDouble(ResultRow::mse));
        Optional<ResultRow> lstm = at.stream().filter(ResultRow::isLstm)
                .min(Comparator.comparingDouble(ResultRow::mse));
        Optional<ResultRow> best = at.stream().min(Comparator.comparingDouble(ResultRow::mse));
        if (ltc.isEmpty() || lstm.isEmpty()) {
            return "";
        }
        ResultRow l = ltc.get();
        ResultRow w = lstm.get();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "- **%s**: the best LTC, %s (%,d params), has MSE"
                        + " %.4g, %.2f × the best LSTM's, %s (%,d params, MSE %.4g), with %.3f of"
                        + " its parameters: the accuracy target is %s. The most accurate model"
                        + " overall is %s (%s, %,d params, MSE %.4g).",
                system, l.model(), l.params(), l.mse(), l.mse() / w.mse(), w.model(),
                w.params(), w.mse(), (double) l.params() / w.params(),
                l.mse() <= 0.7 * w.mse() && l.params() * 5 <= w.params() ? "met" : "not met",
                best.get().model(), best.get().family(), best.get().params(),
                best.get().mse()));
        Optional<ResultRow> blind = at.stream().filter(r -> r.isLstm() && !r.logDelta())
                .min(Comparator.comparingDouble(ResultRow::mse));
        if (blind.isPresent()) {
            sb.append(String.format(Locale.ROOT, " Without the gap as an input the best LSTM,"
                            + " %s (%,d params), has MSE %.4g: %s's is %.2f × that.",
                    blind.get().model(), blind.get().params(), blind.get().mse(), l.model(),
                    l.mse() / blind.get().mse()));
        }
        List<ResultRow> w32 = at.stream().filter(r -> r.isLstm() && r.window() == 32).toList();
        for (ResultRow t : at.stream().filter(ResultRow::isLtc).toList()) {
            double lo = w32.stream().mapToDouble(r -> (double) r.cpuNsP50() / t.cpuNsP50())
                    .min().orElse(Double.NaN);
            double hi = w32.stream().mapToDouble(r -> (double) r.cpuNsP50() / t.cpuNsP50())
                    .max().orElse(Double.NaN);
            sb.append(String.format(Locale.ROOT, " Median CPU per event of the W = 32 LSTMs is"
                            + " %.1f–%.1f × %s's (%,d ns).", lo, hi, t.model(), t.cpuNsP50()));
        }
        sb.append(String.format(Locale.ROOT, " State per key: %s %,d B, W = 32 LSTM %,d B.%n",
                l.model(), l.stateBytesPerKey(),
                w32.isEmpty() ? 0 : w32.get(0).stateBytesPerKey()));
        return sb.toString();
    }

    private static void systemSection(StringBuilder md, BenchmarkSettings s,
            BenchmarkRun.SystemOutcome o) {
        List<ResultRow> rows = o.rows();
        List<String> models = rows.stream().map(ResultRow::model).distinct().toList();
        TreeSet<Double> drops = rows.stream().map(ResultRow::dropRate)
                .collect(Collectors.toCollection(TreeSet::new));
        md.append("## ").append(o.system().id()).append("\n\n");
        md.append(String.format(Locale.ROOT, "%,d records published (%,d valid readings); %s in"
                        + " %.0f s; comparator: %s; dead letters (distinct per job): %s.%n%n",
                o.published(), o.validReadings(),
                o.complete() ? "every model forecast every valid reading"
                        : "NOT every model finished before the stall timeout",
                o.streamSeconds(), o.joinCounts(), o.deadLetters()));
        md.append("### MSE by drop rate (raw units; persistence = repeat the last reading)\n\n");
        md.append("| model | params |");
        drops.forEach(d -> md.append(String.format(Locale.ROOT, " %.0f %% |", d * 100)));
        md.append("\n|---|---:|");
        drops.forEach(d -> md.append("---:|"));
        md.append('\n');
        for (String m : models) {
            ResultRow any = find(rows, m, drops.first());
            md.append(String.format(Locale.ROOT, "| %s | %,d |", m, any.params()));
            for (double d : drops) {
                ResultRow r = find(rows, m, d);
                md.append(r == null ? " – |" : String.format(Locale.ROOT, " %.4g |", r.mse()));
            }
            md.append('\n');
        }
        md.append("| persistence | 0 |");
        for (double d : drops) {
            md.append(String.format(Locale.ROOT, " %.4g |",
                    find(rows, models.get(0), d).persistenceMse()));
        }
        md.append("\n\n");

        double target = s.targetDropRate();
        md.append(String.format(Locale.ROOT, "### At %.0f %% drops: accuracy and cost%n%n",
                target * 100));
        md.append("| model | params | MSE | nMSE | sMAPE % | CPU p50 ns | CPU p99 ns |"
                + " state B/key | records/s | train s | epochs (best) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String m : models) {
            ResultRow r = find(rows, m, target);
            if (r == null) {
                continue;
            }
            md.append(String.format(Locale.ROOT,
                    "| %s | %,d | %.4g | %.4f | %.2f | %,d | %,d | %,d | %,.0f | %.0f | %d (%d)"
                            + " |%n",
                    r.model(), r.params(), r.mse(), r.nmse(), r.smape(), r.cpuNsP50(),
                    r.cpuNsP99(), r.stateBytesPerKey(), r.recordsPerSecond(),
                    r.trainingSeconds(), r.trainingEpochs(), r.bestEpoch()));
        }
        md.append('\n');

        md.append(String.format(Locale.ROOT,
                "### MSE by gap length at %.0f %% drops (gap in sampling periods)%n%n",
                target * 100));
        ResultRow first = find(rows, models.get(0), target);
        if (first != null) {
            md.append("| model |");
            for (ModelMetrics.GapBin b : first.errorByGap()) {
                md.append(Double.isInfinite(b.hi())
                        ? String.format(Locale.ROOT, " ≥ %.1f |", b.lo())
                        : String.format(Locale.ROOT, " %.1f–%.1f |", b.lo(), b.hi()));
            }
            md.append("\n|---|");
            first.errorByGap().forEach(b -> md.append("---:|"));
            md.append("\n| (values) |");
            first.errorByGap().forEach(b -> md.append(String.format(" %d |", b.values())));
            md.append('\n');
            for (String m : models) {
                ResultRow r = find(rows, m, target);
                md.append("| ").append(m).append(" |");
                for (ModelMetrics.GapBin b : r.errorByGap()) {
                    md.append(b.values() == 0 ? " – |"
                            : String.format(Locale.ROOT, " %.4g |", b.mse()));
                }
                md.append('\n');
            }
            md.append('\n');
        }
    }

    private static ResultRow find(List<ResultRow> rows, String model, double drop) {
        for (ResultRow r : rows) {
            if (r.model().equals(model) && r.dropRate() == drop) {
                return r;
            }
        }
        return null;
    }

    private static String dropList(double[] d) {
        List<String> out = new ArrayList<>();
        for (double x : d) {
            out.add(String.format(Locale.ROOT, "%.0f", x * 100));
        }
        return String.join(" / ", out) + " %";
    }

    /** The three plots of a system; returns their file names. */
    private static List<String> plots(Path dir, BenchmarkRun.SystemOutcome o, double target)
            throws IOException {
        List<String> names = new ArrayList<>();
        String sys = o.system().id();
        List<ResultRow> rows = o.rows();
        List<String> models = rows.stream().map(ResultRow::model).distinct().toList();

        XYChart time = new XYChartBuilder().width(1100).height(600)
                .title(String.format(Locale.ROOT, "%s, %.0f %% drops: MSE over event time",
                        sys, target * 100))
                .xAxisTitle("event time since start (s)").yAxisTitle("MSE per bucket").build();
        time.getStyler().setYAxisLogarithmic(true);
        time.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        long t0 = rows.stream().filter(r -> r.dropRate() == target)
                .flatMap(r -> r.errorOverTime().stream()).mapToLong(ModelMetrics.TimeBucket::start)
                .min().orElse(0);
        for (String m : models) {
            ResultRow r = find(rows, m, target);
            if (r == null) {
                continue;
            }
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (ModelMetrics.TimeBucket b : r.errorOverTime()) {
                if (b.mse() > 0) {
                    x.add((b.start() - t0) / 1000.0);
                    y.add(b.mse());
                }
            }
            if (!x.isEmpty()) {
                time.addSeries(m, x, y).setMarker(SeriesMarkers.NONE);
            }
        }
        names.add(save(time, dir, "error-over-time-" + sys));

        XYChart drops = new XYChartBuilder().width(1100).height(600)
                .title(sys + ": MSE against drop rate").xAxisTitle("drop rate (%)")
                .yAxisTitle("MSE").build();
        drops.getStyler().setYAxisLogarithmic(true);
        drops.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (String m : models) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            rows.stream().filter(r -> r.model().equals(m) && r.mse() > 0)
                    .sorted(Comparator.comparingDouble(ResultRow::dropRate)).forEach(r -> {
                        x.add(r.dropRate() * 100);
                        y.add(r.mse());
                    });
            if (!x.isEmpty()) {
                drops.addSeries(m, x, y);
            }
        }
        names.add(save(drops, dir, "error-vs-drop-rate-" + sys));

        CategoryChart cpu = new CategoryChartBuilder().width(1100).height(600)
                .title(String.format(Locale.ROOT, "%s, %.0f %% drops: CPU time per event",
                        sys, target * 100))
                .xAxisTitle("model").yAxisTitle("thread CPU ns per forecast").build();
        cpu.getStyler().setYAxisLogarithmic(true);
        cpu.getStyler().setXAxisLabelRotation(45);
        cpu.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        Map<String, Double> p50 = new LinkedHashMap<>();
        Map<String, Double> p99 = new LinkedHashMap<>();
        for (String m : models) {
            ResultRow r = find(rows, m, target);
            if (r != null && r.cpuNsP50() > 0) {
                p50.put(m, (double) r.cpuNsP50());
                p99.put(m, (double) Math.max(r.cpuNsP99(), r.cpuNsP50()));
            }
        }
        if (!p50.isEmpty()) {
            // Bars start at the axis minimum; a log axis needs it positive.
            double lowest = p50.values().stream().mapToDouble(Double::doubleValue).min()
                    .getAsDouble();
            cpu.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(lowest))));
            cpu.addSeries("p50", new ArrayList<>(p50.keySet()), new ArrayList<>(p50.values()));
            cpu.addSeries("p99", new ArrayList<>(p99.keySet()), new ArrayList<>(p99.values()));
            names.add(save(cpu, dir, "cpu-per-event-" + sys));
        }
        return names;
    }

    private static String save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path dir,
            String name) throws IOException {
        BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(),
                BitmapEncoder.BitmapFormat.PNG);
        return name + ".png";
    }
}
