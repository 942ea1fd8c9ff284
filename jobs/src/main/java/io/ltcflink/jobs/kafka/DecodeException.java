package io.ltcflink.jobs.kafka;

/** A Kafka value that is not a reading in the expected format; the message is the reason. */
public final class DecodeException extends Exception {

    private static final long serialVersionUID = 1L;

    public DecodeException(String message) {
        super(message);
    }
}
