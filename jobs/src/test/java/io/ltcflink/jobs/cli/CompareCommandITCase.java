package io.ltcflink.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.avro.ForecastEvent;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelEncoding;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.core.model.ReferenceDumpImporter;
import io.ltcflink.flink.SensorReading;
import io.ltcflink.jobs.kafka.EmbeddedBroker;
import io.ltcflink.jobs.kafka.ReadingCodec;
import io.ltcflink.jobs.kafka.WireFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ltc compare} on a real broker, against hand-made forecasts with known errors: the LTC's
 * are off by 1 in every channel, the LSTM's by 2, so their MSEs are 1 and 4 on the scored records.
 */
final class CompareCommandITCase {

    private static final Path GOLDEN = Path.of("../ltc-flink-operator/src/test/resources/golden");

    @TempDir Path dir;

    @Test
    void compare_handMadeForecasts_joinsAndReportsTheKnownErrorsPerModel() throws Exception {
        Model ltc = ReferenceDumpImporter.importFile(GOLDEN.resolve("ltc_fc_small.json"));
        Model lstm = ReferenceDumpImporter.importFile(GOLDEN.resolve("lstm_small.json"));
        Path ltcFile = dir.resolve("ltc.model");
        Path lstmFile = dir.resolve("lstm.model");
        ModelFiles.write(ltc, ltcFile, ModelEncoding.JSON);
        ModelFiles.write(lstm, lstmFile, ModelEncoding.JSON);
        int channels = Math.max(ltc.cell().inputSize(), lstm.cell().inputSize());

        String in = "plant";
        List<ProducerRecord<byte[], byte[]>> readings = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> ltcOut = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> lstmOut = new ArrayList<>();
        ReadingCodec codec = new ReadingCodec(WireFormat.AVRO);
        long t0 = 1_764_300_000_000L;
        for (int k = 0; k < 2; k++) {
            String key = "pump-" + k;
            for (int i = 0; i < 10; i++) {
                long ts = t0 + 1500L * i;
                double[] x = new double[channels];
                for (int c = 0; c < channels; c++) {
                    x[c] = k + 0.1 * i + c;
                }
                readings.add(record(in, key, codec.encode(new SensorReading(key, ts, x))));
                ltcOut.add(record(in + "-forecasts", key,
                        forecast(key, ts, x, ltc.cell().outputSize(), 1.0, 1_000L * (i + 1), ltc.id())));
                lstmOut.add(record(in + "-lstm-forecasts", key,
                        forecast(key, ts, x, lstm.cell().outputSize(), 2.0, 50_000, lstm.id())));
            }
        }
        readings.add(record(in, "pump-0", "not avro".getBytes(StandardCharsets.UTF_8)));
        ltcOut.add(record(in + "-forecasts", "pump-0",
                forecast("pump-0", t0, new double[channels], 1, 0.0, 0, "another-model")));

        CliRunner.Result r;
        try (EmbeddedBroker broker = new EmbeddedBroker()) {
            for (String t : List.of(in, in + "-forecasts", in + "-dead-letters",
                    in + "-lstm-forecasts", in + "-lstm-dead-letters")) {
                broker.createTopic(t, 1);
            }
            broker.produce(in, readings);
            broker.produce(in + "-forecasts", ltcOut);
            broker.produce(in + "-lstm-forecasts", lstmOut);
            r = CliRunner.cli("compare", "--bootstrap", broker.bootstrap(), "--input-topic", in,
                    "--ltc-model", ltcFile.toString(), "--lstm-model", lstmFile.toString(),
                    "--window", "4", "--warm-up", "2", "--duration", "8s",
                    "--out", dir.resolve("compare.json").toString());
        }
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertThat(new ObjectMapper().readTree(dir.resolve("compare.json").toFile())).isEqualTo(o);
        assertThat(o.get("join").get("scored").asInt()).isEqualTo(16);
        assertThat(o.get("join").get("warmUpSkipped").asInt()).isEqualTo(4);
        assertThat(o.get("join").get("unknownForecasts").asInt()).isEqualTo(1);
        assertThat(o.get("invalidReadings").asInt()).isEqualTo(1);
        JsonNode l = o.get("models").get(0);
        JsonNode s = o.get("models").get(1);
        assertThat(l.get("model").asText()).isEqualTo("ltc");
        assertThat(l.get("kind").asText()).isEqualTo("ltc");
        assertThat(l.get("params").asLong()).isEqualTo(ltc.cell().parameterCount());
        assertThat(l.get("scored").asInt()).isEqualTo(16);
        assertThat(l.get("mse").asDouble()).isCloseTo(1.0, within(1e-12));
        // CPU times 1, 2, ..., 10 us per key: the median lies strictly inside, p99 is the largest.
        assertThat(l.get("cpuNsP99").asLong()).isEqualTo(10_000);
        assertThat(l.get("cpuNsP50").asLong()).isBetween(3_000L, 8_000L);
        assertThat(l.get("stateBytesPerKey").asInt()).isPositive();
        assertThat(s.get("model").asText()).isEqualTo("lstm");
        assertThat(s.get("mse").asDouble()).isCloseTo(4.0, within(1e-12));
        assertThat(s.get("cpuNsP99").asLong()).isEqualTo(50_000);
        // Gaps of 1.5 s in the model's unit land in the [1, 2) bin.
        JsonNode bins = s.get("mseByGap");
        assertThat(bins.get(1).get("gapFrom").asDouble()).isEqualTo(1.0);
        assertThat(bins.get(1).get("mse").asDouble()).isCloseTo(4.0, within(1e-12));
        assertThat(bins.get(0).get("values").asInt()).isZero();
        // A window of 4 readings is more state than the LTC's single step.
        assertThat(s.get("stateBytesPerKey").asInt()).isGreaterThan(0);
    }

    @Test
    void compare_missingModel_failsBeforeConnecting() {
        CliRunner.Result r = CliRunner.cli("compare", "--bootstrap", "127.0.0.1:1", "--input-topic",
                "t", "--ltc-model", dir.resolve("absent.model").toString(), "--lstm-model",
                dir.resolve("absent2.model").toString(), "--duration", "1s");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("absent.model");
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static byte[] forecast(String key, long ts, double[] actual, int outputs,
            double offset, long cpuNanos, String modelId) throws Exception {
        List<Double> f = new ArrayList<>();
        List<Double> a = new ArrayList<>();
        List<Double> res = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            f.add(actual[i] + offset);
            a.add(actual[i]);
            res.add(-offset);
        }
        ForecastEvent e = ForecastEvent.newBuilder().setSensorId(key)
                .setTimestamp(Instant.ofEpochMilli(ts)).setDt(1.5).setForecast(f).setActual(a)
                .setResidual(res).setScore(0.0).setAlert(false).setFlags(0).setModelId(modelId)
                .setCpuNanos(cpuNanos).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(ForecastEvent.class).write(e, enc);
        enc.flush();
        return bytes.toByteArray();
    }
}
