package io.ltcflink.jobs.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltcflink.core.model.Model;
import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.flink.ModelLoader;
import io.ltcflink.flink.OutOfOrderMode;
import io.ltcflink.flink.SensorReading;
import io.ltcflink.jobs.demo.DemoCommandSupport;
import io.ltcflink.jobs.drill.ExactlyOnceCheck.Kind;
import io.ltcflink.jobs.drill.ExactlyOnceCheck.Output;
import io.ltcflink.jobs.drill.ExactlyOnceCheck.Tally;
import io.ltcflink.jobs.kafka.DeadLetterOut;
import io.ltcflink.jobs.kafka.OutputSerializers;
import io.ltcflink.jobs.kafka.ReadingCodec;
import io.ltcflink.jobs.kafka.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill's check against its own reference: a job that wrote exactly the reference's outputs
 * (through the job's own Avro serializers) passes; one output dropped, repeated or changed in its
 * last bit is counted as lost, duplicated or mismatched; every input record is accounted for
 * once whatever the outputs are.
 */
final class ExactlyOnceCheckTest {

    private static final long T0 = 1_764_300_000_000L;

    @TempDir Path dir;

    private Model model;
    private LtcOperatorConfig config;
    private List<List<ConsumerRecord<byte[], byte[]>>> input;
    private Map<String, List<Output>> expected;

    @BeforeEach
    void referenceOfAnIrregularStream() throws Exception {
        Path file = DemoCommandSupport.bundledModel(dir);
        model = ModelLoader.load(file.toString());
        config = LtcOperatorConfig.builder(file.toString()).build();
        ReadingCodec codec = new ReadingCodec(WireFormat.AVRO);
        input = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < 40; i++) {
            for (int k = 0; k < 2; k++) {
                add(k, codec.encode(reading("s" + k, T0 + 250L * i + 37L * k, i)));
            }
        }
        // A duplicate (same time: the state does not evolve), a record older than its key's
        // last (late), a reading with a NaN (dead letter) and bytes that are no reading.
        add(0, codec.encode(reading("s0", T0 + 250L * 39, 39)));
        add(1, codec.encode(reading("s1", T0 + 100, 7)));
        SensorReading nan = reading("s0", T0 + 250L * 41, 41);
        nan.values[1] = Double.NaN;
        add(0, codec.encode(nan));
        add(1, "not avro".getBytes(StandardCharsets.UTF_8));
        expected = ExactlyOnceCheck.reference(input, WireFormat.AVRO, config, model,
                System.currentTimeMillis());
    }

    @Test
    void theReferenceAccountsForEveryRecordOnce() {
        Tally t = ExactlyOnceCheck.compare(expected, Map.of());
        assertThat(t.inputs()).isEqualTo(84);
        assertThat(t.expected()).containsEntry(Kind.FIRST, 2L).containsEntry(Kind.FORECAST, 79L)
                .containsEntry(Kind.LATE, 1L).containsEntry(Kind.DEAD_LETTER, 2L);
        assertThat(t.lost()).isEqualTo(84);
        assertThat(t.left()).isEmpty();
        assertThat(expected.get("s0@" + (T0 + 250L * 39))).extracting(Output::kind)
                .containsExactly(Kind.FORECAST, Kind.FORECAST);
    }

    @Test
    void exactOutputsPass() throws Exception {
        Tally t = check(outputs(expected, null, 0));
        assertThat(t.exact()).as("%s", t.examples()).isTrue();
        assertThat(t.count(Kind.FORECAST) + t.count(Kind.FIRST) + t.count(Kind.LATE)
                + t.count(Kind.DEAD_LETTER)).isEqualTo(t.inputs());
        assertThat(t.left()).isEqualTo(t.expected());
    }

    @Test
    void aMissingOutputIsLost() throws Exception {
        Tally t = check(outputs(expected, "s1@" + (T0 + 250L * 20 + 37), 0));
        assertThat(t.lost()).isOne();
        assertThat(t.duplicated()).isZero();
        assertThat(t.mismatched()).isZero();
        assertThat(t.count(Kind.FORECAST) + t.count(Kind.FIRST) + t.count(Kind.LATE)
                + t.count(Kind.DEAD_LETTER) + t.lost()).isEqualTo(t.inputs());
        assertThat(t.examples()).singleElement().asString().startsWith("lost s1@");
    }

    @Test
    void aRepeatedOutputIsDuplicated() throws Exception {
        Tally t = check(outputs(expected, "s0@" + (T0 + 250L * 5), 2));
        assertThat(t.duplicated()).isOne();
        assertThat(t.lost()).isZero();
        assertThat(t.mismatched()).isZero();
    }

    @Test
    void aForecastOffByItsLastBitIsMismatched() throws Exception {
        Tally t = check(outputs(expected, "s0@" + (T0 + 250L * 9), 1));
        assertThat(t.mismatched()).isOne();
        assertThat(t.lost()).isZero();
        assertThat(t.duplicated()).isZero();
        assertThat(t.count(Kind.FORECAST) + t.count(Kind.FIRST) + t.count(Kind.LATE)
                + t.count(Kind.DEAD_LETTER)).isEqualTo(t.inputs());
    }

    @Test
    void eventTimeOrderIsRefused() {
        LtcOperatorConfig eventTime = LtcOperatorConfig.builder(config.modelLocation())
                .outOfOrder(OutOfOrderMode.EVENT_TIME).build();
        assertThatThrownBy(() -> ExactlyOnceCheck.reference(input, WireFormat.AVRO, eventTime,
                model, System.currentTimeMillis()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arrival order");
    }

    private Tally check(List<List<List<ConsumerRecord<byte[], byte[]>>>> topics)
            throws Exception {
        return ExactlyOnceCheck.compare(expected,
                ExactlyOnceCheck.outputs(topics.get(0), topics.get(1)));
    }

    /**
     * The outputs a job writes for {@code expected}, through the job's serializers, with the
     * group {@code changed} altered: 0 dropped, 2 written twice, 1 its forecast's last bit flipped.
     */
    private static List<List<List<ConsumerRecord<byte[], byte[]>>>> outputs(
            Map<String, List<Output>> expected, String changed, int how) {
        KafkaRecordSerializationSchema<io.ltcflink.flink.Forecast> fs =
                OutputSerializers.forecasts("f", WireFormat.AVRO, "model", 0.9);
        KafkaRecordSerializationSchema<DeadLetterOut> ds =
                OutputSerializers.deadLetters("d", WireFormat.AVRO);
        List<ConsumerRecord<byte[], byte[]>> forecasts = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
        for (Map.Entry<String, List<Output>> e : expected.entrySet()) {
            boolean alter = e.getKey().equals(changed);
            if (alter && how == 0) {
                continue;
            }
            for (Output o : e.getValue()) {
                for (int copy = 0; copy < (alter && how == 2 ? 2 : 1); copy++) {
                    if (o.forecast() != null) {
                        io.ltcflink.flink.Forecast f = o.forecast();
                        if (alter && how == 1) {
                            f = copyOf(f);
                            f.forecast[0] = Double.longBitsToDouble(
                                    Double.doubleToLongBits(f.forecast[0]) ^ 1L);
                        }
                        forecasts.add(consumed(fs.serialize(f, null, null), forecasts.size()));
                    } else {
                        dead.add(consumed(ds.serialize(deadLetter(e.getKey(), o), null, null),
                                dead.size()));
                    }
                }
            }
        }
        return List.of(List.of(forecasts), List.of(dead));
    }

    private static DeadLetterOut deadLetter(String group, Output o) {
        DeadLetterOut d = new DeadLetterOut();
        d.reason = o.reason();
        d.payload = new byte[0];
        if (group.startsWith("undecodable at ")) {
            String[] at = group.substring("undecodable at ".length()).split("/");
            d.topic = "in";
            d.partition = Integer.parseInt(at[0]);
            d.offset = Long.parseLong(at[1]);
        } else {
            int i = group.lastIndexOf('@');
            d.sensorId = group.substring(0, i);
            d.timestamp = Long.parseLong(group.substring(i + 1));
        }
        return d;
    }

    private static io.ltcflink.flink.Forecast copyOf(io.ltcflink.flink.Forecast f) {
        io.ltcflink.flink.Forecast c = new io.ltcflink.flink.Forecast();
        c.key = f.key;
        c.timestamp = f.timestamp;
        c.dt = f.dt;
        c.forecast = f.forecast.clone();
        c.actual = f.actual.clone();
        c.residual = f.residual.clone();
        c.lower = f.lower.clone();
        c.upper = f.upper.clone();
        c.score = f.score;
        c.alert = f.alert;
        c.flags = f.flags;
        return c;
    }

    private static ConsumerRecord<byte[], byte[]> consumed(ProducerRecord<byte[], byte[]> r,
            long offset) {
        return new ConsumerRecord<>(r.topic(), 0, offset, r.key(), r.value());
    }

    private void add(int partition, byte[] value) {
        List<ConsumerRecord<byte[], byte[]>> p = input.get(partition);
        p.add(new ConsumerRecord<>("in", partition, p.size(), null, value));
    }

    private static SensorReading reading(String key, long ts, int i) {
        return new SensorReading(key, ts,
                new double[] {Math.sin(i / 3.0), Math.cos(i / 5.0), 0.1 * i});
    }
}
