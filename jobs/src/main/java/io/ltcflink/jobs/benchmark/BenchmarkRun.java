package io.ltcflink.jobs.benchmark;

import io.ltcflink.core.data.SystemKind;
import io.ltcflink.flink.LtcKeyedFunction;
import io.ltcflink.core.engine.ResidualScaleScorer;
import io.ltcflink.core.engine.Scorer;
import io.ltcflink.jobs.kafka.StandaloneKafka;
import io.ltcflink.jobs.sidecar.WindowedLstmFunction;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One benchmark run: per system, train or load the models, start the LTC job and the LSTM
 * sidecar on the same input topic, start the comparator, stream the generator's readings
 * (every drop rate at once, each sensor its own condition), wait until every model has forecast
 * every valid reading, stop the jobs and collect one {@link ResultRow} per model and drop rate.
 * Then {@link BenchmarkReport} writes the report.
 */
public final class BenchmarkRun {

    /** What one system's run produced besides the rows. */
    public record SystemOutcome(
            SystemKind system,
            List<ResultRow> rows,
            Map<String, Long> joinCounts,
            Map<String, Map<String, Long>> deadLetters,
            long published,
            long validReadings,
            Map<String, Long> forecastsPerModel,
            double streamSeconds,
            boolean complete) {}

    private final BenchmarkSettings settings;
    private final Path outDir;
    private final Path loadModels;
    private final String bootstrap;
    private final PrintStream log;

    /**
     * @param outDir where the report, the plots and the trained models go
     * @param loadModels a folder of models from an earlier run to reuse where they match, or null
     * @param bootstrap an existing Kafka broker to use, or null to start one (child JVM)
     */
    public BenchmarkRun(BenchmarkSettings settings, Path outDir, Path loadModels, String bootstrap,
            PrintStream log) {
        this.settings = settings;
        this.outDir = outDir;
        this.loadModels = loadModels;
        this.bootstrap = bootstrap;
        this.log = log;
    }

