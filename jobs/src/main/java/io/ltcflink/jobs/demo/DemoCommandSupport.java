package io.ltcflink.jobs.demo;

import io.ltcflink.jobs.kafka.JobConfig;
import io.ltcflink.jobs.kafka.JobOptions;
import io.ltcflink.jobs.kafka.JobOptions.Delivery;
import io.ltcflink.jobs.kafka.JobOptions.StartingOffsets;
import io.ltcflink.jobs.kafka.JobOptions.StateBackend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** Resources the demo ships with, and the configuration of its anomaly job. */
public final class DemoCommandSupport {

    /** The bundled model: an LTC trained on the generator's Lorenz data. */
    public static final String MODEL_RESOURCE = "/models/demo-lorenz.model.json";

    /** How often the demo's job checkpoints. */
    public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(5);

    private DemoCommandSupport() {}

    /** Copies the bundled model to {@code dir} and returns its path. */
    public static Path bundledModel(Path dir) throws IOException {
        try (InputStream in = DemoCommandSupport.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new IOException("the bundled demo model " + MODEL_RESOURCE
                        + " is missing from the jar; pass --model");
            }
            Path out = dir.resolve("demo-lorenz.model.json");
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        }
    }

    /**
     * The demo's anomaly job, validated: {@code model} on {@code topic} of the broker at {@code
     * bootstrap} from its earliest record, RocksDB with checkpoints every {@link
     * #CHECKPOINT_INTERVAL} under {@code work}, transactional ids of its own, and one alert per
     * incident: a sensor that just alerted stays quiet for 2 s of event time.
     *
     * @throws IllegalArgumentException listing every problem
     */
    public static JobConfig jobConfig(String bootstrap, Path model, String topic,
            Delivery delivery, int parallelism, Path work) {
        return jobConfig(bootstrap, model, topic, delivery, parallelism, work, CHECKPOINT_INTERVAL);
    }

    /** As {@link #jobConfig(String, Path, String, Delivery, int, Path)}, checkpointing every {@code checkpointInterval}. */
    public static JobConfig jobConfig(String bootstrap, Path model, String topic,
            Delivery delivery, int parallelism, Path work, Duration checkpointInterval) {
        return JobConfig.builder()
                .set(JobOptions.BOOTSTRAP, bootstrap)
                .set(JobOptions.MODEL, model.toString())
                .set(JobOptions.INPUT_TOPIC, topic)
                .set(JobOptions.DELIVERY, delivery)
                .set(JobOptions.PARALLELISM, parallelism)
                .set(JobOptions.CHECKPOINT_INTERVAL, checkpointInterval)
                .set(JobOptions.CHECKPOINT_DIR, work.resolve("checkpoints").toUri().toString())
                .set(JobOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST)
                .set(JobOptions.STATE_BACKEND, StateBackend.ROCKSDB)
                .set(JobOptions.ALERT_COOL_DOWN, Duration.ofSeconds(2))
                .set(JobOptions.TRANSACTIONAL_ID_PREFIX, "ltc-demo-" + System.currentTimeMillis())
                .build()
                .requireValid("demo");
    }
}
