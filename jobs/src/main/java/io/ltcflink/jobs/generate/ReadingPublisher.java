package io.ltcflink.jobs.generate;

import io.ltcflink.flink.SensorReading;
import io.ltcflink.jobs.kafka.ReadingCodec;
import io.ltcflink.jobs.kafka.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends readings (a {@link SensorStream}, or any other sequence) to a Kafka topic at a steady
 * rate, keyed by sensor id, until a record limit, a deadline or {@link #stop()}.
 */
public final class ReadingPublisher implements Runnable {

    private final String bootstrap;
    private final String topic;
    private final WireFormat format;
    private final Iterator<SensorReading> stream;
    private final double ratePerSecond;
    private final long maxRecords;
    private final long deadlineNanos;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private volatile Exception failure;
    private volatile SendListener listener = (r, nanos) -> { };
    private volatile long startNanos;
    private volatile long endNanos;

    /** Told of every reading just before it is handed to the producer. */
    @FunctionalInterface
    public interface SendListener {
        /** @param sendNanos {@link System#nanoTime()} at the hand-off */
        void sending(SensorReading reading, long sendNanos);
    }

    /**
     * @param ratePerSecond records per second over all sensors (0: as fast as possible)
     * @param maxRecords stop after this many (0: no limit)
     * @param durationMillis stop after this long (0: no limit)
     */
    public ReadingPublisher(String bootstrap, String topic, WireFormat format,
            Iterator<SensorReading> stream,
            double ratePerSecond, long maxRecords, long durationMillis) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.format = format;
        this.stream = stream;
        this.ratePerSecond = ratePerSecond;
        this.maxRecords = maxRecords;
        this.deadlineNanos = durationMillis <= 0 ? Long.MAX_VALUE
                : System.nanoTime() + durationMillis * 1_000_000L;
    }

    @Override
    public void run() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        ReadingCodec codec = new ReadingCodec(format);
        long start = System.nanoTime();
        startNanos = start;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            while (!stopped.get() && System.nanoTime() < deadlineNanos
                    && (maxRecords <= 0 || sent.get() < maxRecords)) {
                SensorReading r = stream.next();
                listener.sending(r, System.nanoTime());
                producer.send(new ProducerRecord<>(topic, null, r.timestamp,
                        r.key.getBytes(StandardCharsets.UTF_8), codec.encode(r)));
                long n = sent.incrementAndGet();
                if (ratePerSecond > 0) {
                    long due = start + (long) (n * 1e9 / ratePerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 1_000_000) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
            endNanos = System.nanoTime();
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
        }
    }

    /** Sets the listener told of every send; call before {@link #run()}. */
    public ReadingPublisher onSend(SendListener l) {
        this.listener = l;
        return this;
    }

    /**
     * Readings per second actually handed to the producer, from the first send to the last
     * (NaN before the run has ended).
     */
    public double achievedRate() {
        long start = startNanos;
        long end = endNanos;
        return end > start ? sent.get() * 1e9 / (end - start) : Double.NaN;
    }

    public void stop() {
        stopped.set(true);
    }

    public long sent() {
        return sent.get();
    }

    /** The exception that ended the run early, or null. */
    public Exception failure() {
        return failure;
    }
}
