package io.ltcflink.jobs.kafka;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import io.ltcflink.flink.SensorReading;

/** Decoded readings go on; decode failures go to the dead-letter output with their bytes. */
public final class DecodeSplit extends ProcessFunction<Envelope, SensorReading> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetterOut> UNDECODABLE =
            new OutputTag<>("undecodable", TypeInformation.of(DeadLetterOut.class));

    @Override
    public void processElement(Envelope e, Context ctx, Collector<SensorReading> out) {
        if (e.reading != null) {
            out.collect(e.reading);
            return;
        }
        DeadLetterOut d = new DeadLetterOut();
        d.reason = e.failure;
        d.payload = e.payload;
        d.topic = e.topic;
        d.partition = e.partition;
        d.offset = e.offset;
        ctx.output(UNDECODABLE, d);
    }
}
