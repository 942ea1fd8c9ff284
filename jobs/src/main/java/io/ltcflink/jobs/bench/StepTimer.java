package io.ltcflink.jobs.bench;

import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.stats.Stats;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Times single cell steps on one thread: a warm-up long enough for the JIT, then {@code runs}
 * timed runs of a fixed number of steps; reports the median, min and max time per step and the
 * bytes the thread allocated per step.
 *
 * <p>Optionally it writes to a buffer of {@code evictKiB} KiB between steps, one store per cache
 * line, so that each step starts with the model's arrays and code pushed out of the core's caches,
 * as Flink and RocksDB do between the records of a pipeline; then each step is timed on its own
 * and only the steps are counted.
 */
public final class StepTimer {

    /** Timings in microseconds per step. */
    public record Result(
            double medianMicros,
            double minMicros,
            double maxMicros,
            int runs,
            long stepsPerRun,
            double allocatedBytesPerStep) {}

    private StepTimer() {}

    /** Measures {@code cell} over inputs and gaps drawn from {@code seed}, with caches kept warm. */
    public static Result measure(
            RecurrentCell cell, int warmupMillis, int runs, int millisPerRun, long seed) {
        return measure(cell, warmupMillis, runs, millisPerRun, seed, 0);
    }

    /**
     * Measures {@code cell} over inputs and gaps drawn from {@code seed}, writing {@code evictKiB}
     * KiB of other memory between steps (0: none).
     */
    public static Result measure(RecurrentCell cell, int warmupMillis, int runs, int millisPerRun,
            long seed, int evictKiB) {
        if (runs < 1 || millisPerRun < 1 || evictKiB < 0) {
            throw new IllegalArgumentException(String.format(
                    "runs and millisPerRun must be positive and evictKiB >= 0: %s, %s, %s",
                    runs, millisPerRun, evictKiB));
        }
        long[] evict = new long[evictKiB * (1024 / Long.BYTES)];
        SplittableRandom rnd = new SplittableRandom(seed);
        int pool = 1024;
        double[][] xs = new double[pool][cell.inputSize()];
        double[] dts = new double[pool];
        for (int i = 0; i < pool; i++) {
            for (int k = 0; k < xs[i].length; k++) {
                xs[i][k] = 2 * rnd.nextDouble() - 1;
            }
            dts[i] = 0.05 + 2 * rnd.nextDouble();
        }
        RecurrentCell.Stepper stepper = cell.newStepper();
        double[] state = new double[cell.stateSize()];
        double[] out = new double[cell.outputSize()];

        // Warm-up for the JIT, then size each run to about millisPerRun.
        long steps = 256;
        long warmEnd = System.nanoTime() + warmupMillis * 1_000_000L;
        long done = 0;
        long t0 = System.nanoTime();
        do {
            loop(stepper, state, xs, dts, out, steps, evict);
            done += steps;
        } while (System.nanoTime() < warmEnd);
        double nsPerStep = (double) (System.nanoTime() - t0) / done;
        // sized by wall time, evictions included, so a run lasts about millisPerRun
        long stepsPerRun = Math.max(100, (long) (millisPerRun * 1e6 / nsPerStep));

        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        double[] micros = new double[runs];
        long allocBefore = mx.getThreadAllocatedBytes(tid);
        for (int r = 0; r < runs; r++) {
            long nanos = loop(stepper, state, xs, dts, out, stepsPerRun, evict);
            micros[r] = nanos / 1e3 / stepsPerRun;
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - allocBefore;
        Arrays.sort(micros);
        return new Result(Stats.medianInterpolated(micros), micros[0], micros[runs - 1], runs,
                stepsPerRun, (double) allocated / ((double) stepsPerRun * runs));
    }

    /** Runs {@code steps} steps and returns the nanoseconds spent in them. */
    private static long loop(RecurrentCell.Stepper s, double[] state, double[][] xs, double[] dts,
            double[] out, long steps, long[] evict) {
        int n = xs.length;
        if (evict.length == 0) {
            long start = System.nanoTime();
            for (long i = 0; i < steps; i++) {
                int k = (int) (i & (n - 1));
                s.step(state, xs[k], dts[k], out);
            }
            return System.nanoTime() - start;
        }
        long inSteps = 0;
        for (long i = 0; i < steps; i++) {
            for (int q = 0; q < evict.length; q += LONGS_PER_LINE) {
                evict[q] += i;
            }
            int k = (int) (i & (n - 1));
            long start = System.nanoTime();
            s.step(state, xs[k], dts[k], out);
            inSteps += System.nanoTime() - start;
        }
        return inSteps;
    }

    /** Longs per 64-byte cache line. */
    private static final int LONGS_PER_LINE = 8;
}
