package io.ltcflink.jobs.bench;

import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.flink.LtcPipeline;
import io.ltcflink.flink.SensorReading;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.Collector;

/**
 * Throughput of the LTC operator against a trivial keyed function with the same state size, in a
 * MiniCluster pipeline at parallelism 1: generated readings of many keys with irregular timestamps
 * → operator → a meter → discarding sink. Readings go round the keys in order, so round {@code r}
 * is every key's {@code r+1}-th record; the meter times the rounds after the first {@code
 * warmRounds}, when every key already has state.
 */
public final class OperatorBenchmark implements AutoCloseable {

    /** Timestamps start here (2025-11-28T03:20:00Z). */
    static final long BASE = 1_764_300_000_000L;

    private static final String TIMED = "timed-records";
    private static final String FIRST = "timed-first-nanos";
    private static final String LAST = "timed-last-nanos";

    private final MiniCluster cluster;
    private final Configuration conf;

    /** A one-slot MiniCluster configured with {@code conf}, kept for every run of this bench. */
    public OperatorBenchmark(Configuration conf) throws Exception {
        this.conf = conf;
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(1)
                .build());
        cluster.start();
    }

    /** A completed checkpoint: full state size, checkpointed (incremental) size, duration. */
    public record Checkpoint(long stateSize, long checkpointedSize, long durationMillis) {}

    /**
     * One run: records per second over the timed rounds, what was timed, the whole job's net
     * runtime and the checkpoints that completed (none unless checkpointing is configured).
     */
    public record Run(double recordsPerSec, long timedRecords, long netRuntimeMillis,
            List<Checkpoint> checkpoints, int failedCheckpoints) {}

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
     * Runs one pipeline to its end.
     *
     * @param ltc the LTC operator, or null for the trivial function
     * @param stateDoubles the trivial function's state size in doubles
     * @param warmRounds rounds over all keys before the timed part
     */
    public Run run(LtcOperatorConfig ltc, long records, int keys, int channels, int stateDoubles,
            int warmRounds) throws Exception {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
        env.setParallelism(1);
        DataStream<SensorReading> readings = env.fromSequence(0, records - 1)
                .map(i -> reading(i, keys, channels), TypeInformation.of(SensorReading.class))
                .name("readings");
        DataStream<Long> times;
        if (ltc != null) {
            times = LtcPipeline.apply(readings, ltc).forecasts().map(f -> f.timestamp, Types.LONG);
        } else {
            times = readings.keyBy(r -> r.key, Types.STRING)
                    .process(new TrivialKeyed(stateDoubles), Types.LONG);
        }
        times.process(new Meter(warmRounds), Types.LONG).name("meter")
                .sinkTo(new DiscardingSink<>());
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(ltc != null ? "ltc operator" : "trivial keyed");
        JobID id = new JobID();
        graph.setJobId(id);
        cluster.submitJob(graph).get();
        JobResult result = cluster.requestJobResult(id).get();
        if (!result.isSuccess()) {
            throw new IllegalStateException("the benchmark job failed",
                    result.getSerializedThrowable().get()
                            .deserializeError(getClass().getClassLoader()));
        }
        JobExecutionResult r = result.toJobExecutionResult(getClass().getClassLoader());
        long timed = r.<Long>getAccumulatorResult(TIMED);
        long first = r.<Long>getAccumulatorResult(FIRST);
        long last = r.<Long>getAccumulatorResult(LAST);
        if (timed < 2 || last <= first) {
            throw new IllegalStateException(String.format(
                    "too few timed records (%d): give more records than keys × %d", timed, warmRounds + 1));
        }
        List<Checkpoint> done = new ArrayList<>();
        int failed = 0;
        for (AbstractCheckpointStats s : cluster.getArchivedExecutionGraph(id).get()
                .getCheckpointStatsSnapshot().getHistory().getCheckpoints()) {
            if (s.getStatus() == CheckpointStatsStatus.COMPLETED) {
                done.add(new Checkpoint(s.getStateSize(), s.getCheckpointedSize(),
                        s.getEndToEndDuration()));
            } else if (s.getStatus() == CheckpointStatsStatus.FAILED) {
                failed++;
            }
        }
        // The history lists the newest first.
        Collections.reverse(done);
        return new Run((timed - 1) * 1e9 / (last - first), timed, r.getNetRuntime(), done, failed);
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }

    /**
     * Counts the records of the timed rounds and the clock at the first and last of them (the
     * round is read back from the event timestamp, which every output carries).
     */
    static final class Meter extends ProcessFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private final int warmRounds;
        private transient LongCounter count;
        private transient LongMinimum first;
        private transient LongMaximum last;

        Meter(int warmRounds) {
            this.warmRounds = warmRounds;
        }

        @Override
        public void open(OpenContext ctx) {
            count = new LongCounter();
            first = new LongMinimum();
            last = new LongMaximum();
            getRuntimeContext().addAccumulator(TIMED, count);
            getRuntimeContext().addAccumulator(FIRST, first);
            getRuntimeContext().addAccumulator(LAST, last);
        }

        @Override
        public void processElement(Long timestamp, Context ctx, Collector<Long> out) {
            if ((timestamp - BASE) / 1000 >= warmRounds) {
                long now = System.nanoTime();
                if (count.getLocalValuePrimitive() == 0) {
                    first.add(now);
                }
                last.add(now);
                count.add(1L);
            }
        }
    }

    /**
     * Reads and writes one {@code double[]} of the LTC operator's state size per record and emits
     * the reading's timestamp: Flink's own per-record keyed-state work, with no model.
     */
    static final class TrivialKeyed extends KeyedProcessFunction<String, SensorReading, Long> {
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
        public void processElement(SensorReading r, Context ctx, Collector<Long> out)
                throws Exception {
            double[] s = state.value();
            if (s == null) {
                s = new double[size];
            }
            s[0] = r.timestamp;
            System.arraycopy(r.values, 0, s, 1, Math.min(r.values.length, size - 1));
            state.update(s);
            out.collect(r.timestamp);
        }
    }
}
