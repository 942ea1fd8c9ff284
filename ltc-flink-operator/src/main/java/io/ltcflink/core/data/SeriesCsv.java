package io.ltcflink.core.data;

import io.ltcflink.core.Checks;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Reads and writes a {@link Series} (or a stream of {@link Sample samples}) as CSV: a header
 * {@code t,dt,x0,…,x{C−1},label}, then one row per sample, where {@code dt} is the gap to the
 * previous row (0 for the first). Numbers are written in {@link Double#toString} form, so a file
 * reads back exactly.
 */
public final class SeriesCsv {

    private SeriesCsv() {}

    /** The header line (without newline) for {@code channels} channels. */
    public static String header(int channels) {
        StringBuilder sb = new StringBuilder("t,dt");
        for (int c = 0; c < channels; c++) {
            sb.append(",x").append(c);
        }
        return sb.append(",label").toString();
    }

    /** Writes {@code series} to {@code out}. */
    public static void write(Series series, Appendable out) throws IOException {
        out.append(header(series.channels())).append('\n');
        for (int k = 0; k < series.size(); k++) {
            out.append(Double.toString(series.time(k))).append(',')
                    .append(Double.toString(series.gap(k)));
            for (int c = 0; c < series.channels(); c++) {
                out.append(',').append(Double.toString(series.value(k, c)));
            }
            out.append(',').append(Integer.toString(series.label(k))).append('\n');
        }
    }

    /** Writes {@code series} to {@code file} (replacing it). */
    public static void write(Series series, Path file) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(series, w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Writes {@code samples} as they come, with bounded memory; returns how many were written.
     * The rows equal those of {@link #write(Series, Appendable)} for the same samples.
     *
     * @param channels the width of every sample (fixes the header before the first sample)
     */
    public static long write(Iterator<Sample> samples, int channels, Appendable out)
            throws IOException {
        out.append(header(channels)).append('\n');
        long n = 0;
        while (samples.hasNext()) {
            Sample s = samples.next();
            Checks.requireArgument(s.channels() == channels,
                    "sample %s has %s channels but the header has %s", n, s.channels(), channels);
            out.append(Double.toString(s.time())).append(',').append(Double.toString(s.gap()));
            for (int c = 0; c < channels; c++) {
                out.append(',').append(Double.toString(s.value(c)));
            }
            out.append(',').append(Integer.toString(s.label())).append('\n');
            n++;
        }
        return n;
    }

    /** Reads a series written by this class. */
    public static Series read(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Reads a series; rejects, naming the line, a wrong header or width, a non-number, and a
     * {@code dt} that is not the gap between the rows' times.
     */
    public static Series read(Reader in) throws IOException {
        BufferedReader r =
                in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
        String headerLine = r.readLine();
        Checks.requireArgument(headerLine != null,
                "empty CSV: expected a header t,dt,x0,...,label");
        String[] names = headerLine.trim().split(",", -1);
        int channels = names.length - 3;
        Checks.requireArgument(channels >= 1 && headerLine.trim().equals(header(channels)),
                "line 1: expected a header t,dt,x0,...,x{C-1},label but found '%s'", headerLine);
        List<Double> ts = new ArrayList<>();
        List<double[]> xs = new ArrayList<>();
        int[] labels = new int[16];
        String line;
        int lineNo = 1;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.trim().split(",", -1);
            Checks.requireArgument(cells.length == names.length,
                    "line %s: expected %s columns but found %s",
                    lineNo, names.length, cells.length);
            double t = number(cells[0], lineNo, names[0]);
            double dt = number(cells[1], lineNo, names[1]);
            double[] x = new double[channels];
            for (int c = 0; c < channels; c++) {
                x[c] = number(cells[2 + c], lineNo, names[2 + c]);
            }
            int label;
            try {
                label = Integer.parseInt(cells[names.length - 1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(String.format(
                        "line %s, column label: not an integer: '%s'",
                        lineNo, cells[names.length - 1]), e);
            }
            double gap = ts.isEmpty() ? 0.0 : t - ts.get(ts.size() - 1);
            Checks.requireArgument(Math.abs(dt - gap) <= 1e-9 * Math.max(1.0, Math.abs(t)),
                    "line %s: dt %s does not match the gap %s to the previous row",
                    lineNo, dt, gap);
            if (ts.size() == labels.length) {
                labels = Arrays.copyOf(labels, 2 * labels.length);
            }
            labels[ts.size()] = label;
            ts.add(t);
            xs.add(x);
        }
        double[] t = new double[ts.size()];
        for (int k = 0; k < t.length; k++) {
            t[k] = ts.get(k);
        }
        return new Series(t, xs.toArray(new double[0][]), Arrays.copyOf(labels, t.length));
    }

    private static double number(String cell, int line, String column) {
        try {
            return Double.parseDouble(cell.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(String.format(
                    "line %s, column %s: not a number: '%s'", line, column, cell), e);
        }
    }
}
