package io.ltcflink.jobs.cli;

import io.ltcflink.core.cell.RecurrentCell;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.model.ModelFiles;
import io.ltcflink.core.model.Normalization;
import io.ltcflink.jobs.util.CsvRows;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltc run --model MODEL --input IN.csv --out OUT.csv}: runs the cell from a zero state
 * over the rows of a CSV ({@code dt,x0,…}, RFC 4180) and writes the output and the full state
 * after every step ({@code y0,…,h0,…}), numbers in {@link Double#toString} form so they read back
 * exactly.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run a model from a zero state over a CSV of (dt, inputs) rows.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file (json or binary).")
    Path modelFile;

    @Option(names = "--input", required = true, paramLabel = "IN.csv", description = "Header dt,x0,...,x{S-1}; one row per step.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv",
            description = "Written with header y0,...,y{M-1},h0,...,h{N-1}.")
    Path output;

    /** The older spelling of {@code --out}. */
    @Option(names = "--output", hidden = true, preprocessor = OldSpelling.class)
    String oldOutput;

    @Override
    public Integer call() {
        Model model = ModelFiles.read(modelFile);
        Path tmp = output.toAbsolutePath().resolveSibling(output.getFileName() + ".partial");
        int rows;
        try {
            rows = run(model, input, tmp);
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
        System.err.printf("%d steps of %s model %s -> %s%n",
                rows, model.cell().kind().fileName(), model.id(), output);
        return 0;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Best effort: the error that brought us here is the one to report.
        }
    }

    /** Streams {@code in} through the model into {@code out}; returns the number of steps. */
    static int run(Model model, Path in, Path out) throws IOException {
        RecurrentCell cell = model.cell();
        Normalization norm = model.normalization().orElse(null);
        int s = cell.inputSize();
        RecurrentCell.Stepper stepper = cell.newStepper();
        double[] state = new double[cell.stateSize()];
        double[] x = new double[s];
        double[] cellInput = norm == null ? x : new double[s];
        double[] y = new double[cell.outputSize()];
        int steps = 0;
        try (CsvRows rows = CsvRows.open(Files.newBufferedReader(in, StandardCharsets.UTF_8), in);
                BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            if (!rows.next()) {
                throw new IllegalArgumentException(in + ": empty file, expected a header dt,x0,...");
            }
            checkHeader(in, rows, s);
            w.write(outputHeader(cell.outputSize(), cell.stateSize()));
            w.newLine();
            StringBuilder line = new StringBuilder();
            while (rows.next()) {
                int lineNo = rows.line();
                double dt = parseRow(in, lineNo, rows.fields(), x);
                if (norm != null) {
                    norm.normalizeInput(x, cellInput);
                }
                try {
                    stepper.step(state, cellInput, dt, y);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            String.format("%s line %d: %s", in, lineNo, e.getMessage()), e);
                }
                if (norm != null) {
                    norm.denormalizeOutput(y);
                }
                line.setLength(0);
                for (double v : y) {
                    line.append(v).append(',');
                }
                for (int i = 0; i < state.length; i++) {
                    line.append(state[i]);
                    if (i + 1 < state.length) {
                        line.append(',');
                    }
                }
                w.write(line.toString());
                w.newLine();
                steps++;
            }
        }
        return steps;
    }

    private static void checkHeader(Path in, CsvRows header, int s) {
        String[] cols = header.fields();
        if (cols.length != s + 1 || !cols[0].equals("dt")) {
            throw new IllegalArgumentException(String.format(
                    "%s: expected a header of %d columns, dt,x0,...,x%d, for a model with %d inputs"
                            + " but found '%s'", in, s + 1, s - 1, s, header.text()));
        }
    }

    private static double parseRow(Path in, int lineNo, String[] cols, double[] x) {
        if (cols.length != x.length + 1) {
            throw new IllegalArgumentException(String.format(
                    "%s line %d: expected %d values (dt and %d inputs) but found %d",
                    in, lineNo, x.length + 1, x.length, cols.length));
        }
        double dt = parseNumber(in, lineNo, "dt", cols[0]);
        for (int k = 0; k < x.length; k++) {
            x[k] = parseNumber(in, lineNo, "x" + k, cols[k + 1]);
        }
        return dt;
    }

    private static double parseNumber(Path in, int lineNo, String column, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(String.format(
                    "%s line %d, column %s: not a number: '%s'", in, lineNo, column, text));
        }
    }

    static String outputHeader(int outputs, int stateSize) {
        StringBuilder sb = new StringBuilder();
        for (int m = 0; m < outputs; m++) {
            sb.append('y').append(m).append(',');
        }
        for (int i = 0; i < stateSize; i++) {
            sb.append('h').append(i);
            if (i + 1 < stateSize) {
                sb.append(',');
            }
        }
        return sb.toString();
    }
}