    /** Runs everything and writes the report; returns the outcome of every system. */
    public List<SystemOutcome> run(String command) throws Exception {
        long start = System.nanoTime();
        Files.createDirectories(outDir);
        Path work = Files.createTempDirectory("ltc-benchmark");
        List<SystemOutcome> outcomes = new ArrayList<>();
        if (bootstrap != null) {
            for (SystemKind s : settings.systems()) {
                outcomes.add(runSystem(s, bootstrap, work));
            }
        } else {
            say("starting a Kafka broker (KRaft, child JVM) ...");
            try (StandaloneKafka kafka = StandaloneKafka.startChild(work.resolve("kafka"), 0,
                    Duration.ofSeconds(90))) {
                say("broker %s", kafka.bootstrap());
                for (SystemKind s : settings.systems()) {
                    outcomes.add(runSystem(s, kafka.bootstrap(), work));
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Path report = BenchmarkReport.write(outDir, settings, outcomes, command, seconds);
        say("done in %.0f s: %s", seconds, report.toAbsolutePath());
        return outcomes;
    }

    private SystemOutcome runSystem(SystemKind system, String broker, Path work) throws Exception {
        say("%s: preparing %d models (same data, same budget) ...", system.id(),
                ModelSpec.all(settings).size());
        List<BenchmarkModels.Trained> models = BenchmarkModels.prepare(system, settings,
                loadModels, outDir.resolve("models"), log);
        List<BenchmarkModels.Trained> ltc = new ArrayList<>();
        List<BenchmarkModels.Trained> lstm = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (BenchmarkModels.Trained m : models) {
            (m.spec().windowed() ? lstm : ltc).add(m);
            String clash = names.put(m.model().id(), m.spec().name());
            if (clash != null) {
                throw new IllegalStateException(String.format(
                        "models %s and %s have the same id %s: the comparator could not tell"
                                + " them apart", clash, m.spec().name(), m.model().id()));
            }
        }
        List<String> order = models.stream().map(m -> m.spec().name()).toList();

        String suffix = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        BenchmarkJobs.Topics topics = BenchmarkJobs.Topics.of(
                "bench-" + system.id() + "-" + suffix);
        createTopics(broker, topics);
        List<BenchmarkData.Outgoing> stream = BenchmarkData.stream(system, settings,
                BenchmarkData.epochBefore(System.currentTimeMillis(), system, settings));
        long valid = stream.stream().filter(o -> o.kind() == BenchmarkData.Kind.VALID).count();

        double period = system.defaultPeriod();
        long spanMillis = Math.round(settings.readingsPerSensor() * period
                * settings.millisPerUnit() / (1 - max(settings.dropRates())));
        ForecastJoin join = ForecastJoin.builder(order)
                .conditionOf(BenchmarkData::condition)
                .warmUp(settings.warmUp())
                // Model time is in nominal periods: bins of one, two, three, four-five, six+.
                .gapEdges(1.5, 2.5, 3.5, 5.5)
                .timeBucketMillis(Math.max(1, spanMillis / 40))
                .build();
        ComparatorConsumer comparator = new ComparatorConsumer(broker, topics.input(),
                Map.of("ltc", topics.ltcForecasts(), "lstm", topics.lstmForecasts()),
                Map.of("ltc", topics.ltcDeadLetters(), "lstm", topics.lstmDeadLetters()),
                names, join);
        Thread comparatorThread = new Thread(comparator, "benchmark-comparator");
        comparatorThread.setDaemon(true);
        comparatorThread.start();

        Duration unit = BenchmarkData.modelTimeUnit(system, settings);
        JobClient ltcJob = BenchmarkJobs.startLtcJob(broker, topics, ltc, unit, work);
        JobClient lstmJob = BenchmarkJobs.startSidecarJob(broker, topics, lstm, unit, work);
        say("%s: LTC job %s (%d models) and LSTM sidecar %s (%d models) on %s", system.id(),
                ltcJob.getJobID(), ltc.size(), lstmJob.getJobID(), lstm.size(), topics.input());
        long t0 = System.nanoTime();
        boolean complete;
        try {
            publish(broker, topics.input(), stream);
            say("%s: published %,d records (%,d valid readings, 9 bad) in %.1f s", system.id(),
                    stream.size(), valid, (System.nanoTime() - t0) / 1e9);
            complete = await(system, join, comparator, order, valid, t0);
            if (!complete) {
                say("%s: records on the output topics (uncommitted/committed): %s", system.id(),
                        endOffsets(broker, topics.outputs()));
            }
        } finally {
            cancel(ltcJob);
            cancel(lstmJob);
        }
        double streamSeconds = (System.nanoTime() - t0) / 1e9;
        // Dead letters leave with the last forecasts; give them a moment to arrive.
        Thread.sleep(1500);
        comparator.stop();
        comparatorThread.join(10_000);
        if (comparator.failure() != null) {
            throw new IllegalStateException("the comparator failed", comparator.failure());
        }
        Map<String, Long> forecasts = new LinkedHashMap<>();
        for (String m : order) {
            forecasts.put(m, join.received(m));
        }
        List<ResultRow> rows = rows(system, models, join);
        Map<String, Long> counts = join.counts();
        say("%s: %s; dead letters %s", system.id(), counts, comparator.deadLetters());
        return new SystemOutcome(system, rows, counts, comparator.deadLetters(), stream.size(),
                valid, forecasts, streamSeconds, complete);
    }

    private static double max(double[] v) {
        double m = v[0];
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private List<ResultRow> rows(SystemKind system, List<BenchmarkModels.Trained> models,
            ForecastJoin join) {
        Scorer scorer = ResidualScaleScorer.defaults();
        int channels = system.dimension();
        List<ResultRow> rows = new ArrayList<>();
        for (String condition : join.conditions()) {
            double variance = join.actualVariance(condition);
            ModelMetrics persistence = join.persistence(condition);
            for (BenchmarkModels.Trained t : models) {
                ModelMetrics m = join.metrics(t.spec().name(), condition);
                if (m == null) {
                    continue;
                }
                int outputs = t.model().cell().outputSize();
                int state = t.spec().windowed()
                        ? WindowedLstmFunction.stateBytesPerKey(t.spec().window(), channels,
                                outputs, scorer)
                        : LtcKeyedFunction.stateBytesPerKey(t.model(), channels, outputs, scorer);
                rows.add(new ResultRow(t.spec().name(), t.spec().family().id(), t.params(),
                        system.id(), BenchmarkData.dropRate(condition), t.spec().window(),
                        t.spec().logDelta(), t.spec().units(), m.records(), m.mse(),
                        m.mse() / variance, m.smape(),
                        persistence == null ? Double.NaN : persistence.mse(),
                        m.cpuNanosPercentile(50), m.cpuNanosPercentile(99), m.cpuNanosMean(),
                        state, join.receivedPerSecond(t.spec().name()), m.gapBins(),
                        m.timeBuckets(), t.trainingSeconds(), t.epochs(), t.bestEpoch(),
                        t.model().id()));
            }
        }
        rows.sort(java.util.Comparator.comparingDouble(ResultRow::dropRate));
        return rows;
    }

    /** Waits until every model delivered a forecast per valid reading, or progress stalls. */
    private boolean await(SystemKind system, ForecastJoin join, ComparatorConsumer comparator,
            List<String> models, long valid, long t0) throws InterruptedException {
        long lastReport = 0;
        while (true) {
            Thread.sleep(500);
            long slowest = Long.MAX_VALUE;
            String slowestModel = null;
            for (String m : models) {
                long n = join.received(m);
                if (n < slowest) {
                    slowest = n;
                    slowestModel = m;
                }
            }
            long now = System.nanoTime();
            if (slowest >= valid) {
                say("%s: every model forecast all %,d valid readings (%.0f s)", system.id(), valid,
                        (now - t0) / 1e9);
                return true;
            }
            if (comparator.failure() != null) {
                throw new IllegalStateException("the comparator failed", comparator.failure());
            }
            if (now - comparator.progressNanos() > settings.stallTimeout().toNanos()) {
                say("%s: no progress for %s; stopping with %s at %,d of %,d", system.id(),
                        settings.stallTimeout(), slowestModel, slowest, valid);
                return false;
            }
            if (now - lastReport > 10_000_000_000L) {
                lastReport = now;
                StringBuilder sb = new StringBuilder();
                for (String m : models) {
                    sb.append(String.format(Locale.ROOT, " %s %d/%.3g", m, join.received(m),
                            join.rollingMse(m)));
                }
                say("%s: t=%.0fs scored %,d; forecasts/rolling MSE:%s", system.id(),
                        (now - t0) / 1e9, join.counts().get("scored"), sb);
            }
        }
    }

    /** Per topic, the records written and the records readable by read-committed consumers. */
    private static Map<String, String> endOffsets(String broker, List<String> topics) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker))) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (String t : topics) {
                for (int p = 0; p < 2; p++) {
                    request.put(new TopicPartition(t, p), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> all = admin.listOffsets(
                    request, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> committed =
                    admin.listOffsets(request, new ListOffsetsOptions(
                            IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS);
            for (String t : topics) {
                long a = 0;
                long c = 0;
                for (int p = 0; p < 2; p++) {
                    a += all.get(new TopicPartition(t, p)).offset();
                    c += committed.get(new TopicPartition(t, p)).offset();
                }
                out.put(t, a + "/" + c);
            }
        } catch (Exception e) {
            out.put("error", e.toString());
        }
        return out;
    }

    private static void cancel(JobClient job) {
        try {
            job.cancel().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Already finished or failed: nothing left to stop.
        }
    }

    private static void createTopics(String broker, BenchmarkJobs.Topics t) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker))) {
            List<NewTopic> nt = new ArrayList<>();
            // Event times are the records' Kafka timestamps; keep every record whatever its age.
            Map<String, String> keep = Map.of("retention.ms", "-1");
            nt.add(new NewTopic(t.input(), 2, (short) 1).configs(keep));
            for (String o : t.outputs()) {
                nt.add(new NewTopic(o, 2, (short) 1).configs(keep));
            }
            admin.createTopics(nt).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static void publish(String broker, String topic, List<BenchmarkData.Outgoing> stream)
            throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (BenchmarkData.Outgoing o : stream) {
                producer.send(new ProducerRecord<>(topic, null, o.timestamp(),
                        o.key().getBytes(StandardCharsets.UTF_8), o.value()));
            }
            producer.flush();
        }
    }

    private void say(String template, Object... args) {
        log.printf(Locale.ROOT, "[benchmark] " + template + "%n", args);
        log.flush();
    }
}
