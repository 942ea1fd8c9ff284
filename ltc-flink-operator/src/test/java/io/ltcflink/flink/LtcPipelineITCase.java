package io.ltcflink.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.core.model.ModelFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on a MiniCluster at parallelism 2, against the single-threaded reference. */
final class LtcPipelineITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir Path dir;

    @Test
    void pipeline_parallelismTwo_equalsTheSingleThreadedReference() throws Exception {
        Path model = OperatorFixtures.ltcModel(dir);
        List<SensorReading> stream = OperatorFixtures.irregularStream(8, 60, 3, 4);
        List<SensorReading> withBad = new ArrayList<>(stream);
        withBad.add(new SensorReading(null, 5, new double[] {1, 1, 1}));
        withBad.add(new SensorReading("sensor-0", 6, new double[] {1, Double.POSITIVE_INFINITY, 1}));

        Configuration conf = new Configuration();
        // Proves that nothing on the way falls back to Kryo.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        DataStream<SensorReading> source = env.fromData(TypeInformation.of(SensorReading.class),
                withBad.toArray(new SensorReading[0])).setParallelism(1);
        LtcStreams out = LtcPipeline.apply(source,
                LtcOperatorConfig.builder(model.toString()).build());
        CloseableIterator<RejectedReading> dead = out.deadLetters().executeAndCollect("dead letters");
        List<RejectedReading> deadList = new ArrayList<>();
        dead.forEachRemaining(deadList::add);
        dead.close();
        assertThat(deadList).extracting(RejectedReading::code)
                .containsExactlyInAnyOrder("null-key", "not-finite");

        StreamExecutionEnvironment env2 = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env2.setParallelism(2);
        LtcStreams out2 = LtcPipeline.apply(env2.fromData(TypeInformation.of(SensorReading.class),
                stream.toArray(new SensorReading[0])).setParallelism(1),
                LtcOperatorConfig.builder(model.toString()).build());
        List<Forecast> forecasts = new ArrayList<>();
        try (CloseableIterator<Forecast> it = out2.forecasts().executeAndCollect("forecasts")) {
            it.forEachRemaining(forecasts::add);
        }
        List<double[]> ref = OperatorFixtures.reference(ModelFiles.read(model), stream, 1000.0);
        Map<String, double[]> expected = new HashMap<>();
        for (int i = 0; i < stream.size(); i++) {
            expected.put(stream.get(i).key + "@" + stream.get(i).timestamp, ref.get(i));
        }
        assertThat(forecasts).hasSize(stream.size());
        Map<String, Long> lastSeen = new HashMap<>();
        for (Forecast f : forecasts) {
            double[] e = expected.get(f.key + "@" + f.timestamp);
            if (e == null) {
                assertThat(f.isFirst()).isTrue();
            } else {
                assertThat(f.forecast).containsExactly(e);
            }
            // Per key, forecasts leave in input (time) order.
            assertThat(f.timestamp).isGreaterThan(lastSeen.getOrDefault(f.key, Long.MIN_VALUE));
            lastSeen.put(f.key, f.timestamp);
        }
    }
}
