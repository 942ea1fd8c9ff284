package io.ltcflink.core.data;

import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/** The anomalies of one stream in order of start time, produced lazily. Not thread-safe. */
abstract class AnomalySchedule {

    /** The next anomaly, or null when there are no more. */
    abstract Anomaly next();

    /** A fixed list, already sorted by start and free of overlaps. */
    static AnomalySchedule of(List<Anomaly> sorted) {
        Iterator<Anomaly> it = sorted.iterator();
        return new AnomalySchedule() {
            @Override
            Anomaly next() {
                return it.hasNext() ? it.next() : null;
            }
        };
    }

    /**
     * Random anomalies per {@code spec}, one in each of {@code slots} slots of {@code slotLength}
     * time units ({@link Long#MAX_VALUE} slots for an unbounded stream).
     */
    static AnomalySchedule random(
            AnomalySpec spec, double period, double slotLength, long slots,
            SplittableRandom random) {
        return new AnomalySchedule() {
            private long slot = 0;

            @Override
            Anomaly next() {
                if (slot >= slots) {
                    return null;
                }
                double slotStart = spec.leadIn() * period + slot * slotLength;
                slot++;
                // Five draws per anomaly, always in this order, whatever they are used for.
                AnomalyType type = spec.type(random.nextDouble());
                double duration = Math.min(spec.duration(type, random.nextDouble()) * period,
                        0.5 * slotLength);
                double magnitude = spec.magnitude(type, random.nextDouble());
                boolean negative = random.nextDouble() < 0.5;
                double offset = random.nextDouble();
                if (negative && type != AnomalyType.STUCK && type != AnomalyType.NOISE_BURST) {
                    magnitude = -magnitude;
                }
                double start =
                        slotStart + 0.1 * slotLength + offset * (0.8 * slotLength - duration);
                return new Anomaly(type, start, start + duration, magnitude);
            }
        };
    }
}
