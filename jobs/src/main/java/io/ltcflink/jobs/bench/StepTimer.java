package io.ltcflink.jobs.bench;

import io.ltcflink.core.cell.RecurrentCell;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Times single cell steps on one thread: a warm-up long enough for the JIT, then {@code runs}
 * timed runs of a fixed number of steps; reports the median, min and max time per step and the
 * bytes the thread allocated per step.
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

    /** Measures {@code cell} over inputs and gaps drawn from {@code seed}. */
    public static Result measure(
            RecurrentCell cell, int warmupMillis, int runs, int millisPerRun, long seed) {
        if (runs < 1 || millisPerRun < 1) {
            throw new IllegalArgumentException(
                    String.format("runs and millisPerRun must be positive: %s, %s", runs, millisPerRun));
        }
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
            loop(stepper, state, xs, dts, out, steps);
            done += steps;
        } while (System.nanoTime() < warmEnd);
        double nsPerStep = (double) (System.nanoTime() - t0) / done;
        long stepsPerRun = Math.max(100, (long) (millisPerRun * 1e6 / nsPerStep));

        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        double[] micros = new double[runs];
        long allocBefore = mx.getThreadAllocatedBytes(tid);
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            loop(stepper, state, xs, dts, out, stepsPerRun);
            micros[r] = (System.nanoTime() - start) / 1e3 / stepsPerRun;
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - allocBefore;
        Arrays.sort(micros);
        double median = runs % 2 == 1
                ? micros[runs / 2]
                : 0.5 * (micros[runs / 2 - 1] + micros[runs / 2]);
        return new Result(median, micros[0], micros[runs - 1], runs, stepsPerRun,
                (double) allocated / ((double) stepsPerRun * runs));
    }

    private static void loop(RecurrentCell.Stepper s, double[] state, double[][] xs, double[] dts,
            double[] out, long steps) {
        int n = xs.length;
        for (long i = 0; i < steps; i++) {
            int k = (int) (i & (n - 1));
            s.step(state, xs[k], dts[k], out);
        }
    }
}
