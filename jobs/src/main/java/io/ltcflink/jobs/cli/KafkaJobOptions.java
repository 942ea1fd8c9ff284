package io.ltcflink.jobs.cli;

import static io.ltcflink.jobs.kafka.JobOptions.BOOTSTRAP;
import static io.ltcflink.jobs.kafka.JobOptions.CHECKPOINT_DIR;
import static io.ltcflink.jobs.kafka.JobOptions.CHECKPOINT_INTERVAL;
import static io.ltcflink.jobs.kafka.JobOptions.DELIVERY;
import static io.ltcflink.jobs.kafka.JobOptions.IDLENESS;
import static io.ltcflink.jobs.kafka.JobOptions.INPUT_FORMAT;
import static io.ltcflink.jobs.kafka.JobOptions.INPUT_TOPIC;
import static io.ltcflink.jobs.kafka.JobOptions.MAX_AHEAD_OF_CLOCK;
import static io.ltcflink.jobs.kafka.JobOptions.MEASURE_CPU;
import static io.ltcflink.jobs.kafka.JobOptions.OUTPUT_FORMAT;
import static io.ltcflink.jobs.kafka.JobOptions.OUT_OF_ORDERNESS;
import static io.ltcflink.jobs.kafka.JobOptions.PARALLELISM;
import static io.ltcflink.jobs.kafka.JobOptions.STARTING_OFFSETS;
import static io.ltcflink.jobs.kafka.JobOptions.STATE_BACKEND;
import static io.ltcflink.jobs.kafka.JobOptions.STATE_TTL;
import static io.ltcflink.jobs.kafka.JobOptions.TIME_UNIT;
import static io.ltcflink.jobs.kafka.JobOptions.TRANSACTIONAL_ID_PREFIX;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The Kafka, checkpointing and time settings that {@code ltc job} and {@code ltc sidecar} share,
 * each named as its {@link io.ltcflink.jobs.kafka.JobOptions} key. The model, the output topics
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
    @Option(names = "--max-parallelism", paramLabel = "N",
            description = "Key groups of the state, fixed for its life (default 128).")
    String maxParallelism;
    @Option(names = "--state-backend", paramLabel = "rocksdb|hashmap") String stateBackend;
    @Option(names = "--checkpoint-interval", paramLabel = "D") String checkpointInterval;
    @Option(names = "--checkpoint-dir", paramLabel = "URI") String checkpointDir;
    @Option(names = "--buffer-timeout", paramLabel = "D",
            description = "How long a record may wait in a network buffer before it is sent on"
                    + " (default 10ms; 0: every record at once).")
    String bufferTimeout;
    @Option(names = "--out-of-orderness", paramLabel = "D",
            description = "Watermarks' bounded out-of-orderness.") String outOfOrderness;
    @Option(names = "--idleness", paramLabel = "D",
            description = "A partition silent this long does not hold back event time.")
    String idleness;
    @Option(names = "--max-ahead-of-clock", paramLabel = "D",
            description = "How far a reading's timestamp may be ahead of the wall clock (at most"
                    + " 1h; default 10min); further ahead it is a dead letter.")
    String maxAheadOfClock;
    @Option(names = "--time-unit", paramLabel = "ms|s|min") String timeUnit;
    @Option(names = "--state-ttl", paramLabel = "D") String stateTtl;
    @Option(names = "--measure-cpu",
            description = "Put each forecast's thread CPU time in cpuNanos (for ltc compare).")
    boolean measureCpu;
    @Option(names = "--transactional-id-prefix") String transactionalIdPrefix;

    /** Adds the options that were given to {@code flags}, by their config key. */
    void putInto(Map<String, String> flags) {
        flags.put(BOOTSTRAP.key(), bootstrap);
        flags.put(INPUT_TOPIC.key(), inputTopic);
        flags.put(INPUT_FORMAT.key(), inputFormat);
        flags.put(OUTPUT_FORMAT.key(), outputFormat);
        flags.put(DELIVERY.key(), delivery);
        flags.put(STARTING_OFFSETS.key(), startingOffsets);
        flags.put(PARALLELISM.key(), parallelism);
        flags.put(io.ltcflink.jobs.kafka.JobOptions.MAX_PARALLELISM.key(), maxParallelism);
        flags.put(STATE_BACKEND.key(), stateBackend);
        flags.put(CHECKPOINT_INTERVAL.key(), checkpointInterval);
        flags.put(CHECKPOINT_DIR.key(), checkpointDir);
        flags.put(io.ltcflink.jobs.kafka.JobOptions.BUFFER_TIMEOUT.key(), bufferTimeout);
        flags.put(OUT_OF_ORDERNESS.key(), outOfOrderness);
        flags.put(IDLENESS.key(), idleness);
        flags.put(MAX_AHEAD_OF_CLOCK.key(), maxAheadOfClock);
        flags.put(TIME_UNIT.key(), timeUnit);
        flags.put(STATE_TTL.key(), stateTtl);
        flags.put(MEASURE_CPU.key(), measureCpu ? "true" : null);
        flags.put(TRANSACTIONAL_ID_PREFIX.key(), transactionalIdPrefix);
    }
}
