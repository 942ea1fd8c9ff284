package io.ltcflink.jobs.kafka;

/** A dead letter on its way to the dead-letter topic (a POJO mirroring the Avro DeadLetter). */
public class DeadLetterOut {

    public String reason;
    public byte[] payload;
    /** Source coordinates, or null when the record was decoded (then payload is re-encoded). */
    public String topic;
    public Integer partition;
    public Long offset;
    public String sensorId;
    public Long timestamp;

    public DeadLetterOut() {}

    /** The stable code at the start of the reason. */
    public String code() {
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }
}
