package io.ltcflink.jobs.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The Kafka, checkpointing and time settings that {@code ltc job} and {@code ltc sidecar} share,
 * each named as its {@link io.ltcflink.jobs.kafka.JobConfig} key. The model, the output topics
 * and the group are each command's own (their defaults differ).
 */
final class KafkaJobOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file with the same keys as the flags (flags win).")
    Path config;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT") String bootstrap;
    @Option(names = "--input-topic", paramLabel = "T") String inputTopic;
    @Option(names = "--input-format", paramLabel = "avro|json") String inputFormat;
    @Option(names = "--output-format", paramLabel = "avro|json") String outputFormat;
    @Option(names = "--delivery", paramLabel = "at-least-once|exactly-once") String delivery;
    @Option(names = "--starting-offsets", paramLabel = "earliest|latest|committed")
    String startingOffsets;
    @Option(names = "--parallelism") String parallelism;
    @Option(names = "--state-backend", paramLabel = "rocksdb|hashmap") String stateBackend;
    @Option(names = "--checkpoint-interval", paramLabel = "D") String checkpointInterval;
    @Option(names = "--checkpoint-dir", paramLabel = "URI") String checkpointDir;
    @Option(names = "--out-of-orderness", paramLabel = "D",
            description = "Watermarks' bounded out-of-orderness.") String outOfOrderness;
    @Option(names = "--idleness", paramLabel = "D",
            description = "A partition silent this long does not hold back event time.")
    String idleness;
    @Option(names = "--time-unit", paramLabel = "ms|s|min") String timeUnit;
    @Option(names = "--state-ttl", paramLabel = "D") String stateTtl;
    @Option(names = "--measure-cpu",
            description = "Put each forecast's thread CPU time in cpuNanos (for ltc compare).")
    boolean measureCpu;
    @Option(names = "--transactional-id-prefix") String transactionalIdPrefix;

    /** Adds the options that were given to {@code flags}, by their config key. */
    void putInto(Map<String, String> flags) {
        flags.put("bootstrap", bootstrap);
        flags.put("input-topic", inputTopic);
        flags.put("input-format", inputFormat);
        flags.put("output-format", outputFormat);
        flags.put("delivery", delivery);
        flags.put("starting-offsets", startingOffsets);
        flags.put("parallelism", parallelism);
        flags.put("state-backend", stateBackend);
        flags.put("checkpoint-interval", checkpointInterval);
        flags.put("checkpoint-dir", checkpointDir);
        flags.put("out-of-orderness", outOfOrderness);
        flags.put("idleness", idleness);
        flags.put("time-unit", timeUnit);
        flags.put("state-ttl", stateTtl);
        flags.put("measure-cpu", measureCpu ? "true" : null);
        flags.put("transactional-id-prefix", transactionalIdPrefix);
    }
}
