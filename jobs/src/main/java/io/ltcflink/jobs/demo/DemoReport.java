package io.ltcflink.jobs.demo;

import io.ltcflink.jobs.generate.Incident;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes the demo's report: a markdown summary and a PNG per plotted sensor. */
public final class DemoReport {

    private DemoReport() {}

    /** Writes {@code dir/report.md} and {@code dir/sensor-*.png}; returns the report path. */
    public static Path write(Path dir, LiveSummary s, long sent, double seconds, String settings)
            throws IOException {
        Files.createDirectories(dir);
        List<String> pngs = new ArrayList<>();
        for (Map.Entry<String, List<LiveSummary.Point>> e : s.history().entrySet()) {
            if (e.getValue().size() < 2) {
                continue;
            }
            String name = e.getKey() + ".png";
            plot(e.getKey(), e.getValue(), s.incidents(), dir.resolve(name));
            pngs.add(name);
        }
        List<Incident> injected = s.incidents();
        List<Incident> caught = s.caught();
        StringBuilder md = new StringBuilder();
        md.append("# ltc-flink demo report\n\n");
        md.append("Settings: ").append(settings).append("\n\n");
        md.append("| what | value |\n|---|---|\n");
        md.append(String.format("| readings sent | %d |%n", sent));
        md.append(String.format("| run time | %.0f s |%n", seconds));
        md.append(String.format("| forecasts | %d |%n", s.forecasts()));
        md.append(String.format("| dead letters | %d %s |%n", s.deadLetters(), s.deadLetterCodes()));
        md.append(String.format("| alerts | %d |%n", s.alerts().size()));
        md.append(String.format("| injected anomalies (completed) | %d |%n", injected.size()));
        md.append(String.format("| caught by an alert | %d |%n", caught.size()));
        md.append(String.format("| alerts outside any injected anomaly | %d |%n", s.unexplainedAlerts()));
        int alerts = s.alerts().size();
        md.append(String.format(java.util.Locale.ROOT,
                "| precision (alerts within an injected anomaly) | %s |%n", alerts == 0 ? "n/a"
                        : String.format(java.util.Locale.ROOT, "%.2f",
                                (double) (alerts - s.unexplainedAlerts()) / alerts)));
        md.append(String.format(java.util.Locale.ROOT,
                "| recall (injected anomalies caught) | %s |%n", injected.isEmpty() ? "n/a"
                        : String.format(java.util.Locale.ROOT, "%.2f",
                                (double) caught.size() / injected.size())));
        md.append("\n## Alerts\n\n| sensor | event time (ms) | score |\n|---|---|---|\n");
        for (LiveSummary.AlertSeen a : s.alerts()) {
            md.append(String.format("| %s | %d | %.4f |%n", a.sensorId(), a.timestamp(), a.score()));
        }
        md.append("\n## Sensors\n\nChannel 0, actual vs the LTC forecast; red marks are alerts, shaded"
                + " bands are injected anomalies.\n\n");
        for (String p : pngs) {
            md.append("![").append(p).append("](").append(p).append(")\n\n");
        }
        Path report = dir.resolve("report.md");
        Files.writeString(report, md.toString());
        return report;
    }

    private static void plot(String sensor, List<LiveSummary.Point> pts, List<Incident> incidents,
            Path file) throws IOException {
        long t0 = pts.get(0).timestamp();
        double[] t = new double[pts.size()];
        double[] actual = new double[pts.size()];
        double[] forecast = new double[pts.size()];
        List<Double> at = new ArrayList<>();
        List<Double> av = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < t.length; i++) {
            LiveSummary.Point p = pts.get(i);
            t[i] = (p.timestamp() - t0) / 1000.0;
            actual[i] = p.actual();
            forecast[i] = p.forecast();
            lo = Math.min(lo, Math.min(actual[i], forecast[i]));
            hi = Math.max(hi, Math.max(actual[i], forecast[i]));
            if (p.alert()) {
                at.add(t[i]);
                av.add(p.actual());
            }
        }
        XYChart chart = new XYChartBuilder().width(1000).height(380).title(sensor)
                .xAxisTitle("event time (s)").yAxisTitle("channel 0").build();
        chart.getStyler().setMarkerSize(6);
        for (Incident i : incidents) {
            if (!i.sensorId().equals(sensor) || i.endMillis() < t0) {
                continue;
            }
            double a = (i.startMillis() - t0) / 1000.0;
            double b = Math.max(a + 0.05, (i.endMillis() - t0) / 1000.0);
            XYSeries band = chart.addSeries("anomaly@" + (long) a,
                    new double[] {a, a, b, b}, new double[] {lo, hi, hi, lo});
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
            band.setFillColor(new java.awt.Color(255, 200, 0, 70));
            band.setLineColor(new java.awt.Color(255, 200, 0, 0));
            band.setMarker(SeriesMarkers.NONE);
            band.setShowInLegend(false);
        }
        chart.addSeries("actual", t, actual).setMarker(SeriesMarkers.NONE);
        chart.addSeries("forecast", t, forecast).setMarker(SeriesMarkers.NONE);
        if (!at.isEmpty()) {
            XYSeries alerts = chart.addSeries("alert", at, av);
            alerts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            alerts.setMarkerColor(java.awt.Color.RED);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
