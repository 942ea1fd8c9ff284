package io.ltcflink.core.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Generates one stream lazily: integrate, tick, observe, disturb, label. Memory is bounded by the
 * system's delay, whatever the length of the run. Not thread-safe.
 */
final class SampleIterator implements Iterator<Sample> {

    private final SystemKind kind;
    private final DynamicalSystem base;
    private final DenseTrajectory trajectory;
    private final Ticks ticks;
    private final SplittableRandom noise;
    private final SplittableRandom anomalyNoise;
    private final AnomalySchedule schedule;
    private final int[] channels;
    private final double[] scales;
    private final double[] sigmas;
    private final double burnIn;
    private final long maxSamples;
    private final double maxTime;
    private final double[] state;
    private final double[] draws;
    private final double[] burstDraws;
    private final boolean noisy;

    private Anomaly current;
    private boolean inside;
    private double[] frozen;
    private long emitted;
    private double previousTime;
    private Sample pending;
    private boolean finished;

    /**
     * @param maxSamples stop after this many samples, or 0 for no such limit
     * @param maxTime stop at the first tick at or after this time, or +∞ for no such limit
     */
    SampleIterator(SystemKind kind, DynamicalSystem base, double[] initial, double burnIn,
            Sampling sampling, Ticks ticks, SplittableRandom noise, SplittableRandom anomalyNoise,
            AnomalySchedule schedule, long maxSamples, double maxTime) {
        this.kind = kind;
        this.base = base;
        this.trajectory = new DenseTrajectory(base, initial, kind.fineStep());
        this.ticks = ticks;
        this.noise = noise;
        this.anomalyNoise = anomalyNoise;
        this.schedule = schedule;
        int dimension = base.dimension();
        this.channels = sampling.observed(dimension);
        this.scales = kind.scales(base);
        this.sigmas = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            sigmas[i] = sampling.relativeNoise() ? sampling.noise() * scales[i] : sampling.noise();
        }
        this.noisy = sampling.noise() > 0;
        this.burnIn = burnIn;
        this.maxSamples = maxSamples;
        this.maxTime = maxTime;
        this.state = new double[dimension];
        this.draws = new double[dimension];
        this.burstDraws = new double[dimension];
        this.current = schedule.next();
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !finished) {
            pending = advance();
            finished = pending == null;
        }
        return pending != null;
    }

    @Override
    public Sample next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the generated stream has ended");
        }
        Sample s = pending;
        pending = null;
        return s;
    }

    private Sample advance() {
        if (maxSamples > 0 && emitted >= maxSamples) {
            return null;
        }
        while (true) {
            ticks.next();
            double t = ticks.time();
            if (t >= maxTime) {
                return null;
            }
            // One draw per system channel on every tick, kept or lost, so that the noise of a
            // tick depends neither on the drop settings nor on the observed channels. Without
            // noise the stream is left alone: nothing else reads it.
            if (noisy) {
                for (int i = 0; i < draws.length; i++) {
                    draws[i] = gaussian(noise);
                }
            }
            if (!ticks.lost()) {
                return observe(t);
            }
        }
    }

    private Sample observe(double t) {
        catchUpAnomalies(t);
        trajectory.advanceTo(burnIn + t);
        trajectory.valueAt(burnIn + t, state);
        double[] values = new double[channels.length];
        for (int c = 0; c < channels.length; c++) {
            int i = channels[c];
            values[c] = state[i] + sigmas[i] * draws[i];
        }
        int label = 0;
        if (inside) {
            label = current.type().code();
            values = disturb(values);
        }
        double gap = emitted == 0 ? 0.0 : t - previousTime;
        previousTime = t;
        emitted++;
        return new Sample(t, gap, values, label);
    }

    private double[] disturb(double[] values) {
        double m = current.magnitude();
        switch (current.type()) {
            case SPIKE:
            case LEVEL_SHIFT:
                for (int c = 0; c < values.length; c++) {
                    values[c] += m * scales[channels[c]];
                }
                return values;
            case NOISE_BURST:
                for (int i = 0; i < burstDraws.length; i++) {
                    burstDraws[i] = gaussian(anomalyNoise);
                }
                for (int c = 0; c < values.length; c++) {
                    values[c] += m * scales[channels[c]] * burstDraws[channels[c]];
                }
                return values;
            case STUCK:
                if (frozen == null) {
                    frozen = values;
                }
                return frozen.clone();
            case DYNAMICS_CHANGE:
            default:
                // A dynamics change lives in the trajectory, not in the values.
                return values;
        }
    }

    /**
     * Enters and leaves anomaly windows up to time {@code t}, switching the integrated system at
     * the edges of a dynamics change (at the first fine grid point at or after each edge).
     */
    private void catchUpAnomalies(double t) {
        while (current != null) {
            if (!inside && current.start() <= t) {
                if (current.type() == AnomalyType.DYNAMICS_CHANGE) {
                    trajectory.advanceTo(burnIn + current.start());
                    trajectory.switchTo(kind.changed(base, current.magnitude()));
                }
                inside = true;
                frozen = null;
            }
            if (inside && current.end() <= t) {
                if (current.type() == AnomalyType.DYNAMICS_CHANGE) {
                    trajectory.advanceTo(burnIn + current.end());
                    trajectory.switchTo(base);
                }
                inside = false;
                current = schedule.next();
                continue;
            }
            return;
        }
    }

    /**
     * A standard normal variate by the Box-Muller transform, using StrictMath so that a seed
     * gives the same numbers on every JVM.
     */
    static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }
}
