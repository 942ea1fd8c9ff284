package io.ltcflink.jobs.util;

import io.ltcflink.core.train.EpochStats;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * PNG line charts drawn with XChart, without a display: the training curve of {@code ltc train}
 * and the plots of {@code ltc report training}.
 */
public final class Charts {

    static {
        // Before the first AWT class loads: these machines have no display.
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /**
     * A chart of training and validation loss per epoch, on a log scale when every value is
     * positive, with the kept epoch marked. Epoch 0 is the initial model. A missing (NaN)
     * validation loss is left out.
     */
    public static XYChart trainingCurve(List<EpochStats> history, int bestEpoch, String title) {
        double[] epochs = new double[history.size()];
        double[] train = new double[history.size()];
        double[] validation = new double[history.size()];
        for (int i = 0; i < history.size(); i++) {
            EpochStats s = history.get(i);
            epochs[i] = s.epoch();
            train[i] = s.trainLoss();
            validation[i] = s.validationLoss();
        }
        XYChart chart = lines(title, "epoch", "loss (MSE of normalised targets)");
        addSeries(chart, "training", epochs, train);
        addSeries(chart, "validation", epochs, validation);
        if (bestEpoch >= 0 && bestEpoch < history.size()) {
            EpochStats best = history.get(bestEpoch);
            double loss = Double.isNaN(best.validationLoss())
                    ? best.trainLoss() : best.validationLoss();
            XYSeries kept = addSeries(chart, "kept (epoch " + bestEpoch + ")",
                    new double[] {bestEpoch}, new double[] {loss});
            if (kept != null) {
                kept.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                kept.setMarkerColor(Color.RED);
            }
        }
        logScaleIfPositive(chart);
        return chart;
    }

    /** An empty 900 × 560 line chart with a legend on the right. */
    public static XYChart lines(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(560)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setDecimalPattern("#,##0.####");
        return chart;
    }

    /**
     * Adds the finite points of {@code (x, y)} as a series named {@code name}; returns null and
     * adds nothing when no point is finite.
     */
    public static XYSeries addSeries(XYChart chart, String name, double[] x, double[] y) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        if (xs.isEmpty()) {
            return null;
        }
        return chart.addSeries(name, xs, ys);
    }

    /** Switches the y axis to a log scale if every plotted value is positive. */
    public static void logScaleIfPositive(XYChart chart) {
        boolean positive = !chart.getSeriesMap().isEmpty();
        for (XYSeries s : chart.getSeriesMap().values()) {
            positive &= s.getYMin() > 0;
        }
        chart.getStyler().setYAxisLogarithmic(positive);
    }

    /** Writes {@code chart} as a PNG to {@code file}, replacing it only once it is complete. */
    public static void writePng(XYChart chart, Path file) {
        Path tmp = file.toAbsolutePath().resolveSibling(file.getFileName() + ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // The write error is the one to report.
            }
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
