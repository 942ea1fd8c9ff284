package io.ltcflink.jobs.sidecar;

import io.ltcflink.flink.Forecast;
import io.ltcflink.flink.RejectedReading;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The windowed LSTM operator's outputs: forecasts (one per accepted record), late records and
 * dead letters (from the key check and from the operator, as one stream).
 */
public record SidecarStreams(
        DataStream<Forecast> forecasts,
        DataStream<RejectedReading> late,
        DataStream<RejectedReading> deadLetters) {}
