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
import io.ltcflink.flink.LtcKeyedFunction;
import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.jobs.bench.CellFactory;
import io.ltcflink.jobs.bench.OperatorBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltc bench operator}: records/s of the LTC pipeline and of a trivial keyed pipeline with
 * the same state size, on the heap and/or RocksDB backends, side by side in one process; with
 * {@code --compare-keys}, the same runs at a second key count, interleaved, and the ratio of the
 * two; with {@code --checkpoint-interval}, incremental checkpoints during the runs and their sizes
 * and durations.
 */
@Command(
        name = "operator",
        mixinStandardHelpOptions = true,
        description = "Throughput of the LTC operator vs a trivial keyed function (heap, RocksDB),"
                + " at one or two key counts, with optional checkpoints.")
final class BenchOperatorCommand implements Callable<Integer> {

    @Option(names = "--keys", defaultValue = "10000", description = "Distinct keys (default ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--compare-keys", paramLabel = "K",
            description = "Also run every pipeline with K keys (same records, model and backend),"
                    + " interleaved with the --keys runs, and report the ratio of their rates.")
    Integer compareKeys;

    @Option(names = "--records", defaultValue = "400000", description = "Records per pipeline run (default ${DEFAULT-VALUE}).")
    long records;

    @Option(names = "--warm-rounds", defaultValue = "1", paramLabel = "N",
            description = "Rounds over all keys before the timed part of each run: round r is every"
                    + " key's (r+1)-th record, and a key's first record gives no forecast"
                    + " (default ${DEFAULT-VALUE}).")
    int warmRounds;

    @Option(names = "--repeats", defaultValue = "5", description = "Runs per pipeline; the median is reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--warm-up", defaultValue = "100000", paramLabel = "R",
            description = "Records of one untimed run of each pipeline per backend first, so that the"
                    + " JIT has compiled both before timing (default ${DEFAULT-VALUE}; 0: none).")
    long warmUp;

    @Option(names = "--backend", defaultValue = "both", paramLabel = "hashmap|rocksdb|both",
            description = "State backend(s) to run (default ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--checkpoint-interval", paramLabel = "D", converter = Durations.class,
            description = "Checkpoint every D during the runs (incremental on RocksDB) and report"
                    + " the completed checkpoints' sizes and durations (default: no checkpoints).")
    Duration checkpointInterval;

    @Option(names = "--managed-memory", defaultValue = "512m", paramLabel = "SIZE",
            description = "The TaskManager's managed memory, which RocksDB's block cache and write"
                    + " buffers share (default ${DEFAULT-VALUE}: what a standalone TaskManager of"
                    + " Flink's default 1728m process size gets; a bare MiniCluster gets 128m)."
                    + " Below the state's size most reads miss the cache.")
    String managedMemory;

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

    /** The serialized size of one key's LTC state value (no key, no backend overhead). */
    private int valueBytes;

