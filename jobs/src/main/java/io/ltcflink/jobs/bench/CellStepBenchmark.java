package io.ltcflink.jobs.bench;

import io.ltcflink.core.cell.RecurrentCell;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One cell step, batch 1, one thread. Run with
 *
 * <pre>
 * java -cp jobs/target/ltc.jar org.openjdk.jmh.Main CellStepBenchmark -prof gc
 * </pre>
 *
 * ({@code -p cell=ltc -p wiring=fc -p units=32 -p mode=exact,fast} to narrow the grid).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CellStepBenchmark {

    @Param({"ltc", "cfc", "lstm"})
    public String cell;

    @Param({"16", "32", "64"})
    public int units;

    @Param({"fc", "autoncp"})
    public String wiring;

    @Param({"exact", "fast"})
    public String mode;

    @Param({"4"})
    public int inputs;

    @Param({"6"})
    public int unfolds;

    private RecurrentCell.Stepper stepper;
    private double[] state;
    private double[][] xs;
    private double[] dts;
    private double[] out;
    private int next;

    @Setup
    public void setup() {
        RecurrentCell c = CellFactory.create(new CellFactory.Spec(
                cell, units, inputs, 1, wiring, mode, unfolds, 128, 42));
        stepper = c.newStepper();
        state = new double[c.stateSize()];
        out = new double[c.outputSize()];
        SplittableRandom rnd = new SplittableRandom(7);
        xs = new double[256][inputs];
        dts = new double[256];
        for (int i = 0; i < 256; i++) {
            for (int k = 0; k < inputs; k++) {
                xs[i][k] = 2 * rnd.nextDouble() - 1;
            }
            dts[i] = 0.05 + 2 * rnd.nextDouble();
        }
    }

    @Benchmark
    public double step() {
        int i = next++ & 255;
        stepper.step(state, xs[i], dts[i], out);
        return out[0];
    }
}
