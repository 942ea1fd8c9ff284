package io.ltcflink.jobs.kafka;

import io.ltcflink.flink.Alert;
import io.ltcflink.flink.Forecast;
import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.flink.LtcPipeline;
import io.ltcflink.flink.LtcStreams;
import io.ltcflink.flink.ModelUpdate;
import io.ltcflink.flink.RejectedReading;
import io.ltcflink.flink.SensorReading;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The anomaly job's topology, apart from Kafka: decoded envelopes in (timestamps and watermarks
 * already assigned), forecasts, alerts and dead letters out. Every input record leaves exactly
 * once: as a forecast, or as a dead letter (undecodable, invalid, or late).
 */
public final class AnomalyJob {

    /** The three outputs. */
    public record Outputs(
            DataStream<Forecast> forecasts, DataStream<Alert> alerts, DataStream<DeadLetterOut> deadLetters) {}

    private AnomalyJob() {}

    public static Outputs buildPipeline(
            DataStream<Envelope> envelopes, LtcOperatorConfig config, WireFormat inputFormat) {
        return buildPipeline(envelopes, config, inputFormat, null);
    }

    /**
     * As {@link #buildPipeline(DataStream, LtcOperatorConfig, WireFormat)}, with the model changed
     * while the job runs by {@code updates} (null: never).
     */
    public static Outputs buildPipeline(DataStream<Envelope> envelopes, LtcOperatorConfig config,
            WireFormat inputFormat, DataStream<ModelUpdate> updates) {
        SingleOutputStreamOperator<SensorReading> readings = envelopes
                .process(new DecodeSplit(), TypeInformation.of(SensorReading.class))
                .name("split undecodable")
                .uid(config.uidPrefix() + "-decode-split")
                .setParallelism(envelopes.getParallelism());
        LtcStreams out = LtcPipeline.apply(readings, config, updates);
        TypeInformation<DeadLetterOut> dlType = TypeInformation.of(DeadLetterOut.class);
        DataStream<DeadLetterOut> rejected = out.deadLetters().union(out.late())
                .map(new ToDeadLetter(inputFormat), dlType)
                .name("rejected to dead letters")
                .uid(config.uidPrefix() + "-rejected-map");
        DataStream<DeadLetterOut> dead = readings.getSideOutput(DecodeSplit.UNDECODABLE).union(rejected);
        return new Outputs(out.forecasts(), out.alerts(), dead);
    }

    /**
     * A rejected reading as a dead letter, re-encoded in the input format. Public so that other
     * jobs on the same input (the LSTM sidecar) write their dead letters the same way.
     */
    public static final class ToDeadLetter
            extends RichMapFunction<RejectedReading, DeadLetterOut> {
        private static final long serialVersionUID = 1L;
        private final WireFormat format;
        private transient ReadingCodec codec;

        public ToDeadLetter(WireFormat format) {
            this.format = format;
        }

        @Override
        public void open(OpenContext ctx) {
            codec = new ReadingCodec(format);
        }

        @Override
        public DeadLetterOut map(RejectedReading r) {
            DeadLetterOut d = new DeadLetterOut();
            d.reason = r.reason;
            if (r.reading != null) {
                d.payload = codec.encode(r.reading);
                d.sensorId = r.reading.key;
                d.timestamp = r.reading.timestamp;
            } else {
                d.payload = new byte[0];
            }
            return d;
        }
    }
}