    @Override
    public Integer call() throws Exception {
        int[] keyCounts = compareKeys == null ? new int[] {keys} : new int[] {keys, compareKeys};
        int most = Arrays.stream(keyCounts).max().getAsInt();
        if (Arrays.stream(keyCounts).min().getAsInt() < 1 || repeats < 1 || warmUp < 0
                || warmRounds < 0 || records <= (long) most * warmRounds + 1) {
            throw new IllegalArgumentException(String.format(
                    "need keys and compare-keys >= 1, repeats >= 1, warm-up >= 0, warm-rounds >= 0"
                            + " and records > keys × warm-rounds + 1 for every key count: keys %s,"
                            + " compare-keys %s, repeats %s, warm-up %s, warm-rounds %s, records %s",
                    keys, compareKeys, repeats, warmUp, warmRounds, records));
        }
        if (checkpointInterval != null && (checkpointInterval.isNegative() || checkpointInterval.isZero())) {
            throw new IllegalArgumentException(
                    "--checkpoint-interval must be positive: " + checkpointInterval);
        }
        String[] backends = backends(backend);
        RecurrentCell cell = CellFactory.create(new CellFactory.Spec(
                "ltc", units, inputs, 1, wiring, mode, 6, 128, 42));
        Path dir = Files.createTempDirectory("ltc-bench");
        Path modelFile = dir.resolve("bench.model");
        ModelFiles.write(Model.of(cell), modelFile, ModelEncoding.BINARY);
        LtcOperatorConfig ltc = LtcOperatorConfig.builder(modelFile.toString()).build();
        // The operator keeps per key: hidden (N), last input (S), scorer (2 for one output) and
        // a few scalars; the trivial function keeps a double[] of the same length.
        int stateDoubles = cell.stateSize() + inputs + 2 + 3;
        valueBytes = LtcKeyedFunction.stateBytesPerKey(Model.of(cell), inputs, 1, ltc.scorer());

        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("benchmark", "operator");
        o.put("records", records);
        o.put("keys", keys);
        if (compareKeys != null) {
            o.put("compareKeys", compareKeys);
        }
        o.put("warmRounds", warmRounds);
        o.put("timed", String.format(Locale.ROOT, "each run's records after the first %d per key"
                + " (%d rounds over the keys), from the first to the last of them at the sink",
                warmRounds, warmRounds));
        o.put("repeats", repeats);
        o.put("warmUpRecords", warmUp);
        o.put("mode", NumericMode.fromFileName(mode).fileName());
        o.put("parallelism", 1);
        o.put("model", cell.toString());
        o.put("params", cell.parameterCount());
        o.put("managedMemoryBytes", managedMemorySize().getBytes());
        o.put("checkpointInterval", checkpointInterval == null ? null : checkpointInterval.toString());
        ArrayNode results = o.putArray("results");
        for (String b : backends) {
            Configuration conf = configuration(b, dir);
            List<Series> series = new ArrayList<>();
            try (OperatorBenchmark bench = new OperatorBenchmark(conf)) {
                if (warmUp > 0) {
                    int w = (int) Math.min(keys, Math.max(1, warmUp / (warmRounds + 2)));
                    bench.run(null, warmUp, w, inputs, stateDoubles, warmRounds);
                    bench.run(ltc, warmUp, w, inputs, stateDoubles, warmRounds);
                }
                for (int k : keyCounts) {
                    series.add(new Series(b, k, repeats));
                }
                for (int r = 0; r < repeats; r++) {
                    // Interleaved, so slow phases of a shared machine hit every series alike.
                    for (Series s : series) {
                        s.trivial[r] = bench.run(null, records, s.keys, inputs, stateDoubles, warmRounds);
                        s.ltc[r] = bench.run(ltc, records, s.keys, inputs, stateDoubles, warmRounds);
                        System.err.printf("%s, %d keys, run %d: trivial %.0f rec/s, ltc %.0f rec/s%n",
                                b, s.keys, r + 1, s.trivial[r].recordsPerSec(),
                                s.ltc[r].recordsPerSec());
                    }
                }
            }
            for (Series s : series) {
                results.add(s.json());
            }
            String name = b.equals("hashmap") ? "Heap" : "Rocksdb";
            Series main = series.get(0);
            o.put("ltcRecordsPerSec" + name, main.ltcMedian());
            o.put("trivialRecordsPerSec" + name, main.trivialMedian());
            o.put("ratio" + name, main.ltcMedian() / main.trivialMedian());
            o.set("ltcRuns" + name, main.json().get("ltcRuns"));
            o.set("trivialRuns" + name, main.json().get("trivialRuns"));
            if (series.size() > 1) {
                Series other = series.get(1);
                o.put("ltcKeyScaleRatio" + name, main.ltcMedian() / other.ltcMedian());
                o.put("trivialKeyScaleRatio" + name, main.trivialMedian() / other.trivialMedian());
            }
        }
        System.out.println(new ObjectMapper().writeValueAsString(o));
        return 0;
    }

