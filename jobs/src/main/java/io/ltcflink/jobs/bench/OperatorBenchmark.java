package io.ltcflink.jobs.bench;

import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.flink.LtcPipeline;
import io.ltcflink.flink.SensorReading;
import java.util.Arrays;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * Throughput of the LTC operator against a trivial keyed function with the same state size, in a
 * MiniCluster pipeline at parallelism 1: generated readings of many keys with irregular timestamps
 * → operator → discarding sink.
 */
public final class OperatorBenchmark {

    /** Timestamps start here (2025-11-28T03:20:00Z). */
    static final long BASE = 1_764_300_000_000L;

    private OperatorBenchmark() {}

    /** A deterministic reading: key {@code i mod keys}, about one per second per key with jitter. */
    static SensorReading reading(long i, int keys, int channels) {
        long round = i / keys;
        int key = (int) (i % keys);
        long jitter = Math.floorMod(i * 7919L + key * 104729L, 700L);
        double[] x = new double[channels];
        for (int c = 0; c < channels; c++) {
            x[c] = Math.sin(round * 0.05 + key + c);
        }
        return new SensorReading("sensor-" + key, BASE + round * 1000 + jitter, x);
    }

    /**
     * Runs one pipeline and returns its records per second (records over the job's net runtime).
     *
     * @param ltc the LTC operator, or null for the trivial function
     * @param stateDoubles the trivial function's state size in doubles
     */
    public static double run(Configuration conf, LtcOperatorConfig ltc, long records, int keys,
            int channels, int stateDoubles) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        DataStream<SensorReading> readings = env.fromSequence(0, records - 1)
                .map(i -> reading(i, keys, channels), TypeInformation.of(SensorReading.class))
                .name("readings");
        if (ltc != null) {
            LtcPipeline.apply(readings, ltc).forecasts().sinkTo(new DiscardingSink<>());
        } else {
            readings.keyBy(r -> r.key, Types.STRING)
                    .process(new TrivialKeyed(stateDoubles), TypeInformation.of(double[].class))
                    .sinkTo(new DiscardingSink<>());
        }
        JobExecutionResult result = env.execute(ltc != null ? "ltc operator" : "trivial keyed");
        return records * 1000.0 / result.getNetRuntime();
    }

    /**
     * Reads and writes one {@code double[]} of the LTC operator's state size per record and emits
     * a small array: Flink's own per-record keyed-state work, with no model.
     */
    static final class TrivialKeyed extends KeyedProcessFunction<String, SensorReading, double[]> {
        private static final long serialVersionUID = 1L;
        private final int size;
        private transient ValueState<double[]> state;

        TrivialKeyed(int size) {
            this.size = size;
        }

        @Override
        public void open(OpenContext ctx) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("trivial",
                    PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        }

        @Override
        public void processElement(SensorReading r, Context ctx, Collector<double[]> out)
                throws Exception {
            double[] s = state.value();
            if (s == null) {
                s = new double[size];
            }
            s[0] = r.timestamp;
            System.arraycopy(r.values, 0, s, 1, Math.min(r.values.length, size - 1));
            state.update(s);
            out.collect(Arrays.copyOf(r.values, 1));
        }
    }
}
