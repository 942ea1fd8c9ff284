package io.ltcflink.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltcflink.core.stats.Stats;
import io.ltcflink.flink.SensorReading;
import io.ltcflink.jobs.demo.DemoCommandSupport;
import io.ltcflink.jobs.generate.ReadingPublisher;
import io.ltcflink.jobs.generate.SensorStream;
import io.ltcflink.jobs.kafka.JobConfig;
import io.ltcflink.jobs.kafka.JobOptions;
import io.ltcflink.jobs.kafka.JobOptions.Delivery;
import io.ltcflink.jobs.kafka.KafkaAnomalyJob;
import io.ltcflink.jobs.kafka.StandaloneKafka;
import io.ltcflink.jobs.kafka.WireFormat;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * End-to-end latency of the Kafka anomaly job: a KRaft broker (child JVM), the job on a local
 * MiniCluster with RocksDB as {@code ltc job} runs it, readings produced at a steady rate with
 * their send time as event time, and the forecast topic read back. A forecast's latency is the
 * moment a consumer's poll returned it minus the moment its reading (same key and timestamp) was
 * handed to the producer, both on this JVM's monotonic clock.
 */
public final class LatencyBenchmark {

    /** What to run. */
    public record Settings(double rate, Duration duration, Delivery delivery,
            Duration checkpointInterval, int sensors, Duration warmUp, int parallelism,
            Path model, Duration drainTimeout, Duration bufferTimeout) {

        public Settings {
            if (!(rate > 0) || duration.isNegative() || duration.isZero() || sensors < 1
                    || warmUp.isNegative() || bufferTimeout.isNegative() || parallelism < 1
                    || checkpointInterval.isNegative() || checkpointInterval.isZero()) {
                throw new IllegalArgumentException(String.format(
                        "need a positive rate, duration, checkpoint interval, sensors and"
                                + " parallelism and a warm-up and buffer timeout >= 0: rate %s,"
                                + " duration %s, checkpoint interval %s, sensors %s, parallelism"
                                + " %s, warm-up %s, buffer timeout %s",
                        rate, duration, checkpointInterval, sensors, parallelism, warmUp,
                        bufferTimeout));
            }
        }
    }

    private static final String TOPIC = "latency-readings";

    private LatencyBenchmark() {}

