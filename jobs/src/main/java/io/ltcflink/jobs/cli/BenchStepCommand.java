package io.ltcflink.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.jobs.bench.CellFactory;
import io.ltcflink.jobs.bench.StepTimer;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltc bench step}: the time of one cell step (batch 1, one thread) as the median over
 * repeated timed runs after a warm-up, printed as one JSON object.
 */
@Command(
        name = "step",
        mixinStandardHelpOptions = true,
        description = "Time one cell step (median of repeated runs after warm-up, one thread).")
final class BenchStepCommand implements Callable<Integer> {

    @Option(names = "--cell", required = true, paramLabel = "ltc|cfc|lstm", description = "Cell kind.")
    String cell;

    @Option(names = "--units", required = true, paramLabel = "N", description = "Neurons / hidden size.")
    int units;

    @Option(names = "--inputs", required = true, paramLabel = "S", description = "Input features.")
    int inputs;

    @Option(names = "--outputs", defaultValue = "1", paramLabel = "M", description = "Outputs (default ${DEFAULT-VALUE}).")
    int outputs;

    @Option(names = "--wiring", defaultValue = "fc", paramLabel = "fc|autoncp", description = "LTC wiring (default ${DEFAULT-VALUE}).")
    String wiring;

    @Option(names = "--mode", defaultValue = "fast", paramLabel = "exact|fast",
            description = "LTC numeric mode (default ${DEFAULT-VALUE}, as inference runs; exact is the reference).")
    String mode;

    @Option(names = "--unfolds", defaultValue = "6", paramLabel = "K", description = "LTC ODE unfolds (default ${DEFAULT-VALUE}).")
    int unfolds;

    @Option(names = "--backbone-units", defaultValue = "128", paramLabel = "U", description = "CfC backbone width (default ${DEFAULT-VALUE}).")
    int backboneUnits;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for the random model (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--runs", defaultValue = "15", description = "Timed runs; the median is reported (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--millis-per-run", defaultValue = "200", description = "Length of each timed run (default ${DEFAULT-VALUE}).")
    int millisPerRun;

    @Option(names = "--warm-up", defaultValue = "1500ms", paramLabel = "D",
            converter = Durations.class,
            description = "Warm-up before timing, e.g. 1500ms, 2s; a plain number is milliseconds"
                    + " (default ${DEFAULT-VALUE}).")
    Duration warmUp;

    /** The older spelling of {@code --warm-up}; its plain number is milliseconds there too. */
    @Option(names = "--warmup-millis", hidden = true, preprocessor = OldSpelling.class)
    String oldWarmupMillis;

    @Option(names = "--evict-kib", defaultValue = "0", paramLabel = "K",
            description = "Write K KiB of other memory between steps, as a pipeline's other work"
                    + " does between records, and time the steps alone (default ${DEFAULT-VALUE}: none).")
    int evictKiB;

    @Option(names = "--json", description = "Print JSON (the only output format; accepted for clarity).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CellFactory.Spec spec = new CellFactory.Spec(
                cell, units, inputs, outputs, wiring, mode, unfolds, backboneUnits, seed);
        RecurrentCell c = CellFactory.create(spec);
        int warmupMillis = Math.toIntExact(warmUp.toMillis());
        StepTimer.Result r = StepTimer.measure(c, warmupMillis, runs, millisPerRun, seed, evictKiB);
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("benchmark", "step");
        o.put("cell", c.kind().fileName());
        o.put("units", units);
        o.put("inputs", inputs);
        o.put("outputs", outputs);
        if ("ltc".equalsIgnoreCase(cell)) {
            o.put("wiring", wiring);
            o.put("unfolds", unfolds);
            o.put("mode", mode);
        }
        if ("cfc".equalsIgnoreCase(cell)) {
            o.put("backboneUnits", backboneUnits);
        }
        o.put("description", c.toString());
        o.put("params", c.parameterCount());
        o.put("stateSize", c.stateSize());
        o.put("usPerStep", r.medianMicros());
        o.put("usPerStepMin", r.minMicros());
        o.put("usPerStepMax", r.maxMicros());
        o.put("runs", r.runs());
        o.put("stepsPerRun", r.stepsPerRun());
        o.put("allocatedBytesPerStep", r.allocatedBytesPerStep());
        o.put("evictKiB", evictKiB);
        o.put("threads", 1);
        o.put("batch", 1);
        o.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        System.out.println(new ObjectMapper().writeValueAsString(o));
        return 0;
    }
}
