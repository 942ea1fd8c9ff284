package io.ltcflink.jobs.benchmark;

import io.ltcflink.flink.SensorReading;
import io.ltcflink.jobs.kafka.DecodeException;
import io.ltcflink.jobs.kafka.ReadCommitted;
import io.ltcflink.jobs.kafka.ReadingCodec;
import io.ltcflink.jobs.kafka.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Feeds a {@link ForecastJoin} from Kafka: the input topic (the actual readings), each job's
 * forecast topic (Avro ForecastEvents, mapped from model id to model name) and each job's
 * dead-letter topic (counted per job and reason code; a record rejected by several models of one
 * job counts once). Polled from one thread ({@link #run}); the getters are safe from another.
 */
final class ComparatorConsumer implements Runnable {

    private final String bootstrap;
    private final String readingsTopic;
    private final Map<String, String> forecastTopics;
    private final Map<String, String> deadLetterTopics;
    private final Map<String, String> modelNames;
    private final ForecastJoin join;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Map<String, Map<String, Long>> deadLetters = new TreeMap<>();
    private final Set<String> seenDeadLetters = new HashSet<>();
    private volatile long invalidReadings;
    private volatile long progressNanos = System.nanoTime();
    private volatile RuntimeException failure;

    /**
     * @param forecastTopics job name → its forecast topic
     * @param deadLetterTopics job name → its dead-letter topic
     * @param modelNames model id → model name (as the join knows it)
     */
    ComparatorConsumer(String bootstrap, String readingsTopic, Map<String, String> forecastTopics,
            Map<String, String> deadLetterTopics, Map<String, String> modelNames,
            ForecastJoin join) {
        this.bootstrap = bootstrap;
        this.readingsTopic = readingsTopic;
        this.forecastTopics = Map.copyOf(forecastTopics);
        this.deadLetterTopics = Map.copyOf(deadLetterTopics);
        this.modelNames = Map.copyOf(modelNames);
        this.join = join;
    }

    @Override
    public void run() {
        try {
            consume();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void consume() {
        Properties p = ReadCommitted.consumer(bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-comparator-" + System.nanoTime());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        Map<String, String> jobOfForecasts = invert(forecastTopics);
        Map<String, String> jobOfDeadLetters = invert(deadLetterTopics);
        ReadingCodec codec = new ReadingCodec(WireFormat.AVRO);
        SpecificDatumReader<io.ltcflink.avro.ForecastEvent> fr =
                new SpecificDatumReader<>(io.ltcflink.avro.ForecastEvent.class);
        SpecificDatumReader<io.ltcflink.avro.DeadLetter> dr =
                new SpecificDatumReader<>(io.ltcflink.avro.DeadLetter.class);
        BinaryDecoder dec = null;
        io.ltcflink.avro.ForecastEvent event = null;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<String> topics = new java.util.ArrayList<>();
            topics.add(readingsTopic);
            topics.addAll(forecastTopics.values());
            topics.addAll(deadLetterTopics.values());
            c.subscribe(topics);
            while (!stopped.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    long now = System.nanoTime();
                    progressNanos = now;
                    String topic = r.topic();
                    if (topic.equals(readingsTopic)) {
                        reading(codec, r.value());
                    } else if (jobOfForecasts.containsKey(topic)) {
                        dec = DecoderFactory.get().binaryDecoder(r.value(), dec);
                        event = fr.read(event, dec);
                        String model = modelNames.getOrDefault(event.getModelId(),
                                "unknown:" + event.getModelId());
                        join.addForecast(model, event.getSensorId(),
                                event.getTimestamp().toEpochMilli(), event.getDt(),
                                toArray(event.getForecast()), event.getCpuNanos(),
                                event.getFlags(), now);
                    } else if (jobOfDeadLetters.containsKey(topic)) {
                        dec = DecoderFactory.get().binaryDecoder(r.value(), dec);
                        deadLetter(jobOfDeadLetters.get(topic), dr.read(null, dec));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void reading(ReadingCodec codec, byte[] value) {
        SensorReading r;
        try {
            r = codec.decode(value);
        } catch (DecodeException e) {
            invalidReadings++;
            return;
        }
        for (double v : r.values) {
            if (!Double.isFinite(v)) {
                invalidReadings++;
                return;
            }
        }
        join.addReading(r.key, r.timestamp, r.values);
    }

    private void deadLetter(String job, io.ltcflink.avro.DeadLetter d) {
        String code = d.getReason().split(":", 2)[0];
        // Undecodable records carry their offset; rejected readings their key and time.
        String id = job + "|" + code + "|" + d.getSensorId() + "|" + d.getTimestamp() + "|"
                + d.getOffset();
        synchronized (deadLetters) {
            if (seenDeadLetters.add(id)) {
                deadLetters.computeIfAbsent(job, j -> new TreeMap<>()).merge(code, 1L, Long::sum);
            }
        }
    }

    private static double[] toArray(List<Double> l) {
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }

    private static Map<String, String> invert(Map<String, String> m) {
        Map<String, String> out = new HashMap<>();
        m.forEach((k, v) -> out.put(v, k));
        return out;
    }

    void stop() {
        stopped.set(true);
    }

    /** Distinct dead letters per job and reason code. */
    Map<String, Map<String, Long>> deadLetters() {
        synchronized (deadLetters) {
            Map<String, Map<String, Long>> copy = new TreeMap<>();
            deadLetters.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
            return copy;
        }
    }

    /** Readings on the input topic that the comparator could not use (undecodable or NaN). */
    long invalidReadings() {
        return invalidReadings;
    }

    /** When the last record of any topic arrived ({@link System#nanoTime()}). */
    long progressNanos() {
        return progressNanos;
    }

    /** What ended {@link #run} early, or null. */
    RuntimeException failure() {
        return failure;
    }
}
