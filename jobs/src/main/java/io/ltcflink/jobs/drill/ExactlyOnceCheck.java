package io.ltcflink.jobs.drill;

import io.ltcflink.core.engine.CellKeyedForecaster;
import io.ltcflink.core.engine.KeyState;
import io.ltcflink.core.engine.Outcome;
import io.ltcflink.core.model.Model;
import io.ltcflink.flink.Forecast;
import io.ltcflink.flink.KeyCheck;
import io.ltcflink.flink.KeyedForecastFunction;
import io.ltcflink.flink.LtcKeyedFunction;
import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.flink.OutOfOrderMode;
import io.ltcflink.flink.ReadingValidator;
import io.ltcflink.flink.RejectedReading;
import io.ltcflink.flink.SensorReading;
import io.ltcflink.jobs.kafka.DecodeException;
import io.ltcflink.jobs.kafka.ReadingCodec;
import io.ltcflink.jobs.kafka.ReadingDeserializer;
import io.ltcflink.jobs.kafka.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Whether a job's committed outputs are exactly what an uninterrupted run makes of the same
 * input: the reference is the operator's own engine ({@link LtcKeyedFunction#engine}) with the
 * job's operator configuration, driven by every input record in its partition's order (records
 * are keyed by sensor, so that is each key's arrival order) through the same checks as the job
 * (decoding, {@link KeyCheck}, {@link ReadingValidator}) and the same arrival-order policy (an
 * older record than its key's last is late). Each input record is expected to leave exactly once,
 * as a forecast, a key's first record, a late record or a dead letter; outputs are matched to
 * input records by key and timestamp (undecodable records by partition and offset) and compared
 * field for field, every double bit for bit.
 */
public final class ExactlyOnceCheck {

    /** What became of one input record. */
    public enum Kind { FORECAST, FIRST, LATE, DEAD_LETTER }

    /** One output as compared: a forecast (a key's first record included) or a rejection's reason. */
    public record Output(Kind kind, Forecast forecast, String reason) {

        static Output of(Forecast f) {
            return new Output(f.isFirst() ? Kind.FIRST : Kind.FORECAST, f, null);
        }

        static Output rejected(String reason) {
            return new Output(reason.startsWith(RejectedReading.LATE + ":") ? Kind.LATE
                    : Kind.DEAD_LETTER, null, reason);
        }

        @Override
        public String toString() {
            return kind + (forecast != null ? " " + forecast : " '" + reason + "'");
        }
    }

    /**
     * The outcome: per kind, the input records that left as that kind (matched to an output,
     * equal or not) and those expected to; the records with no output (lost), the outputs beyond
     * one per record (duplicated), the matched outputs that differ from the reference
     * (mismatched), and a few examples of each problem. {@code forecasts + firstRecords + late +
     * deadLetters + lost = inputs}.
     */
    public record Tally(long inputs, Map<Kind, Long> left, Map<Kind, Long> expected, long lost,
            long duplicated, long mismatched, List<String> examples) {

        public long count(Kind k) {
            return left.getOrDefault(k, 0L);
        }

        public boolean exact() {
            return lost == 0 && duplicated == 0 && mismatched == 0;
        }
    }

    private static final int MAX_EXAMPLES = 10;

    private ExactlyOnceCheck() {}

    /**
     * What an uninterrupted run makes of {@code partitions} (each in offset order), grouped by
     * record (key and timestamp).
     *
     * @param nowMillis the clock for the clock bound (later than the job's processing times, so
     *     a record the job found within the bound is within it here too)
     * @throws IllegalArgumentException if {@code config} orders records by event time, whose
     *     late records depend on when watermarks happened to advance in each run
     */
    public static Map<String, List<Output>> reference(
            List<List<ConsumerRecord<byte[], byte[]>>> partitions, WireFormat inputFormat,
            LtcOperatorConfig config, Model model, long nowMillis) {
        if (config.outOfOrderMode() != OutOfOrderMode.ARRIVAL) {
            throw new IllegalArgumentException("the reference replays arrival order only; event-time"
                    + " order rejects records by watermarks, which differ from run to run");
        }
        CellKeyedForecaster engine = LtcKeyedFunction.engine(model, config);
        ReadingCodec codec = new ReadingCodec(inputFormat);
        Map<String, KeyState> state = new HashMap<>();
        Map<String, List<Output>> out = new LinkedHashMap<>();
        for (List<ConsumerRecord<byte[], byte[]>> partition : partitions) {
            for (ConsumerRecord<byte[], byte[]> rec : partition) {
                SensorReading r;
                try {
                    r = ReadingDeserializer.decode(codec, rec.key(), rec.value());
                } catch (DecodeException e) {
                    add(out, undecodable(rec.partition(), rec.offset()),
                            new Output(Kind.DEAD_LETTER, null, e.getMessage()));
                    continue;
                }
                String problem = KeyCheck.problem(r);
                if (problem == null) {
                    problem = ReadingValidator.problem(r, engine.channels(), Long.MIN_VALUE,
                            config.maxFutureSkew().toMillis(), nowMillis,
                            config.maxAheadOfClockMillis());
                }
                if (problem != null) {
                    add(out, id(r.key, r.timestamp), new Output(Kind.DEAD_LETTER, null, problem));
                    continue;
                }
                KeyState next = engine.onRecord(state.get(r.key), r.timestamp, r.values);
                Outcome o = engine.outcome();
                if (o.kind() == Outcome.Kind.LATE) {
                    add(out, id(r.key, r.timestamp), new Output(Kind.LATE, null,
                            ReadingValidator.lateReason(r, o.lastTimestamp())));
                    continue;
                }
                state.put(r.key, next);
                add(out, id(r.key, r.timestamp), Output.of(KeyedForecastFunction.forecast(r, o)));
            }
        }
        return out;
    }

    /**
     * The job's outputs, grouped as {@link #reference} groups them: Avro forecasts (first
     * records included) and Avro dead letters (late records included), each topic's partitions
     * in offset order.
     */
    public static Map<String, List<Output>> outputs(
            List<List<ConsumerRecord<byte[], byte[]>>> forecasts,
            List<List<ConsumerRecord<byte[], byte[]>>> deadLetters) throws IOException {
        SpecificDatumReader<io.ltcflink.avro.ForecastEvent> fr =
                new SpecificDatumReader<>(io.ltcflink.avro.ForecastEvent.class);
        SpecificDatumReader<io.ltcflink.avro.DeadLetter> dr =
                new SpecificDatumReader<>(io.ltcflink.avro.DeadLetter.class);
        BinaryDecoder dec = null;
        Map<String, List<Output>> out = new LinkedHashMap<>();
        for (List<ConsumerRecord<byte[], byte[]>> partition : forecasts) {
            for (ConsumerRecord<byte[], byte[]> rec : partition) {
                dec = DecoderFactory.get().binaryDecoder(rec.value(), dec);
                Forecast f = forecast(fr.read(null, dec));
                add(out, id(f.key, f.timestamp), Output.of(f));
            }
        }
        for (List<ConsumerRecord<byte[], byte[]>> partition : deadLetters) {
            for (ConsumerRecord<byte[], byte[]> rec : partition) {
                dec = DecoderFactory.get().binaryDecoder(rec.value(), dec);
                io.ltcflink.avro.DeadLetter d = dr.read(null, dec);
                String group = d.getTopic() != null && d.getPartition() != null
                        && d.getOffset() != null
                        ? undecodable(d.getPartition(), d.getOffset())
                        : id(d.getSensorId(), d.getTimestamp() == null
                                ? Long.MIN_VALUE : d.getTimestamp().toEpochMilli());
                add(out, group, Output.rejected(d.getReason()));
            }
        }
        return out;
    }

    /**
     * Matches {@code actual} to {@code expected} record by record: outputs equal to an expected
     * one count as that kind; of the rest of a record's group, as many as are expected count as
     * mismatched (by the kind they came out as), the others as duplicated; expected outputs left
     * over are lost.
     */
    public static Tally compare(Map<String, List<Output>> expected,
            Map<String, List<Output>> actual) {
        Map<Kind, Long> left = new EnumMap<>(Kind.class);
        Map<Kind, Long> wanted = new EnumMap<>(Kind.class);
        List<String> examples = new ArrayList<>();
        long inputs = 0;
        long lost = 0;
        long duplicated = 0;
        long mismatched = 0;
        for (Map.Entry<String, List<Output>> e : expected.entrySet()) {
            List<Output> want = new ArrayList<>(e.getValue());
            inputs += want.size();
            want.forEach(o -> wanted.merge(o.kind(), 1L, Long::sum));
            List<Output> other = new ArrayList<>();
            for (Output got : actual.getOrDefault(e.getKey(), List.of())) {
                if (want.remove(got)) {
                    left.merge(got.kind(), 1L, Long::sum);
                } else {
                    other.add(got);
                }
            }
            int differing = Math.min(want.size(), other.size());
            for (int i = 0; i < differing; i++) {
                left.merge(other.get(i).kind(), 1L, Long::sum);
                example(examples, "mismatched %s: expected %s, got %s", e.getKey(), want.get(i),
                        other.get(i));
            }
            mismatched += differing;
            for (int i = differing; i < want.size(); i++) {
                example(examples, "lost %s: expected %s", e.getKey(), want.get(i));
            }
            lost += want.size() - differing;
            for (int i = differing; i < other.size(); i++) {
                example(examples, "duplicated %s: %s", e.getKey(), other.get(i));
            }
            duplicated += other.size() - differing;
        }
        for (Map.Entry<String, List<Output>> e : actual.entrySet()) {
            if (!expected.containsKey(e.getKey())) {
                duplicated += e.getValue().size();
                example(examples, "no such input %s: %s", e.getKey(), e.getValue().get(0));
            }
        }
        return new Tally(inputs, left, wanted, lost, duplicated, mismatched, examples);
    }

    private static void example(List<String> examples, String template, Object... args) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(String.format(template, args));
        }
    }

    private static Forecast forecast(io.ltcflink.avro.ForecastEvent e) {
        Forecast f = new Forecast();
        f.key = e.getSensorId();
        f.timestamp = e.getTimestamp().toEpochMilli();
        f.dt = e.getDt();
        f.forecast = doubles(e.getForecast());
        f.actual = doubles(e.getActual());
        f.residual = doubles(e.getResidual());
        f.lower = doubles(e.getLower());
        f.upper = doubles(e.getUpper());
        f.score = e.getScore();
        f.alert = e.getAlert();
        f.flags = e.getFlags();
        f.cpuNanos = e.getCpuNanos();
        f.modelId = e.getModelId() == null ? null : e.getModelId().toString();
        return f;
    }

    private static double[] doubles(List<Double> list) {
        double[] out = new double[list == null ? 0 : list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    private static void add(Map<String, List<Output>> map, String group, Output o) {
        map.computeIfAbsent(group, k -> new ArrayList<>(1)).add(o);
    }

    static String id(String key, long timestamp) {
        return key + "@" + timestamp;
    }

    static String undecodable(int partition, long offset) {
        return "undecodable at " + partition + "/" + offset;
    }
}
