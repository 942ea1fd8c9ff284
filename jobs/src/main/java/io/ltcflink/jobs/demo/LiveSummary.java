package io.ltcflink.jobs.demo;

import io.ltcflink.jobs.generate.Incident;
import io.ltcflink.jobs.kafka.ReadCommitted;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads the job's output topics (Avro, read committed) and keeps what the demo prints and plots:
 * counts, recent alerts, which injected anomalies were caught, and a history of a few sensors.
 * Polled from one thread ({@link #run}); the getters are safe from another.
 */
public final class LiveSummary implements Runnable {

    /** One alert as the summary shows it. */
    public record AlertSeen(String sensorId, long timestamp, double score) {}

    /** One point of a plotted sensor. */
    public record Point(long timestamp, double actual, double forecast, boolean alert) {}

    private final String bootstrap;
    private final String forecastTopic;
    private final String alertTopic;
    private final String deadLetterTopic;
    private final List<String> plotted;
    private final long graceMillis;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private volatile long forecasts;
    private volatile long deadLetters;
    private final Map<String, Long> deadLetterCodes = new HashMap<>();
    private final ConcurrentLinkedQueue<AlertSeen> newAlerts = new ConcurrentLinkedQueue<>();
    private final List<AlertSeen> alerts = new ArrayList<>();
    private final Map<String, Deque<Point>> history = new HashMap<>();
    private final ConcurrentLinkedQueue<Incident> incidents = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Incident> open = new ConcurrentLinkedQueue<>();

    public LiveSummary(String bootstrap, String forecastTopic, String alertTopic,
            String deadLetterTopic, List<String> plotted, long graceMillis) {
        this.bootstrap = bootstrap;
        this.forecastTopic = forecastTopic;
        this.alertTopic = alertTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.plotted = plotted;
        this.graceMillis = graceMillis;
        for (String s : plotted) {
            history.put(s, new ArrayDeque<>());
        }
    }

    /** Records an injected anomaly (called by the generator's thread). */
    public void injected(Incident i) {
        incidents.add(i);
    }

    /**
     * Records the anomalies still under way when the stream stopped: an alert inside one is
     * not a false alarm, though the anomaly does not count among the completed ones.
     */
    public void underWayAtStop(List<Incident> underWay) {
        open.addAll(underWay);
    }

    @Override
    public void run() {
        Properties p = ReadCommitted.consumer(bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "ltc-demo-summary");
        SpecificDatumReader<io.ltcflink.avro.ForecastEvent> fr =
                new SpecificDatumReader<>(io.ltcflink.avro.ForecastEvent.class);
        SpecificDatumReader<io.ltcflink.avro.AlertEvent> ar =
                new SpecificDatumReader<>(io.ltcflink.avro.AlertEvent.class);
        SpecificDatumReader<io.ltcflink.avro.DeadLetter> dr =
                new SpecificDatumReader<>(io.ltcflink.avro.DeadLetter.class);
        BinaryDecoder dec = null;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(forecastTopic, alertTopic, deadLetterTopic));
            while (!stopped.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(250))) {
                    dec = DecoderFactory.get().binaryDecoder(r.value(), dec);
                    if (r.topic().equals(forecastTopic)) {
                        io.ltcflink.avro.ForecastEvent f = fr.read(null, dec);
                        forecast(f);
                    } else if (r.topic().equals(alertTopic)) {
                        io.ltcflink.avro.AlertEvent a = ar.read(null, dec);
                        alertSeen(new AlertSeen(a.getSensorId(), a.getTimestamp().toEpochMilli(),
                                a.getScore()));
                    } else {
                        io.ltcflink.avro.DeadLetter d = dr.read(null, dec);
                        String code = d.getReason().split(":", 2)[0];
                        synchronized (deadLetterCodes) {
                            deadLetterCodes.merge(code, 1L, Long::sum);
                        }
                        deadLetters++;
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Records an alert read from the alert topic. */
    void alertSeen(AlertSeen s) {
        synchronized (alerts) {
            alerts.add(s);
        }
        newAlerts.add(s);
    }

    private void forecast(io.ltcflink.avro.ForecastEvent f) {
        forecasts++;
        Deque<Point> h = history.get(f.getSensorId());
        if (h != null && !f.getForecast().isEmpty()) {
            synchronized (h) {
                h.addLast(new Point(f.getTimestamp().toEpochMilli(), f.getActual().get(0),
                        f.getForecast().get(0), f.getAlert()));
                if (h.size() > 5000) {
                    h.removeFirst();
                }
            }
        }
    }

    public void stop() {
        stopped.set(true);
    }

    public long forecasts() {
        return forecasts;
    }

    public long deadLetters() {
        return deadLetters;
    }

    public Map<String, Long> deadLetterCodes() {
        synchronized (deadLetterCodes) {
            return new HashMap<>(deadLetterCodes);
        }
    }

    /** Alerts that arrived since the last call. */
    public List<AlertSeen> drainNewAlerts() {
        List<AlertSeen> out = new ArrayList<>();
        for (AlertSeen a; (a = newAlerts.poll()) != null; ) {
            out.add(a);
        }
        return out;
    }

    public List<AlertSeen> alerts() {
        synchronized (alerts) {
            return new ArrayList<>(alerts);
        }
    }

    public List<Incident> incidents() {
        return new ArrayList<>(incidents);
    }

    /** Injected anomalies with an alert of the same sensor inside them (or within the grace after). */
    public List<Incident> caught() {
        List<AlertSeen> as = alerts();
        List<Incident> out = new ArrayList<>();
        for (Incident i : incidents) {
            for (AlertSeen a : as) {
                if (a.sensorId().equals(i.sensorId()) && i.covers(a.timestamp(), graceMillis)) {
                    out.add(i);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Alerts that fall in no injected anomaly, completed or under way at the stop (false alarms,
     * by the labels).
     */
    public long unexplainedAlerts() {
        long n = 0;
        List<Incident> is = incidents();
        is.addAll(open);
        for (AlertSeen a : alerts()) {
            boolean hit = false;
            for (Incident i : is) {
                if (a.sensorId().equals(i.sensorId()) && i.covers(a.timestamp(), graceMillis)) {
                    hit = true;
                    break;
                }
            }
            n += hit ? 0 : 1;
        }
        return n;
    }

    public Map<String, List<Point>> history() {
        Map<String, List<Point>> out = new HashMap<>();
        history.forEach((k, v) -> {
            synchronized (v) {
                out.put(k, new ArrayList<>(v));
            }
        });
        return out;
    }
}
