package io.ltcflink.jobs.kafka;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How the project's own readers of the job's outputs consume: read committed (an exactly-once
 * job's records appear once their checkpoint completes, and aborted ones never), raw bytes,
 * from the earliest record when the group has no offset.
 */
public final class ReadCommitted {

    private ReadCommitted() {}

    /** Consumer properties for {@code bootstrap}; callers add a group id or assign partitions. */
    public static Properties consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }
}
