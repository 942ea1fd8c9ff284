package io.ltcflink.jobs.generate;

import io.ltcflink.core.data.AnomalySpec;
import io.ltcflink.core.data.Generator;
import io.ltcflink.core.data.Sample;
import io.ltcflink.core.data.Sampling;
import io.ltcflink.flink.SensorReading;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Many sensors' readings merged in event-time order, from the project's data generator: sensor i
 * is stream i of one seed. Model time t maps to event time {@code start + t · millisPerUnit}. A
 * small fraction of readings is delayed behind the sensor's next one (out of order) or sent twice
 * (duplicates), as real networks do. Injected anomalies are reported as {@link Incident}s once
 * their last labelled reading has been emitted. Not thread-safe.
 */
public final class SensorStream implements Iterator<SensorReading> {

    /** What to generate. */
    public record Settings(
            String system,
            int sensors,
            double period,
            double jitter,
            double dropRate,
            double burstRate,
            double burstLength,
            double noise,
            double anomalyEvery,
            double outOfOrderRate,
            double duplicateRate,
            long seed,
            long startMillis,
            double millisPerUnit,
            double anomalyLeadIn) {

        /** Settings whose anomalies may start from the first slot on (no lead-in). */
        public Settings(String system, int sensors, double period, double jitter,
                double dropRate, double burstRate, double burstLength, double noise,
                double anomalyEvery, double outOfOrderRate, double duplicateRate, long seed,
                long startMillis, double millisPerUnit) {
            this(system, sensors, period, jitter, dropRate, burstRate, burstLength, noise,
                    anomalyEvery, outOfOrderRate, duplicateRate, seed, startMillis,
                    millisPerUnit, 0);
        }

        public Settings {
            if (sensors < 1) {
                throw new IllegalArgumentException(String.format("sensors must be positive: %s", sensors));
            }
            if (!(outOfOrderRate >= 0 && outOfOrderRate < 1) || !(duplicateRate >= 0 && duplicateRate < 1)) {
                throw new IllegalArgumentException(String.format(
                        "out-of-order and duplicate rates must be in [0, 1): %s, %s",
                        outOfOrderRate, duplicateRate));
            }
            if (!(millisPerUnit > 0)) {
                throw new IllegalArgumentException(
                        String.format("millisPerUnit must be positive: %s", millisPerUnit));
            }
        }
    }

    private static final class Head {
        final int sensor;
        final Iterator<Sample> samples;
        Sample next;
        long incidentStart = Long.MIN_VALUE;
        long incidentLast;
        int incidentLabel;

        Head(int sensor, Iterator<Sample> samples) {
            this.sensor = sensor;
            this.samples = samples;
            this.next = samples.next();
        }
    }

    private final Settings settings;
    private final PriorityQueue<Head> heads;
    private final SplittableRandom faults;
    private final Consumer<Incident> incidents;
    private final List<SensorReading> pending = new ArrayList<>();
    private final SensorReading[] delayed;

    public SensorStream(Settings s, Consumer<Incident> incidents) {
        this.settings = s;
        this.incidents = incidents;
        Sampling sampling = Sampling.builder()
                .period(s.period())
                .jitter(s.jitter())
                .dropRate(s.dropRate())
                .burstRate(s.burstRate())
                .burstLength(Math.max(1.0, s.burstLength()))
                .noise(s.noise())
                .build();
        Generator.Builder b = Generator.builder()
                .system(s.system())
                .unbounded()
                .sampling(sampling)
                .seed(s.seed());
        if (s.anomalyEvery() > 0) {
            b.anomalies(AnomalySpec.builder().spacing(s.anomalyEvery())
                    .leadIn(s.anomalyLeadIn()).build());
        }
        Generator g = b.build();
        this.heads = new PriorityQueue<>((x, y) -> Double.compare(x.next.time(), y.next.time()));
        for (int i = 0; i < s.sensors(); i++) {
            heads.add(new Head(i, g.withStreamId(i).stream()));
        }
        this.faults = new SplittableRandom(s.seed() ^ 0x5DEECE66DL);
        this.delayed = new SensorReading[s.sensors()];
    }

    /** The channel count of each reading. */
    public int channels() {
        return heads.peek().next.channels();
    }

    public static String sensorId(int i) {
        return String.format("sensor-%03d", i);
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public SensorReading next() {
        while (pending.isEmpty()) {
            advance();
        }
        return pending.remove(0);
    }

    private void advance() {
        Head h = heads.poll();
        Sample s = h.next;
        h.next = h.samples.next();
        heads.add(h);
        long t = settings.startMillis() + Math.round(s.time() * settings.millisPerUnit());
        track(h, s, t);
        SensorReading r = new SensorReading(sensorId(h.sensor), t, s.values());
        SensorReading held = delayed[h.sensor];
        if (held != null) {
            // The held reading arrives after this later one: out of order.
            pending.add(r);
            pending.add(held);
            delayed[h.sensor] = null;
            return;
        }
        if (faults.nextDouble() < settings.outOfOrderRate()) {
            delayed[h.sensor] = r;
            return;
        }
        pending.add(r);
        if (faults.nextDouble() < settings.duplicateRate()) {
            pending.add(new SensorReading(r.key, r.timestamp, r.values.clone()));
        }
    }

    /**
     * Injected anomalies under way: begun but not yet reported, because their last labelled
     * reading may still come; each ends, for now, at its latest labelled reading. What a stream
     * stopped mid-anomaly leaves open.
     */
    public List<Incident> openIncidents() {
        List<Incident> open = new ArrayList<>();
        for (Head h : heads) {
            if (h.incidentStart != Long.MIN_VALUE) {
                open.add(new Incident(sensorId(h.sensor), h.incidentStart, h.incidentLast,
                        h.incidentLabel));
            }
        }
        return open;
    }

    private void track(Head h, Sample s, long t) {
        if (s.label() != 0) {
            if (h.incidentStart == Long.MIN_VALUE) {
                h.incidentStart = t;
                h.incidentLabel = s.label();
            }
            h.incidentLast = t;
        } else if (h.incidentStart != Long.MIN_VALUE) {
            incidents.accept(new Incident(sensorId(h.sensor), h.incidentStart, h.incidentLast,
                    h.incidentLabel));
            h.incidentStart = Long.MIN_VALUE;
        }
    }
}
