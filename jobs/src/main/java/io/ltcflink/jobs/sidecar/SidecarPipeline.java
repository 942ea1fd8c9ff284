package io.ltcflink.jobs.sidecar;

import io.ltcflink.flink.Forecast;
import io.ltcflink.flink.KeyCheck;
import io.ltcflink.flink.LtcKeyedFunction;
import io.ltcflink.flink.RejectedReading;
import io.ltcflink.flink.SensorReading;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Applies the windowed LSTM operator to a stream of readings, the way {@link
 * io.ltcflink.flink.LtcPipeline} applies the LTC operator: the same key check, keyed by sensor,
 * with stable uids {@code <prefix>-key-check} and {@code <prefix>-operator}.
 */
public final class SidecarPipeline {

    private SidecarPipeline() {}

    public static SidecarStreams apply(DataStream<SensorReading> readings, SidecarConfig config) {
        String p = config.uidPrefix();
        SingleOutputStreamOperator<SensorReading> keyed = readings
                .process(new KeyCheck(), TypeInformation.of(SensorReading.class))
                .name("LSTM key check")
                .uid(p + "-key-check")
                // Same parallelism as the input: records stay on their channel and in key order.
                .setParallelism(readings.getParallelism());
        SingleOutputStreamOperator<Forecast> forecasts = keyed
                .keyBy(r -> r.key, TypeInformation.of(String.class))
                .process(new WindowedLstmFunction(config), TypeInformation.of(Forecast.class))
                .name("windowed LSTM " + p)
                .uid(p + "-operator");
        DataStream<RejectedReading> dead = keyed.getSideOutput(LtcKeyedFunction.DEAD_LETTERS)
                .union(forecasts.getSideOutput(LtcKeyedFunction.DEAD_LETTERS));
        return new SidecarStreams(forecasts, forecasts.getSideOutput(LtcKeyedFunction.LATE), dead);
    }
}
