package io.ltcflink.jobs.generate;

/**
 * One injected anomaly as the sensor's readings show it: the event times of its first and last
 * labelled reading, and the anomaly type's label code.
 */
public record Incident(String sensorId, long startMillis, long endMillis, int label) {

    /** Whether {@code t} falls in the incident, extended by {@code graceMillis} after its end. */
    public boolean covers(long t, long graceMillis) {
        return t >= startMillis && t <= endMillis + graceMillis;
    }

    /** A CSV line {@code sensorId,startMillis,endMillis,label}. */
    public String csv() {
        return sensorId + "," + startMillis + "," + endMillis + "," + label;
    }
}