    /** Runs the benchmark; progress goes to {@code log}; returns the JSON report. */
    public static ObjectNode run(Settings s, PrintStream log) throws Exception {
        Path work = Files.createTempDirectory("ltc-latency");
        Path model = s.model() != null ? s.model() : DemoCommandSupport.bundledModel(work);
        try (StandaloneKafka kafka = StandaloneKafka.startChild(work.resolve("kafka"), 0,
                Duration.ofSeconds(180))) {
            JobConfig cfg = DemoCommandSupport.jobConfig(kafka.bootstrap(), model, TOPIC,
                    s.delivery(), s.parallelism(), work, s.checkpointInterval())
                    .toBuilder().set(JobOptions.BUFFER_TIMEOUT, s.bufferTimeout()).build()
                    .requireValid("bench latency");
            kafka.createTopics(s.parallelism(), TOPIC);
            kafka.createTopics(1, cfg.forecastTopic(), cfg.alertTopic(), cfg.deadLetterTopic());
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                    s.parallelism(), KafkaAnomalyJob.flinkConfiguration(cfg));
            KafkaAnomalyJob.build(env, cfg);
            JobClient job = env.executeAsync("ltc latency benchmark");
            try {
                awaitRunning(job);
                log.printf("broker %s, job %s running (%s, checkpoints every %s, buffer timeout %s)%n",
                        kafka.bootstrap(), job.getJobID(), s.delivery(), s.checkpointInterval(),
                        s.bufferTimeout());
                return measure(s, kafka.bootstrap(), cfg.forecastTopic(), log);
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static void awaitRunning(JobClient job) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (job.getJobStatus().get() != JobStatus.RUNNING) {
            if (System.nanoTime() > end || job.getJobStatus().get().isGloballyTerminalState()) {
                throw new IllegalStateException("the job did not start: " + job.getJobStatus().get());
            }
            Thread.sleep(100);
        }
    }

    private static ObjectNode measure(Settings s, String bootstrap, String forecastTopic,
            PrintStream log) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long[] firstSend = {Long.MIN_VALUE};
        ForecastReader reader = new ForecastReader(bootstrap, forecastTopic, sentAt,
                s.delivery() == Delivery.EXACTLY_ONCE);
        Thread readerThread = new Thread(reader, "latency-reader");
        readerThread.setDaemon(true);
        readerThread.start();

        SensorStream values = new SensorStream(new SensorStream.Settings("lorenz", s.sensors(),
                0.05, 0, 0, 0, 5, 0.01, 0, 0, 0, 7, System.currentTimeMillis(), 1000.0), i -> { });
        // The job is running once it has answered one probe reading; only then does the paced
        // stream start, so the warm-up is spent on the job's settling, not on its start-up.
        SensorReading probe = new SensorReading("probe", System.currentTimeMillis(),
                new double[values.channels()]);
        new ReadingPublisher(bootstrap, TOPIC, WireFormat.AVRO, List.of(probe).iterator(), 0, 1, 0)
                .onSend((r, nanos) -> sentAt.put(id(r.key, r.timestamp), nanos))
                .run();
        long probeEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (reader.matched() < 1 && System.nanoTime() < probeEnd && reader.failure == null) {
            Thread.sleep(50);
        }
        if (reader.matched() < 1) {
            throw new IllegalStateException("the job did not answer a probe reading within 180 s");
        }
        long total = Math.round(s.rate() * (s.warmUp().toMillis() + s.duration().toMillis()) / 1000.0);
        ReadingPublisher publisher = new ReadingPublisher(bootstrap, TOPIC, WireFormat.AVRO,
                new SentNow(values), s.rate(), total, 0)
                .onSend((r, nanos) -> {
                    if (firstSend[0] == Long.MIN_VALUE) {
                        firstSend[0] = nanos;
                    }
                    sentAt.put(id(r.key, r.timestamp), nanos);
                });
        log.printf("producing %d readings of %d sensors at %.0f/s (%s warm-up, %s measured)%n",
                total, s.sensors(), s.rate(), s.warmUp(), s.duration());
        publisher.run();
        if (publisher.failure() != null) {
            throw new IllegalStateException("the producer failed: " + publisher.failure(),
                    publisher.failure());
        }
        long warmEnd = firstSend[0] + s.warmUp().toNanos();
        // Every reading gives a record on the forecast topic (a sensor's first one flagged first,
        // with no forecast values).
        long expected = publisher.sent() + 1;
        long drainEnd = System.nanoTime() + s.drainTimeout().toNanos();
        while (reader.seen() < expected && System.nanoTime() < drainEnd) {
            Thread.sleep(100);
        }
        reader.stop();
        readerThread.join(10_000);
        if (reader.failure != null) {
            throw new IllegalStateException("the forecast reader failed: " + reader.failure,
                    reader.failure);
        }

        long measuredSent = sentAt.values().stream().filter(t -> t >= warmEnd).count();
        long[] lat = reader.latencies(warmEnd);
        Arrays.sort(lat);
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("benchmark", "latency");
        o.put("latency", "forecast returned by a consumer's poll minus its reading handed to the"
                + " producer (matched by key and timestamp, one monotonic clock)");
        o.put("delivery", s.delivery().toString());
        o.put("checkpointIntervalMs", s.checkpointInterval().toMillis());
        o.put("bufferTimeoutMs", s.bufferTimeout().toMillis());
        o.put("parallelism", s.parallelism());
        o.put("sensors", s.sensors());
        o.put("rateTarget", s.rate());
        o.put("rateAchieved", publisher.achievedRate());
        o.put("sent", publisher.sent());
        o.put("warmUpExcludedSeconds", s.warmUp().toMillis() / 1000.0);
        o.put("warmUpExcludedForecasts", reader.matched() - 1 - lat.length);
        o.put("measuredSeconds", s.duration().toMillis() / 1000.0);
        o.put("count", lat.length);
        o.put("measuredReadings", measuredSent);
        o.put("missing", Math.max(0, measuredSent - lat.length));
        o.put("unmatched", reader.unmatched());
        o.put("duplicates", reader.duplicates());
        if (lat.length > 0) {
            o.put("p50Ms", ms(lat, 50));
            o.put("p90Ms", ms(lat, 90));
            o.put("p99Ms", ms(lat, 99));
            o.put("p999Ms", ms(lat, 99.9));
            o.put("maxMs", lat[lat.length - 1] / 1000.0);
            o.put("meanMs", Arrays.stream(lat).average().getAsDouble() / 1000.0);
        }
        // The median and the 99th percentile of the readings sent in each second, warm-up
        // included: how the job settles, whether it keeps up, and whether slow records come in
        // bursts (a checkpoint, a pause) or are spread evenly.
        var p50BySecond = o.putArray("p50BySecondMs");
        var p99BySecond = o.putArray("p99BySecondMs");
        for (long[] second : reader.bySecond(firstSend[0])) {
            Arrays.sort(second);
            p50BySecond.add(second.length == 0 ? null : ms(second, 50));
            p99BySecond.add(second.length == 0 ? null : ms(second, 99));
        }
        return o;
    }

