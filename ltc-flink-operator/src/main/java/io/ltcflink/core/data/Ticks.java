package io.ltcflink.core.data;

import java.util.SplittableRandom;

/**
 * The sampling clock of one stream: tick times with jitter, and whether each tick is lost to a
 * Bernoulli drop or a burst. Each process has its own random stream, so switching one fault on
 * does not move the others. Not thread-safe.
 */
final class Ticks {

    private final double period;
    private final double jitter;
    private final double dropRate;
    private final double burstRate;
    private final double burstContinue;
    private final SplittableRandom timing;
    private final SplittableRandom drops;
    private final SplittableRandom bursts;
    private long index = -1;
    private double time;
    private boolean lost;
    private long burstLeft;

    Ticks(Sampling s, SplittableRandom timing, SplittableRandom drops, SplittableRandom bursts) {
        this.period = s.period();
        this.jitter = s.jitter();
        this.dropRate = s.dropRate();
        this.burstRate = s.burstRate();
        // A geometric length on {1, 2, ...} with mean L ends after each tick with probability 1/L.
        this.burstContinue = 1.0 - 1.0 / s.burstLength();
        this.timing = timing;
        this.drops = drops;
        this.bursts = bursts;
    }

    /** Moves to the next tick: the first is at time 0. */
    void next() {
        index++;
        if (index == 0) {
            time = 0.0;
        } else {
            time += period * (1.0 + jitter * (2.0 * timing.nextDouble() - 1.0));
        }
        boolean dropped = drops.nextDouble() < dropRate;
        boolean inBurst;
        if (burstLeft > 0) {
            burstLeft--;
            inBurst = true;
        } else if (bursts.nextDouble() < burstRate) {
            burstLeft = geometric(bursts) - 1;
            inBurst = true;
        } else {
            inBurst = false;
        }
        lost = dropped || inBurst;
    }

    private long geometric(SplittableRandom random) {
        if (burstContinue <= 0.0) {
            return 1;
        }
        // Inversion: P(L > k) = c^k, so L = 1 + floor(ln U / ln c) with U uniform in (0, 1].
        double u = 1.0 - random.nextDouble();
        return 1 + (long) Math.floor(StrictMath.log(u) / StrictMath.log(burstContinue));
    }

    double time() {
        return time;
    }

    boolean lost() {
        return lost;
    }
}
