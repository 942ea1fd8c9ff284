package io.ltcflink.flink;

import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The operator's outputs: forecasts (one per accepted record), alerts, late records and dead
 * letters (from the key check and from the operator, as one stream).
 */
public record LtcStreams(
        DataStream<Forecast> forecasts,
        DataStream<Alert> alerts,
        DataStream<RejectedReading> late,
        DataStream<RejectedReading> deadLetters) {}
