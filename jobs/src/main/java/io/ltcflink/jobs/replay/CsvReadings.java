package io.ltcflink.jobs.replay;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import io.ltcflink.flink.LtcKeyedFunction;
import io.ltcflink.flink.RejectedReading;
import io.ltcflink.flink.SensorReading;
import io.ltcflink.jobs.util.CsvRows;
import java.io.IOException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parses {@code key,timestamp,x0,…} lines (timestamp in epoch milliseconds) into readings, as
 * RFC 4180 fields: a key may be quoted ({@code "pump 7, inlet",1764300000000,0.5}), spaces around
 * fields are ignored. The header line ({@code key,timestamp,…}) and blank lines are skipped; a
 * line that does not parse goes to the dead-letter output with the reason and the line, and the
 * job goes on.
 */
public final class CsvReadings extends ProcessFunction<String, SensorReading> {

    private static final long serialVersionUID = 1L;

    private transient ObjectReader fields;

    @Override
    public void open(OpenContext ctx) {
        fields = CsvRows.fieldReader();
    }

    @Override
    public void processElement(String line, Context ctx, Collector<SensorReading> out) {
        String text = line.strip();
        if (text.isEmpty()) {
            return;
        }
        String[] cols;
        try (MappingIterator<String[]> rows = fields.readValues(text)) {
            cols = rows.nextValue();
        } catch (IOException e) {
            reject(ctx, "unparsable: not a CSV line (" + firstLine(e.getMessage()) + ") in '"
                    + abbreviate(text) + "'");
            return;
        }
        if (isHeader(cols)) {
            return;
        }
        if (cols.length < 3) {
            reject(ctx, "unparsable: expected key,timestamp,x0,... but found " + cols.length
                    + " columns in '" + abbreviate(text) + "'");
            return;
        }
        String key = cols[0].strip();
        long timestamp;
        try {
            timestamp = Long.parseLong(cols[1].strip());
        } catch (NumberFormatException e) {
            reject(ctx, "unparsable: timestamp is not an integer (epoch ms): '"
                    + abbreviate(cols[1]) + "' in '" + abbreviate(text) + "'");
            return;
        }
        double[] values = new double[cols.length - 2];
        for (int i = 0; i < values.length; i++) {
            try {
                values[i] = Double.parseDouble(cols[i + 2].strip());
            } catch (NumberFormatException e) {
                reject(ctx, "unparsable: x" + i + " is not a number: '" + abbreviate(cols[i + 2])
                        + "' in '" + abbreviate(text) + "'");
                return;
            }
        }
        out.collect(new SensorReading(key, timestamp, values));
    }

    private static void reject(Context ctx, String reason) {
        ctx.output(LtcKeyedFunction.DEAD_LETTERS, new RejectedReading(reason, null));
    }

    /** {@code key,timestamp,…} (a sensor named "key" has a number in the second field). */
    private static boolean isHeader(String[] cols) {
        return cols.length >= 2
                && cols[0].strip().replace("\uFEFF", "").equalsIgnoreCase("key")
                && cols[1].strip().equalsIgnoreCase("timestamp");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