    private static String[] backends(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "both":
                return new String[] {"hashmap", "rocksdb"};
            case "hashmap":
            case "rocksdb":
                return new String[] {name.toLowerCase(Locale.ROOT)};
            default:
                throw new IllegalArgumentException(
                        "--backend must be hashmap, rocksdb or both: " + name);
        }
    }

    private Configuration configuration(String b, Path dir) throws java.io.IOException {
        Configuration conf = FlinkLocal.configuration(b);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, managedMemorySize());
        if (checkpointInterval != null) {
            conf.setString("execution.checkpointing.interval", checkpointInterval.toMillis() + " ms");
            conf.setString("execution.checkpointing.storage", "filesystem");
            conf.setString("execution.checkpointing.dir",
                    Files.createTempDirectory(dir, "checkpoints-" + b).toUri().toString());
            conf.setString("execution.checkpointing.incremental", "true");
            // Keep every checkpoint of a run in the statistics, not only the last ten.
            conf.setString("web.checkpoints.history", "100000");
        }
        return conf;
    }

    private MemorySize managedMemorySize() {
        MemorySize size;
        try {
            size = MemorySize.parse(managedMemory);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--managed-memory must be a size such as 128m or 1g: " + managedMemory, e);
        }
        if (size.getBytes() < MemorySize.parse("16m").getBytes()) {
            throw new IllegalArgumentException("--managed-memory must be at least 16m: " + managedMemory);
        }
        return size;
    }

    /** The runs of both pipelines at one key count on one backend. */
    private final class Series {
        final String backend;
        final int keys;
        final OperatorBenchmark.Run[] ltc;
        final OperatorBenchmark.Run[] trivial;

        Series(String backend, int keys, int repeats) {
            this.backend = backend;
            this.keys = keys;
            this.ltc = new OperatorBenchmark.Run[repeats];
            this.trivial = new OperatorBenchmark.Run[repeats];
        }

        double ltcMedian() {
            return median(Arrays.stream(ltc).mapToDouble(OperatorBenchmark.Run::recordsPerSec).toArray());
        }

        double trivialMedian() {
            return median(Arrays.stream(trivial).mapToDouble(OperatorBenchmark.Run::recordsPerSec).toArray());
        }

        ObjectNode json() {
            ObjectNode n = new ObjectMapper().createObjectNode();
            n.put("backend", backend);
            n.put("keys", keys);
            n.put("ltcRecordsPerSec", ltcMedian());
            n.put("trivialRecordsPerSec", trivialMedian());
            n.put("ratio", ltcMedian() / trivialMedian());
            n.put("timedRecordsPerRun", ltc[0].timedRecords());
            n.put("stateValueBytesPerKey", valueBytes);
            ArrayNode lr = n.putArray("ltcRuns");
            ArrayNode tr = n.putArray("trivialRuns");
            for (int r = 0; r < ltc.length; r++) {
                lr.add(Math.round(ltc[r].recordsPerSec()));
                tr.add(Math.round(trivial[r].recordsPerSec()));
            }
            if (checkpointInterval != null) {
                n.set("ltcCheckpoints", checkpoints(ltc));
            }
            return n;
        }

        /** The LTC runs' completed checkpoints, pooled. */
        ObjectNode checkpoints(OperatorBenchmark.Run[] runs) {
            List<OperatorBenchmark.Checkpoint> all = new ArrayList<>();
            int failed = 0;
            for (OperatorBenchmark.Run r : runs) {
                all.addAll(r.checkpoints());
                failed += r.failedCheckpoints();
            }
            ObjectNode c = new ObjectMapper().createObjectNode();
            c.put("completed", all.size());
            c.put("failed", failed);
            if (all.isEmpty()) {
                return c;
            }
            c.put("medianCheckpointedBytes", median(all.stream()
                    .mapToDouble(OperatorBenchmark.Checkpoint::checkpointedSize).toArray()));
            c.put("medianDurationMillis", median(all.stream()
                    .mapToDouble(OperatorBenchmark.Checkpoint::durationMillis).toArray()));
            c.put("maxDurationMillis", all.stream()
                    .mapToLong(OperatorBenchmark.Checkpoint::durationMillis).max().getAsLong());
            c.put("medianFullStateBytes", median(all.stream()
                    .mapToDouble(OperatorBenchmark.Checkpoint::stateSize).toArray()));
            c.put("maxFullStateBytes", all.stream()
                    .mapToLong(OperatorBenchmark.Checkpoint::stateSize).max().getAsLong());
            // Each run's last checkpoint is taken once every record is in the state. A checkpoint
            // flushes RocksDB's memtables first, so its full size is every SST file the state then
            // consists of: compacted as far as RocksDB had got, superseded values included.
            double last = median(Arrays.stream(runs).filter(r -> !r.checkpoints().isEmpty())
                    .mapToDouble(r -> r.checkpoints().get(r.checkpoints().size() - 1).stateSize())
                    .toArray());
            c.put("lastFullStateBytes", last);
            c.put("bytesPerKey", last / keys);
            ArrayNode each = c.putArray("eachRun");
            for (OperatorBenchmark.Run r : runs) {
                ArrayNode run = each.addArray();
                for (OperatorBenchmark.Checkpoint k : r.checkpoints()) {
                    run.add(new ObjectMapper().createArrayNode().add(k.stateSize())
                            .add(k.checkpointedSize()).add(k.durationMillis()));
                }
            }
            return c;
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return Stats.medianInterpolated(s);
    }
}
