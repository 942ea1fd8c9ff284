package io.ltcflink.flink;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sends readings without a usable key to the dead-letter output ({@link
 * LtcKeyedFunction#DEAD_LETTERS}) before the stream is keyed (a null key would fail the job in
 * {@code keyBy}). Public so that other keyed operators on the same stream check keys the same way.
 */
public final class KeyCheck extends ProcessFunction<SensorReading, SensorReading> {

    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(SensorReading r, Context ctx, Collector<SensorReading> out) {
        if (r == null) {
            ctx.output(LtcKeyedFunction.DEAD_LETTERS,
                    new RejectedReading(RejectedReading.NULL_KEY + ": the record is null", null));
        } else if (r.key == null || r.key.isEmpty()) {
            ctx.output(LtcKeyedFunction.DEAD_LETTERS, new RejectedReading(
                    RejectedReading.NULL_KEY + ": the reading has no sensor key", r));
        } else {
            out.collect(r);
        }
    }
}
