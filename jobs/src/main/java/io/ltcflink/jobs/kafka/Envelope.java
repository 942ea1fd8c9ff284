package io.ltcflink.jobs.kafka;

import io.ltcflink.flink.SensorReading;

/**
 * What the Kafka source emits per record: the decoded reading, or the reason it could not be
 * decoded together with the original bytes and their coordinates. A POJO.
 */
public class Envelope {

    /** The reading, or null when decoding failed. */
    public SensorReading reading;
    /** Why decoding failed, or null. */
    public String failure;
    /** The original value, kept only when decoding failed. */
    public byte[] payload;
    public String topic;
    public int partition;
    public long offset;

    public Envelope() {}

    static Envelope ok(SensorReading r) {
        Envelope e = new Envelope();
        e.reading = r;
        return e;
    }

    static Envelope failed(String reason, byte[] payload, String topic, int partition, long offset) {
        Envelope e = new Envelope();
        e.failure = reason;
        e.payload = payload;
        e.topic = topic;
        e.partition = partition;
        e.offset = offset;
        return e;
    }
}
