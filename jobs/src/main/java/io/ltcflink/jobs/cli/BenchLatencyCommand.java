package io.ltcflink.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.jobs.bench.LatencyBenchmark;
import io.ltcflink.jobs.kafka.JobOptions.Delivery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltc bench latency}: end-to-end latency of the Kafka anomaly job, from a reading handed
 * to the producer to its forecast returned by a consumer, at a steady rate.
 */
@Command(
        name = "latency",
        mixinStandardHelpOptions = true,
        description = "End-to-end latency of the Kafka anomaly job (embedded KRaft broker, job on a"
                + " MiniCluster with RocksDB) at a steady input rate; prints JSON.")
final class BenchLatencyCommand implements Callable<Integer> {

    @Option(names = "--rate", defaultValue = "10000", description = "Readings per second over all sensors (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "60s", converter = Durations.class,
            description = "How long to measure, after the warm-up (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warm-up", defaultValue = "10s", converter = Durations.class,
            description = "Readings sent in this first stretch are not counted (default ${DEFAULT-VALUE}).")
    Duration warmUp;

    @Option(names = "--delivery", defaultValue = "at-least-once",
            paramLabel = "at-least-once|exactly-once", converter = DemoCommand.DeliveryName.class,
            description = "The job's delivery guarantee; exactly-once is read committed (default ${DEFAULT-VALUE}).")
    Delivery delivery;

    @Option(names = "--checkpoint-interval", defaultValue = "5s", converter = Durations.class,
            description = "The job's checkpoint interval; exactly-once forecasts become visible at"
                    + " each checkpoint (default ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(names = "--buffer-timeout", defaultValue = "10ms", converter = Durations.class,
            description = "The job's network buffer timeout, as `ltc job --buffer-timeout` (default ${DEFAULT-VALUE}).")
    Duration bufferTimeout;

    @Option(names = "--sensors", defaultValue = "100", description = "Sensors, i.e. keys (default ${DEFAULT-VALUE}).")
    int sensors;

    @Option(names = "--parallelism", defaultValue = "1", description = "The job's parallelism and input partitions (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--model", paramLabel = "MODEL", description = "Model file (default: the bundled Lorenz LTC).")
    Path model;

    @Option(names = "--drain-timeout", defaultValue = "60s", converter = Durations.class,
            description = "How long to wait for the last forecasts after the last reading (default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--json", description = "Print JSON (the only output format; accepted for clarity).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        LatencyBenchmark.Settings s = new LatencyBenchmark.Settings(rate, duration, delivery,
                checkpointInterval, sensors, warmUp, parallelism, model, drainTimeout, bufferTimeout);
        System.out.println(new ObjectMapper().writeValueAsString(LatencyBenchmark.run(s, System.err)));
        return 0;
    }
}
