package io.ltcflink.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import io.ltcflink.jobs.kafka.KafkaAnomalyJob;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Local (MiniCluster) environments configured the way the project's jobs run. */
final class FlinkLocal {

    private FlinkLocal() {}

    /** The configuration for a state backend named {@code hashmap} or {@code rocksdb}. */
    static Configuration configuration(String stateBackend) throws java.io.IOException {
        Configuration conf = new Configuration();
        String backend = stateBackend.toLowerCase(Locale.ROOT);
        if (!backend.equals("hashmap") && !backend.equals("rocksdb")) {
            throw new IllegalArgumentException(String.format(
                    "--state-backend must be hashmap or rocksdb: %s", stateBackend));
        }
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        if (backend.equals("rocksdb")) {
            Path local = Files.createTempDirectory("ltc-rocksdb");
            local.toFile().deleteOnExit();
            conf.setString("state.backend.rocksdb.localdir", local.toString());
            KafkaAnomalyJob.tuneRocksDb(conf);
        }
        // Every type on the way has Flink's own serializer: fail rather than fall back to Kryo.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return conf;
    }

    static StreamExecutionEnvironment environment(int parallelism, Configuration conf) {
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    String.format("--parallelism must be positive: %s", parallelism));
        }
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    }
}
