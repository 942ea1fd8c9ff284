package io.ltcflink.jobs.replay;

import io.ltcflink.flink.LtcKeyedFunction;
import io.ltcflink.flink.RejectedReading;
import io.ltcflink.flink.SensorReading;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parses {@code key,timestamp,x0,…} lines (timestamp in epoch milliseconds) into readings. The
 * header line (starting with {@code key,}) and blank lines are skipped; a line that does not parse
 * goes to the dead-letter output with the reason and the line, and the job goes on.
 */
public final class CsvReadings extends ProcessFunction<String, SensorReading> {

    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(String line, Context ctx, Collector<SensorReading> out) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("key,") || text.startsWith("\uFEFFkey,")) {
            return;
        }
        String[] cols = text.split(",", -1);
        if (cols.length < 3) {
            reject(ctx, "unparsable: expected key,timestamp,x0,... but found " + cols.length
                    + " columns in '" + abbreviate(text) + "'");
            return;
        }
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
        out.collect(new SensorReading(cols[0].strip(), timestamp, values));
    }

    private static void reject(Context ctx, String reason) {
        ctx.output(LtcKeyedFunction.DEAD_LETTERS, new RejectedReading(reason, null));
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
