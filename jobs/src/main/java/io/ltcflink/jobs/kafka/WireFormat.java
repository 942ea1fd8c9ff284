package io.ltcflink.jobs.kafka;

import java.util.Locale;

/** How records are encoded on Kafka topics. */
public enum WireFormat {
    /** Plain Avro binary of the schemas in {@code schemas/} (no registry framing). */
    AVRO,
    /** UTF-8 JSON with the Avro field names, usable from any Kafka client. */
    JSON;

    public static WireFormat fromName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "avro":
                return AVRO;
            case "json":
                return JSON;
            default:
                throw new IllegalArgumentException(
                        String.format("unknown format '%s': expected avro or json", name));
        }
    }

    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The name as flags and properties spell it ({@code avro}, {@code json}). */
    @Override
    public String toString() {
        return lowerName();
    }
}