    private static double ms(long[] sortedMicros, double p) {
        return Stats.percentileNearestRank(sortedMicros, sortedMicros.length, p) / 1000.0;
    }

    static String id(String key, long timestamp) {
        return key + '@' + timestamp;
    }

    /**
     * The generator's readings with the wall clock at hand-off as their timestamp (strictly
     * increasing per sensor), so that event time follows the send time.
     */
    private static final class SentNow implements Iterator<SensorReading> {
        private final SensorStream values;
        private final Map<String, Long> last = new HashMap<>();

        SentNow(SensorStream values) {
            this.values = values;
        }

        @Override
        public boolean hasNext() {
            return values.hasNext();
        }

        @Override
        public SensorReading next() {
            SensorReading r = values.next();
            long now = System.currentTimeMillis();
            Long prev = last.get(r.key);
            long ts = prev == null || now > prev ? now : prev + 1;
            last.put(r.key, ts);
            return new SensorReading(r.key, ts, r.values);
        }
    }

    /** Reads the forecast topic and matches every forecast with its reading's send time. */
    private static final class ForecastReader implements Runnable {
        private final Properties props = new Properties();
        private final String topic;
        private final Map<String, Long> sentAt;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final Set<String> received = new HashSet<>();
        private long[] sendNanos = new long[1 << 16];
        private long[] latencyMicros = new long[1 << 16];
        private volatile int matched;
        private volatile long unmatched;
        private volatile long duplicates;
        volatile Exception failure;

        ForecastReader(String bootstrap, String topic, Map<String, Long> sentAt,
                boolean readCommitted) {
            this.topic = topic;
            this.sentAt = sentAt;
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    readCommitted ? "read_committed" : "read_uncommitted");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        }

        @Override
        public void run() {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
                TopicPartition p = new TopicPartition(topic, 0);
                consumer.assign(List.of(p));
                consumer.seekToBeginning(List.of(p));
                while (!stopped.get()) {
                    ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(50));
                    long now = System.nanoTime();
                    for (ConsumerRecord<byte[], byte[]> rec : batch) {
                        take(id(new String(rec.key(), StandardCharsets.UTF_8), rec.timestamp()), now);
                    }
                }
            } catch (Exception e) {
                failure = e;
            }
        }

        private void take(String id, long now) {
            Long sent = sentAt.get(id);
            if (sent == null) {
                unmatched++;
                return;
            }
            if (!received.add(id)) {
                duplicates++;
                return;
            }
            if (matched == sendNanos.length) {
                sendNanos = Arrays.copyOf(sendNanos, matched * 2);
                latencyMicros = Arrays.copyOf(latencyMicros, matched * 2);
            }
            sendNanos[matched] = sent;
            latencyMicros[matched] = (now - sent) / 1000;
            matched++;
        }

        long seen() {
            return matched + unmatched;
        }

        int matched() {
            return matched;
        }

        long unmatched() {
            return unmatched;
        }

        long duplicates() {
            return duplicates;
        }

        void stop() {
            stopped.set(true);
        }

        /** Latencies in µs by the second after {@code start} in which their reading was sent. */
        List<long[]> bySecond(long start) {
            int seconds = 0;
            for (int i = 0; i < matched; i++) {
                seconds = Math.max(seconds, (int) ((sendNanos[i] - start) / 1_000_000_000L) + 1);
            }
            List<long[]> out = new java.util.ArrayList<>();
            for (int sec = 0; sec < seconds; sec++) {
                long from = start + sec * 1_000_000_000L;
                long to = from + 1_000_000_000L;
                out.add(java.util.stream.IntStream.range(0, matched)
                        .filter(i -> sendNanos[i] >= from && sendNanos[i] < to)
                        .mapToLong(i -> latencyMicros[i]).toArray());
            }
            return out;
        }

        /** Latencies in µs of the forecasts whose reading was sent at or after {@code from}. */
        long[] latencies(long from) {
            return java.util.stream.IntStream.range(0, matched).filter(i -> sendNanos[i] >= from)
                    .mapToLong(i -> latencyMicros[i]).toArray();
        }
    }
}
