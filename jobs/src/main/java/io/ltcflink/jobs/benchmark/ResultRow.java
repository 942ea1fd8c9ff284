package io.ltcflink.jobs.benchmark;

import java.util.List;

/**
 * One model under one condition (system and drop rate), as {@code report.json} holds it.
 *
 * @param model the model's name ({@code ltc-fc16}, {@code lstm64-w32-gap}, …)
 * @param family ltc-fc, ltc-ncp, cfc or lstm
 * @param params trainable parameters
 * @param system the chaotic system streamed
 * @param dropRate the fraction of readings dropped
 * @param window W of a windowed LSTM, 0 for the stateful models
 * @param logDelta whether {@code log Δ} is an input (LSTM)
 * @param units neurons or hidden units
 * @param records scored records (the same for every model of a condition)
 * @param mse mean squared error over records × channels, raw units
 * @param nmse {@code mse} over the variance of the actual values
 * @param smape sMAPE in percent
 * @param persistenceMse the MSE of repeating the previous reading, on the same records
 * @param cpuNsP50 median thread CPU time of a forecast's model computation, nanoseconds
 * @param cpuNsP99 its 99th percentile
 * @param cpuNsMean its mean
 * @param stateBytesPerKey the serialized size of one key's state in the operator
 * @param recordsPerSecond the model's forecasts per second as they reached the comparator
 * @param errorByGap MSE by gap length (model time units)
 * @param errorOverTime MSE per event-time bucket
 * @param trainingSeconds wall time of the model's training
 * @param trainingEpochs epochs run
 * @param bestEpoch the epoch whose weights the model holds
 * @param modelId the content id the forecasts carry
 */
public record ResultRow(
        String model,
        String family,
        long params,
        String system,
        double dropRate,
        int window,
        boolean logDelta,
        int units,
        long records,
        double mse,
        double nmse,
        double smape,
        double persistenceMse,
        long cpuNsP50,
        long cpuNsP99,
        double cpuNsMean,
        int stateBytesPerKey,
        double recordsPerSecond,
        List<ModelMetrics.GapBin> errorByGap,
        List<ModelMetrics.TimeBucket> errorOverTime,
        double trainingSeconds,
        int trainingEpochs,
        int bestEpoch,
        String modelId) {

    public ResultRow {
        errorByGap = List.copyOf(errorByGap);
        errorOverTime = List.copyOf(errorOverTime);
    }

    /** Whether the model is an LTC (the claims are about these). */
    public boolean isLtc() {
        return family.equals(ModelSpec.Family.LTC_FC.id())
                || family.equals(ModelSpec.Family.LTC_NCP.id());
    }

    public boolean isLstm() {
        return family.equals(ModelSpec.Family.LSTM.id());
    }
}
