package io.ltcflink.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelEncoding;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.core.stats.Stats;
import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.jobs.bench.CellFactory;
import io.ltcflink.jobs.bench.OperatorBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltc bench operator}: records/s of the LTC pipeline and of a trivial keyed pipeline with
 * the same state size, on the heap and RocksDB backends, side by side in one process.
 */
@Command(
        name = "operator",
        mixinStandardHelpOptions = true,
        description = "Throughput of the LTC operator vs a trivial keyed function (heap, RocksDB).")
final class BenchOperatorCommand implements Callable<Integer> {

    @Option(names = "--keys", defaultValue = "10000", description = "Distinct keys (default ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--records", defaultValue = "400000", description = "Records per pipeline run (default ${DEFAULT-VALUE}).")
    long records;

    @Option(names = "--repeats", defaultValue = "5", description = "Runs per pipeline; the median is reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warm-up", defaultValue = "100000", paramLabel = "R",
            description = "Records of one untimed run of each pipeline per backend first, so that the"
                    + " JIT has compiled both before timing (default ${DEFAULT-VALUE}; 0: none).")
    long warmUp;

    @Option(names = "--units", defaultValue = "16", description = "LTC neurons (default ${DEFAULT-VALUE}, the demo model's size).")
    int units;

    @Option(names = "--inputs", defaultValue = "4", description = "Channels per reading (default ${DEFAULT-VALUE}).")
    int inputs;

    @Option(names = "--wiring", defaultValue = "fc", description = "fc or autoncp (default ${DEFAULT-VALUE}).")
    String wiring;

    @Option(names = "--mode", defaultValue = "fast",
            description = "The LTC's numeric mode, exact or fast (default ${DEFAULT-VALUE}: the mode"
                    + " for serving dense models; both reproduce ncps to 1e-12).")
    String mode;

    @Option(names = "--json", description = "Print JSON (the only output format; accepted for clarity).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (keys < 1 || records < keys || repeats < 1 || warmUp < 0) {
            throw new IllegalArgumentException(String.format(
                    "need keys >= 1, records >= keys, repeats >= 1 and warm-up >= 0: %s, %s, %s, %s",
                    keys, records, repeats, warmUp));
        }
        RecurrentCell cell = CellFactory.create(new CellFactory.Spec(
                "ltc", units, inputs, 1, wiring, mode, 6, 128, 42));
        Path dir = Files.createTempDirectory("ltc-bench");
        Path modelFile = dir.resolve("bench.model");
        ModelFiles.write(Model.of(cell), modelFile, ModelEncoding.BINARY);
        LtcOperatorConfig ltc = LtcOperatorConfig.builder(modelFile.toString()).build();
        // The operator keeps per key: hidden (N), last input (S), scorer (2 for one output) and
        // a few scalars; the trivial function keeps a double[] of the same length.
        int stateDoubles = cell.stateSize() + inputs + 2 + 3;

        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("benchmark", "operator");
        o.put("records", records);
        o.put("keys", keys);
        o.put("repeats", repeats);
        o.put("warmUpRecords", warmUp);
        o.put("mode", NumericMode.fromFileName(mode).fileName());
        o.put("parallelism", 1);
        o.put("model", cell.toString());
        o.put("params", cell.parameterCount());
        for (String backend : new String[] {"hashmap", "rocksdb"}) {
            Configuration conf = FlinkLocal.configuration(backend);
            double[] ltcRates = new double[repeats];
            double[] trivialRates = new double[repeats];
            if (warmUp > 0) {
                OperatorBenchmark.run(conf, null, warmUp, keys, inputs, stateDoubles);
                OperatorBenchmark.run(conf, ltc, warmUp, keys, inputs, stateDoubles);
            }
            for (int r = 0; r < repeats; r++) {
                // Interleaved, so slow phases of a shared machine hit both pipelines alike.
                trivialRates[r] = OperatorBenchmark.run(conf, null, records, keys, inputs, stateDoubles);
                ltcRates[r] = OperatorBenchmark.run(conf, ltc, records, keys, inputs, stateDoubles);
                System.err.printf("%s run %d: trivial %.0f rec/s, ltc %.0f rec/s%n",
                        backend, r + 1, trivialRates[r], ltcRates[r]);
            }
            double l = median(ltcRates);
            double t = median(trivialRates);
            String name = backend.equals("hashmap") ? "Heap" : "Rocksdb";
            o.put("ltcRecordsPerSec" + name, l);
            o.put("trivialRecordsPerSec" + name, t);
            o.put("ratio" + name, l / t);
            ArrayNode ltcRuns = o.putArray("ltcRuns" + name);
            ArrayNode trivialRuns = o.putArray("trivialRuns" + name);
            for (int r = 0; r < repeats; r++) {
                ltcRuns.add(Math.round(ltcRates[r]));
                trivialRuns.add(Math.round(trivialRates[r]));
            }
        }
        System.out.println(new ObjectMapper().writeValueAsString(o));
        return 0;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return Stats.medianInterpolated(s);
    }
}
