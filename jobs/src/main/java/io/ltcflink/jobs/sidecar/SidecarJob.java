package io.ltcflink.jobs.sidecar;

import io.ltcflink.flink.Forecast;
import io.ltcflink.flink.SensorReading;
import io.ltcflink.jobs.kafka.AnomalyJob;
import io.ltcflink.jobs.kafka.DeadLetterOut;
import io.ltcflink.jobs.kafka.DecodeSplit;
import io.ltcflink.jobs.kafka.Envelope;
import io.ltcflink.jobs.kafka.WireFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The LSTM sidecar job's topology, apart from Kafka: decoded envelopes in, forecasts and dead
 * letters out, with the LTC anomaly job's paths for bad input ({@link DecodeSplit}, the key check,
 * {@link io.ltcflink.flink.ReadingValidator}, {@link AnomalyJob.ToDeadLetter}). One job can run
 * several windowed models on one input; each gets its own forecast stream, in the order given.
 * Every input record leaves once per model: as a forecast or as a dead letter (undecodable
 * records once for the job).
 */
public final class SidecarJob {

    /** The forecasts of each model, in configuration order, and all dead letters. */
    public record Outputs(
            List<DataStream<Forecast>> forecasts, DataStream<DeadLetterOut> deadLetters) {}

    private SidecarJob() {}

    public static Outputs buildPipeline(DataStream<Envelope> envelopes, List<SidecarConfig> configs,
            WireFormat inputFormat) {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("the sidecar job needs at least one model");
        }
        SingleOutputStreamOperator<SensorReading> readings = envelopes
                .process(new DecodeSplit(), TypeInformation.of(SensorReading.class))
                .name("split undecodable")
                .uid("lstm-sidecar-decode-split")
                .setParallelism(envelopes.getParallelism());
        List<DataStream<Forecast>> forecasts = new ArrayList<>();
        DataStream<DeadLetterOut> dead = readings.getSideOutput(DecodeSplit.UNDECODABLE);
        for (SidecarConfig c : configs) {
            SidecarStreams out = SidecarPipeline.apply(readings, c);
            forecasts.add(out.forecasts());
            dead = dead.union(out.deadLetters().union(out.late())
                    .map(new AnomalyJob.ToDeadLetter(inputFormat),
                            TypeInformation.of(DeadLetterOut.class))
                    .name("rejected to dead letters " + c.uidPrefix())
                    .uid(c.uidPrefix() + "-rejected-map"));
        }
        return new Outputs(List.copyOf(forecasts), dead);
    }
}
