package io.ltcflink.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.flink.SensorReading;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.junit.jupiter.api.Test;

/** Dead letters as Kafka can take them, and the event time the source gives a record. */
final class DeadLetterOutTest {

    private static DeadLetterOut letter(String reason, String sensorId, int payloadBytes) {
        DeadLetterOut d = new DeadLetterOut();
        d.reason = reason;
        d.sensorId = sensorId;
        d.payload = new byte[payloadBytes];
        d.topic = "t";
        d.partition = 1;
        d.offset = 9L;
        d.timestamp = 5L;
        return d;
    }

    @Test
    void bounded_smallLetter_isUnchanged() {
        DeadLetterOut d = letter("late: x", "pump-7", 100);
        assertThat(d.bounded()).isSameAs(d);
    }

    @Test
    void bounded_cutsPayloadSensorIdAndReason_andSaysSo() {
        DeadLetterOut d = letter("wrong-width: " + "r".repeat(2000), "k".repeat(5000), 2_000_000);
        DeadLetterOut b = d.bounded();
        assertThat(b.payload).hasSize(DeadLetterOut.MAX_PAYLOAD_BYTES);
        assertThat(b.sensorId).hasSize(DeadLetterOut.MAX_TEXT_CHARS);
        assertThat(b.reason).startsWith("wrong-width: rrr")
                .endsWith(" [payload cut to its first 393216 of 2000000 bytes]"
                        + " [sensor id cut to 1024 of 5000 characters]"
                        + " [reason cut to 1024 of 2013 characters]");
        assertThat(b.code()).isEqualTo("wrong-width");
        assertThat(b.topic).isEqualTo("t");
        assertThat(b.partition).isEqualTo(1);
        assertThat(b.offset).isEqualTo(9L);
        assertThat(b.timestamp).isEqualTo(5L);
        assertThat(d.payload).hasSize(2_000_000);
    }

    @Test
    void bounded_replacesLoneSurrogates_keepsPairs() {
        DeadLetterOut b = letter("bad-key: x", "a\ud800b\ud83d\ude80", 1).bounded();
        assertThat(b.sensorId).isEqualTo("a\ufffdb\ud83d\ude80");
        assertThat(b.reason).isEqualTo("bad-key: x");
    }

    @Test
    void bounded_letterWritesAsJsonAndAvro() {
        DeadLetterOut zeros = letter("bad-key: x", "a\ud800" + "k".repeat(3000), 600_000);
        DeadLetterOut quotes = letter("bad-key: x", "a\ud800" + "k".repeat(3000), 0);
        quotes.payload = "\"\\".repeat(400_000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (DeadLetterOut d : java.util.List.of(zeros, quotes)) {
            for (WireFormat f : WireFormat.values()) {
            var s = OutputSerializers.deadLetters("dead", f);
            var rec = s.serialize(d, null, -5L);
            assertThat(rec.value().length).isLessThan(1_000_000);
            assertThat(rec.key()).hasSize(1026);
            assertThat(rec.timestamp()).as("a negative timestamp is left to the producer").isNull();
            }
        }
    }

    @Test
    void eventTime_onlyTimestampsWithinTheClockBound() {
        long now = 1_764_300_000_000L;
        Envelope ok = new Envelope();
        ok.reading = new SensorReading("a", now + 1000, new double[] {1});
        Envelope ahead = new Envelope();
        ahead.reading = new SensorReading("a", Long.MAX_VALUE, new double[] {1});
        Envelope neg = new Envelope();
        neg.reading = new SensorReading("a", -3, new double[] {1});
        Envelope none = new Envelope();
        assertThat(KafkaAnomalyJob.eventTime(ok, now, 600_000)).isEqualTo(now + 1000);
        assertThat(KafkaAnomalyJob.eventTime(ahead, now, 600_000))
                .isEqualTo(TimestampAssigner.NO_TIMESTAMP);
        assertThat(KafkaAnomalyJob.eventTime(neg, now, 600_000))
                .isEqualTo(TimestampAssigner.NO_TIMESTAMP);
        assertThat(KafkaAnomalyJob.eventTime(none, now, 600_000))
                .isEqualTo(TimestampAssigner.NO_TIMESTAMP);
    }
}
