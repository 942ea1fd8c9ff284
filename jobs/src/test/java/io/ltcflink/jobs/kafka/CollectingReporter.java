package io.ltcflink.jobs.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter that keeps every registered metric of the JVM's MiniCluster by its
 * identifier, so a test reads operator metrics as a reporter sees them. Configure it with {@code
 * metrics.reporter.<name>.factory.class: io.ltcflink.jobs.kafka.CollectingReporter$Factory}; Flink
 * finds the factory through the test resources' {@code META-INF/services} entry.
 */
public final class CollectingReporter implements MetricReporter {

    private static final Map<String, Metric> METRICS = new ConcurrentHashMap<>();

    /** The factory Flink instantiates by class name. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new CollectingReporter();
        }
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        METRICS.put(group.getMetricIdentifier(name), metric);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        METRICS.remove(group.getMetricIdentifier(name), metric);
    }

    /** The values of the registered gauges whose identifier ends with {@code suffix}. */
    static List<Object> gauges(String suffix) {
        List<Object> out = new ArrayList<>();
        METRICS.forEach((id, m) -> {
            if (id.endsWith(suffix) && m instanceof Gauge) {
                out.add(((Gauge<?>) m).getValue());
            }
        });
        return out;
    }

    /** The sum of the registered counters whose identifier ends with {@code suffix}. */
    static long counterSum(String suffix) {
        long sum = 0;
        for (Map.Entry<String, Metric> e : METRICS.entrySet()) {
            if (e.getKey().endsWith(suffix) && e.getValue() instanceof Counter) {
                sum += ((Counter) e.getValue()).getCount();
            }
        }
        return sum;
    }
}
