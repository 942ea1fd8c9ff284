package io.ltcflink.jobs.cli;

import io.ltcflink.jobs.generate.Incident;
import io.ltcflink.jobs.generate.ReadingPublisher;
import io.ltcflink.jobs.generate.SensorStream;
import io.ltcflink.jobs.kafka.WireFormat;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltc generate}: streams the data generator's readings to Kafka, keyed by sensor, with some
 * records out of order and some duplicated, and writes the injected anomalies as labels.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Stream generated sensor readings to a Kafka topic (with faults and labelled anomalies).")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT")
    String bootstrap;

    @Option(names = "--topic", required = true)
    String topic;

    @Option(names = "--sensors", defaultValue = "50", description = "Number of sensors (default ${DEFAULT-VALUE}).")
    int sensors;

    @Option(names = "--rate", defaultValue = "200", description = "Records per second over all sensors; 0 = as fast as possible (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--system", defaultValue = "lorenz", description = "lorenz, mackey-glass or oscillator (default ${DEFAULT-VALUE}).")
    String system;

    @Option(names = "--period", defaultValue = "0.05", description = "Nominal sampling period in model time units (default ${DEFAULT-VALUE}).")
    double period;

    @Option(names = "--jitter", defaultValue = "0.3", description = "Interval = period x U(1-j, 1+j) (default ${DEFAULT-VALUE}).")
    double jitter;

    @Option(names = "--drop-rate", defaultValue = "0.2", description = "Bernoulli packet-drop probability (default ${DEFAULT-VALUE}).")
    double dropRate;

    @Option(names = "--burst-rate", defaultValue = "0.0", description = "Probability a burst of drops starts at a tick (default ${DEFAULT-VALUE}).")
    double burstRate;

    @Option(names = "--burst-length", defaultValue = "5", description = "Mean burst length in ticks (default ${DEFAULT-VALUE}).")
    double burstLength;

    @Option(names = "--noise", defaultValue = "0.01", description = "Observation noise relative to each channel's spread (default ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--anomalies", defaultValue = "400", paramLabel = "PERIODS", description = "One injected anomaly per sensor every PERIODS sampling periods; 0 = none (default ${DEFAULT-VALUE}).")
    double anomalyEvery;

    @Option(names = "--out-of-order-rate", defaultValue = "0.01", description = "Fraction of readings delayed behind the next one (default ${DEFAULT-VALUE}).")
    double outOfOrderRate;

    @Option(names = "--duplicate-rate", defaultValue = "0.005", description = "Fraction of readings sent twice (default ${DEFAULT-VALUE}).")
    double duplicateRate;

    @Option(names = "--format", defaultValue = "avro", description = "avro or json (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--time-unit", defaultValue = "s", description = "Event time of one time unit of the generated system: ms, s or min"
            + " (default ${DEFAULT-VALUE}).")
    String timeUnit;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--records", defaultValue = "0", description = "Stop after this many records; 0 = no limit.")
    long records;

    @Option(names = "--duration", converter = Durations.class, description = "Stop after this long (e.g. 60s); default: until --records or Ctrl-C.")
    Duration duration;

    @Option(names = "--labels", paramLabel = "FILE", description = "Write injected anomalies here: sensorId,startMillis,endMillis,label.")
    Path labels;

    @Override
    public Integer call() throws Exception {
        SensorStream.Settings s = new SensorStream.Settings(system, sensors, period, jitter,
                dropRate, burstRate, burstLength, noise, anomalyEvery, outOfOrderRate,
                duplicateRate, seed, System.currentTimeMillis(),
                (double) Durations.timeUnit(timeUnit).toMillis());
        BufferedWriter labelWriter = labels == null ? null : Files.newBufferedWriter(labels);
        if (labelWriter != null) {
            labelWriter.write("sensorId,startMillis,endMillis,label");
            labelWriter.newLine();
        }
        SensorStream stream = new SensorStream(s, (Incident i) -> {
            if (labelWriter != null) {
                try {
                    labelWriter.write(i.csv());
                    labelWriter.newLine();
                    labelWriter.flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        ReadingPublisher publisher = new ReadingPublisher(bootstrap, topic,
                WireFormat.fromName(format), stream, rate, records,
                duration == null ? 0 : duration.toMillis());
        Thread hook = new Thread(publisher::stop);
        Runtime.getRuntime().addShutdownHook(hook);
        System.err.printf("streaming %d %s sensors to %s/%s at %.0f records/s (%s)%n", sensors,
                system, bootstrap, topic, rate, format);
        publisher.run();
        if (labelWriter != null) {
            labelWriter.close();
        }
        System.err.printf("sent %d readings%n", publisher.sent());
        if (publisher.failure() != null) {
            throw publisher.failure();
        }
        return 0;
    }
}
