package io.ltcflink.jobs.cli;

import io.ltcflink.jobs.kafka.StandaloneKafka;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ltc kafka --port P}: a standalone single-node KRaft broker, until stopped. */
@Command(
        name = "kafka",
        mixinStandardHelpOptions = true,
        description = "Run a standalone single-node Kafka broker (KRaft) on 127.0.0.1 until stopped.")
final class KafkaCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "Client port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--dir", paramLabel = "DIR", description = "Data directory (default: a new temporary one).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path d = dir != null ? dir : java.nio.file.Files.createTempDirectory("ltc-kafka");
        System.err.printf("Kafka broker on 127.0.0.1:%d, data in %s (Ctrl-C to stop)%n", port, d);
        StandaloneKafka.runHere(d, port);
        return 0;
    }
}
