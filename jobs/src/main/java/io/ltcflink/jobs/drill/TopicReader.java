package io.ltcflink.jobs.drill;

import io.ltcflink.jobs.kafka.ReadCommitted;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a whole topic as a read-committed consumer sees it, partition by partition in offset
 * order, from the beginning to the end it has when the read starts (for read committed, the last
 * stable offset: an open transaction holds the read there, and the timeout says so).
 */
final class TopicReader {

    private TopicReader() {}

    /** Every committed record of {@code topic}, one list per partition, in offset order. */
    static List<List<ConsumerRecord<byte[], byte[]>>> readAll(String bootstrap, String topic,
            Duration timeout) throws IOException {
        Properties p = ReadCommitted.consumer(bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(topic, info.partition()));
            }
            parts.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            List<List<ConsumerRecord<byte[], byte[]>>> out = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                out.add(new ArrayList<>());
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(c, parts, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("reading " + topic + " did not reach its end offsets "
                            + end + " within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        out.get(parts.indexOf(new TopicPartition(r.topic(), r.partition()))).add(r);
                    }
                }
            }
            return out;
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> parts,
            Map<TopicPartition, Long> end) {
        for (TopicPartition tp : parts) {
            if (c.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }
}
