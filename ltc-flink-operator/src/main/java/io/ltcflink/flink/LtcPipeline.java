package io.ltcflink.flink;

import io.ltcflink.core.engine.LongGapPolicy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Applies the LTC operator to a stream of readings: the one call a user's job needs.
 *
 * <pre>{@code
 * LtcStreams out = LtcPipeline.apply(readings,
 *         LtcOperatorConfig.builder("s3://models/pump.model").modelTimeUnit(Duration.ofSeconds(1))
 *                 .maxGap(Duration.ofHours(1), LongGapPolicy.RESET).build());
 * out.forecasts().sinkTo(...); out.alerts().sinkTo(...); out.deadLetters().sinkTo(...);
 * }</pre>
 *
 * The key check runs at the input's parallelism so that each key's records keep their order.
 * Both steps carry stable uids ({@code <prefix>-key-check}, {@code <prefix>-operator}) so
 * savepoints survive changes to the rest of the job. Event-time mode needs timestamps and
 * watermarks assigned upstream.
 */
public final class LtcPipeline {

    private LtcPipeline() {}

    public static LtcStreams apply(DataStream<SensorReading> readings, LtcOperatorConfig config) {
        return apply(readings, config, null);
    }

    /**
     * As {@link #apply(DataStream, LtcOperatorConfig)}, with the model changed while the job runs
     * by the {@code updates} stream (null: none), broadcast to every subtask ({@link
     * LtcSwapFunction}). The update stream must not hold back event time: give it no watermarks
     * that lag (e.g. {@link ModelUpdate#watermarks()}), or event-time buffers wait for it.
     */
    public static LtcStreams apply(DataStream<SensorReading> readings, LtcOperatorConfig config,
            DataStream<ModelUpdate> updates) {
        String p = config.uidPrefix();
        SingleOutputStreamOperator<SensorReading> keyed = readings
                .process(new KeyCheck(), TypeInformation.of(SensorReading.class))
                .name("LTC key check")
                .uid(p + "-key-check")
                // Same parallelism as the input, so records stay on their channel (forward) and
                // keep their per-key order; a rebalance here would reorder each key's records.
                .setParallelism(readings.getParallelism());
        KeyedStream<SensorReading, String> byKey =
                keyed.keyBy(r -> r.key, TypeInformation.of(String.class));
        TypeInformation<Forecast> type = TypeInformation.of(Forecast.class);
        SingleOutputStreamOperator<Forecast> forecasts = (updates == null
                ? byKey.process(new LtcKeyedFunction(config), type)
                : byKey.connect(updates.broadcast(LtcSwapFunction.UPDATES))
                        .process(new LtcSwapFunction(config), type))
                .name("LTC operator")
                // One uid for both forms: the keyed state restores into either.
                .uid(p + "-operator");
        DataStream<RejectedReading> dead = keyed.getSideOutput(LtcKeyedFunction.DEAD_LETTERS)
                .union(forecasts.getSideOutput(LtcKeyedFunction.DEAD_LETTERS));
        return new LtcStreams(
                forecasts,
                forecasts.getSideOutput(LtcKeyedFunction.ALERTS),
                forecasts.getSideOutput(LtcKeyedFunction.LATE),
                dead);
    }
}
