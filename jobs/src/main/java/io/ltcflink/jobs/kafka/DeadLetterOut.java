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

    /**
     * The most payload bytes a dead letter carries; a larger payload is cut, saying so. Written
     * as JSON text (quotes and backslashes escaped, at most twice as long) or base64 (4/3 as
     * long), a full payload still leaves the record under a broker's default 1 MB.
     */
    public static final int MAX_PAYLOAD_BYTES = 384 * 1024;
    /** The most characters of the reason and of the sensor id a dead letter carries. */
    public static final int MAX_TEXT_CHARS = 1024;

    /**
     * This dead letter as it can be written to Kafka: a broker takes records of at most 1 MB by
     * default, and a record it refuses would fail the sink and be replayed forever, so the
     * payload is cut to {@link #MAX_PAYLOAD_BYTES} and the reason and sensor id to {@link
     * #MAX_TEXT_CHARS} (the reason then says how much was cut), and lone surrogates, which JSON
     * cannot encode, are replaced. Returns this object when nothing needs to change.
     */
    public DeadLetterOut bounded() {
        int payloadLength = payload == null ? 0 : payload.length;
        String r = reason == null ? "" : reason;
        String id = sensorId;
        if (payloadLength <= MAX_PAYLOAD_BYTES && r.length() <= MAX_TEXT_CHARS
                && wellFormed(r) && (id == null || (id.length() <= MAX_TEXT_CHARS && wellFormed(id)))) {
            return this;
        }
        DeadLetterOut d = new DeadLetterOut();
        d.topic = topic;
        d.partition = partition;
        d.offset = offset;
        d.timestamp = timestamp;
        d.sensorId = id == null ? null : text(id);
        d.payload = payloadLength <= MAX_PAYLOAD_BYTES
                ? payload : java.util.Arrays.copyOf(payload, MAX_PAYLOAD_BYTES);
        String note = "";
        if (payloadLength > MAX_PAYLOAD_BYTES) {
            note += String.format(" [payload cut to its first %s of %s bytes]", MAX_PAYLOAD_BYTES,
                    payloadLength);
        }
        if (id != null && id.length() > MAX_TEXT_CHARS) {
            note += String.format(" [sensor id cut to %s of %s characters]", MAX_TEXT_CHARS,
                    id.length());
        }
        String body = text(r);
        if (r.length() > MAX_TEXT_CHARS) {
            note += String.format(" [reason cut to %s of %s characters]", MAX_TEXT_CHARS,
                    r.length());
        }
        d.reason = body + note;
        return d;
    }

    /** At most {@link #MAX_TEXT_CHARS} characters of {@code s}, lone surrogates replaced. */
    private static String text(String s) {
        String cut = s.length() <= MAX_TEXT_CHARS ? s : s.substring(0, MAX_TEXT_CHARS);
        StringBuilder b = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < cut.length()
                    && Character.isLowSurrogate(cut.charAt(i + 1));
            if (pair) {
                b.append(c).append(cut.charAt(++i));
            } else {
                b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }

    private static boolean wellFormed(String s) {
        return io.ltcflink.flink.KeyCheck.malformedAt(s) < 0;
    }

    /** The stable code at the start of the reason. */
    public String code() {
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }
}
