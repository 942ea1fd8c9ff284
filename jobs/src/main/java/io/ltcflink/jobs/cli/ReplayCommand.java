package io.ltcflink.jobs.cli;

import io.ltcflink.core.cell.LtcSolver;
import io.ltcflink.core.cell.NumericMode;
import io.ltcflink.core.cell.SolverSettings;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.core.engine.LongGapPolicy;
import io.ltcflink.core.engine.SwapPolicy;
import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.flink.OutOfOrderMode;
import io.ltcflink.flink.sql.LtcSqlOptions;
import io.ltcflink.jobs.replay.ModelSchedule;
import io.ltcflink.jobs.replay.ReplayJob;
import io.ltcflink.jobs.replay.ReplayRow;
import io.ltcflink.jobs.replay.SqlReplayJob;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltc replay}: the real operator on a local MiniCluster over a bounded CSV of readings;
 * one output row per reading, in input order per key.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Run the LTC operator on a MiniCluster over a CSV of readings (key,timestamp,x0,...).")
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "READINGS.csv", description = "key,timestamp(epoch ms),x0,...")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "FORECASTS.csv",
            description = "key,timestamp,dt,first,y0,...,score,alert; late and dead-letter rows"
                    + " go to FORECASTS.csv.rejected.csv")
    Path output;

    /** The older spelling of {@code --out}. */
    @Option(names = "--output", hidden = true, preprocessor = OldSpelling.class)
    String oldOutput;

    @Option(names = "--time-unit", defaultValue = "s", paramLabel = "ms|s|min", description = "Event time of one time unit of the model's training data; the model's"
            + " own unit, recorded in its file, applies on top (default ${DEFAULT-VALUE}).")
    String timeUnit;

    @Option(names = "--state-backend", defaultValue = "hashmap", paramLabel = "hashmap|rocksdb", description = "Default ${DEFAULT-VALUE}.")
    String stateBackend;

    @Option(names = "--out-of-order", defaultValue = "arrival", paramLabel = "arrival|event-time", description = "Default ${DEFAULT-VALUE}.")
    String outOfOrder;

    @Option(names = "--bound", defaultValue = "0ms", paramLabel = "D", converter = Durations.class, description = "Watermarks' bounded out-of-orderness, e.g. 500ms, 5s (default ${DEFAULT-VALUE}).")
    Duration bound;

    @Option(names = "--parallelism", defaultValue = "1", paramLabel = "P", description = "Operator parallelism (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--max-gap", paramLabel = "D", converter = Durations.class, description = "Gaps longer than this apply --long-gap.")
    Duration maxGap;

    @Option(names = "--long-gap", defaultValue = "reset", paramLabel = "reset|keep", description = "Past --max-gap: reset the key or keep integrating (default ${DEFAULT-VALUE}).")
    String longGap;

    @Option(names = "--max-step", paramLabel = "H", description = "Sub-step long gaps: max(K, ceil(dt/H)) sub-steps (model units).")
    Double maxStep;

    @Option(names = "--max-sub-steps", defaultValue = "1000", description = "Cap on sub-steps per record (default ${DEFAULT-VALUE}).")
    int maxSubSteps;

    @Option(names = "--numeric-mode", paramLabel = "exact|fast", converter = NumericModes.class,
            description = "An LTC's arithmetic: fast, the vectorised kernel (the operator's"
                    + " default), or exact, the reference arithmetic that training and eval run.")
    NumericMode numericMode;

    @Option(names = "--log-delta", arity = "0..1", paramLabel = "true|false",
            description = "Whether log(dt) is appended to the model input (default: what the"
                    + " model file says; a model trained with it records so).")
    Boolean logDelta;

    @Option(names = "--api", defaultValue = "datastream", paramLabel = "datastream|sql",
            description = "Run the operator as a DataStream operator or as the SQL function"
                    + " LTC_FORECAST; both write the same rows (default ${DEFAULT-VALUE}).")
    String api;

    @Option(names = "--model-updates", paramLabel = "UPDATES.csv",
            description = "Rows timestamp,model: from that event time (epoch ms) on, the named model"
                    + " file handles the records; the output gains a model column.")
    Path modelUpdates;

    @Option(names = "--swap-policy", defaultValue = "reset", paramLabel = "reset|carry|carry-warm",
            description = "At a model switch: reset the key (as if it started at the switch),"
                    + " carry its state over to the new model when both lay it out the same way"
                    + " (else reset), or carry-warm (carry, with the key's anomaly statistics"
                    + " started afresh) (default ${DEFAULT-VALUE}).")
    String swapPolicy;

    @Override
    public Integer call() throws Exception {
        Model m = ModelFiles.read(model);
        if (!Files.isReadable(input)) {
            throw new IllegalArgumentException("cannot read --input " + input);
        }
        LtcOperatorConfig.Builder cfg = LtcOperatorConfig.builder(model.toAbsolutePath().toString())
                .dataTimeUnit(Durations.timeUnit(timeUnit))
                .outOfOrder(OutOfOrderMode.fromName(outOfOrder))
                // The outputs are files, which carry any timestamp: no bound against the clock.
                .maxAheadOfClock(null)
                .swapPolicy(swapPolicy());
        if (modelUpdates != null) {
            cfg.modelUpdates(ModelSchedule.read(modelUpdates, m.cell().outputSize()));
        }
        if (numericMode != null) {
            cfg.numericMode(numericMode);
        }
        if (logDelta != null) {
            cfg.logDelta(logDelta);
        }
        if (maxGap != null) {
            cfg.maxGap(maxGap, "keep".equalsIgnoreCase(longGap)
                    ? LongGapPolicy.KEEP_INTEGRATING : LongGapPolicy.RESET);
        }
        if (maxStep != null) {
            cfg.solver(SolverSettings.subStepping(LtcSolver.FUSED, maxStep, maxSubSteps));
        }
        StreamExecutionEnvironment env =
                FlinkLocal.environment(parallelism, FlinkLocal.configuration(stateBackend));
        FileSource<String> source = FileSource
                .forRecordStreamFormat(new TextLineInputFormat(),
                        new org.apache.flink.core.fs.Path(input.toAbsolutePath().toUri()))
                .build();
        DataStream<String> lines = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "readings CSV")
                .setParallelism(1);
        int outputs = m.cell().outputSize();
        DataStream<ReplayRow> rows;
        if ("sql".equalsIgnoreCase(api)) {
            rows = SqlReplayJob.buildPipeline(StreamTableEnvironment.create(env), lines,
                    sqlOptions(cfg.build()), bound, outputs);
        } else if ("datastream".equalsIgnoreCase(api)) {
            rows = ReplayJob.buildPipeline(lines, cfg.build(), bound, outputs);
        } else {
            throw new IllegalArgumentException(String.format(
                    "unknown --api '%s': expected datastream or sql", api));
        }

        Path tmp = output.toAbsolutePath().resolveSibling(output.getFileName() + ".partial");
        Path rejected = output.toAbsolutePath().resolveSibling(output.getFileName() + ".rejected.csv");
        long[] counts = new long[4];
        long start = System.nanoTime();
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                BufferedWriter r = Files.newBufferedWriter(rejected, StandardCharsets.UTF_8);
                CloseableIterator<ReplayRow> it = rows.executeAndCollect("ltc replay")) {
            w.write(ReplayJob.forecastHeader(outputs, modelUpdates != null));
            w.newLine();
            r.write(ReplayJob.REJECTED_HEADER);
            r.newLine();
            while (it.hasNext()) {
                ReplayRow row = it.next();
                counts[row.kind]++;
                BufferedWriter target = row.kind == ReplayRow.FORECAST ? w : r;
                target.write(row.line);
                target.newLine();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING);
        double secs = (System.nanoTime() - start) / 1e9;
        System.err.printf("replayed %d forecasts, %d late, %d dead letters in %.1f s (model %s) -> %s%n",
                counts[ReplayRow.FORECAST], counts[ReplayRow.LATE], counts[ReplayRow.DEAD_LETTER],
                secs, m.id(), output);
        return 0;
    }

    private SwapPolicy swapPolicy() {
        try {
            return SwapPolicy.fromName(swapPolicy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--swap-policy " + e.getMessage(), e);
        }
    }

    /** The SQL function's arguments for this command line's operator configuration. */
    private LtcSqlOptions sqlOptions(LtcOperatorConfig config) {
        if (!config.modelUpdates().isEmpty()) {
            throw new IllegalArgumentException("--api sql takes no --model-updates: LTC_FORECAST"
                    + " runs one model");
        }
        if (maxStep != null || logDelta != null) {
            throw new IllegalArgumentException(String.format(
                    "--api sql takes no %s: LTC_FORECAST has no such argument",
                    maxStep != null ? "--max-step" : "--log-delta"));
        }
        LtcSqlOptions o = new LtcSqlOptions();
        o.model = config.modelLocation();
        o.timeUnit = config.dataTimeUnit().toMillis() + " ms";
        o.outOfOrder = outOfOrder;
        if (maxGap != null) {
            o.maxGap = maxGap.toMillis() + " ms";
            o.longGap = "keep".equalsIgnoreCase(longGap) ? "keep" : "reset";
        }
        if (numericMode != null) {
            o.numericMode = numericMode.fileName();
        }
        o.maxAheadOfClock = "none";
        return o;
    }
}
