package io.ltcflink.jobs.cli;

import io.ltcflink.flink.sql.LtcForecastFunction;
import io.ltcflink.jobs.kafka.StandaloneKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltc sql}: runs a file of SQL statements on a local MiniCluster with {@code LTC_FORECAST}
 * registered, against a Kafka broker: the one given, or an embedded one started for the run.
 * {@code ${bootstrap}} in the file stands for the broker's address. The INSERT statements run as
 * one job; SELECT results are printed.
 */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description = "Run SQL statements (with LTC_FORECAST) on a MiniCluster; an embedded Kafka"
                + " broker unless --bootstrap is given.")
final class SqlCommand implements Callable<Integer> {

    @Option(names = "--file", required = true, paramLabel = "QUERY.sql",
            description = "Statements separated by ';' at the end of a line; ${bootstrap} is"
                    + " replaced by the broker's address.")
    Path file;

    @Option(names = "--bootstrap", paramLabel = "H:P",
            description = "Kafka broker (default: an embedded one for the run).")
    String bootstrap;

    @Option(names = "--topics", split = ",", paramLabel = "T",
            description = "Topics to create first (one partition each).")
    List<String> topics = new ArrayList<>();

    @Option(names = "--duration", converter = Durations.class, paramLabel = "D",
            description = "Stop the INSERT job after this long (default: run until it ends).")
    Duration duration;

    @Option(names = "--state-backend", defaultValue = "hashmap", paramLabel = "hashmap|rocksdb",
            description = "Default ${DEFAULT-VALUE}.")
    String stateBackend;

    @Option(names = "--parallelism", defaultValue = "1", paramLabel = "P",
            description = "Default ${DEFAULT-VALUE}.")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(String.format("cannot read --file %s", file));
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        StandaloneKafka embedded = null;
        try {
            String broker = bootstrap;
            if (broker == null) {
                Path dir = Files.createTempDirectory("ltc-sql-kafka");
                embedded = StandaloneKafka.startChild(dir, StandaloneKafka.freePort(),
                        Duration.ofSeconds(60));
                broker = embedded.bootstrap();
                System.err.printf("embedded Kafka broker at %s%n", broker);
            }
            if (!topics.isEmpty()) {
                createTopics(broker, topics);
            }
            run(statements(text.replace("${bootstrap}", broker)));
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        return 0;
    }

    private void run(List<String> statements) throws Exception {
        StreamExecutionEnvironment env =
                FlinkLocal.environment(parallelism, FlinkLocal.configuration(stateBackend));
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        tEnv.createTemporarySystemFunction(LtcForecastFunction.NAME, LtcForecastFunction.class);
        StatementSet inserts = tEnv.createStatementSet();
        int insertCount = 0;
        for (String s : statements) {
            String head = s.stripLeading().toUpperCase(Locale.ROOT);
            if (head.startsWith("INSERT")) {
                inserts.addInsertSql(s);
                insertCount++;
            } else if (head.startsWith("SELECT") || head.startsWith("WITH")) {
                tEnv.executeSql(s).print();
            } else {
                tEnv.executeSql(s);
            }
        }
        if (insertCount == 0) {
            return;
        }
        TableResult result = inserts.execute();
        if (duration == null) {
            result.await();
            return;
        }
        try {
            result.await(duration.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            result.getJobClient().orElseThrow().cancel().get();
            System.err.printf("stopped the job after %s%n", duration);
        }
    }

    /** Statements separated by a ';' that ends a line (outside quotes); comments dropped. */
    static List<String> statements(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String l = line.strip();
            if (l.startsWith("--") || l.isEmpty()) {
                continue;
            }
            cur.append(line).append('\n');
            if (l.endsWith(";")) {
                String s = cur.toString().strip();
                out.add(s.substring(0, s.length() - 1));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }

    private static void createTopics(String broker, List<String> names) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin
                .create(java.util.Map.of("bootstrap.servers", broker))) {
            List<org.apache.kafka.clients.admin.NewTopic> nt = new ArrayList<>();
            for (String t : names) {
                nt.add(new org.apache.kafka.clients.admin.NewTopic(t, 1, (short) 1));
            }
            try {
                admin.createTopics(nt).all().get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause()
                        instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
            }
        }
    }
}
