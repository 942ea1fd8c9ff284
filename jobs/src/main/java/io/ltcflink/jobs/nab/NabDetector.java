package io.ltcflink.jobs.nab;

import io.ltcflink.core.anomaly.NoveltyDetector;
import io.ltcflink.core.cell.MultiScaleLtc;
import io.ltcflink.core.model.Model;
import io.ltcflink.flink.LtcOperatorConfig;
import io.ltcflink.core.engine.NoveltyScorer;
import io.ltcflink.core.engine.RlsReadout;
import io.ltcflink.core.engine.RunningStandardizer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one configuration {@code ltc nab run} runs on every file: an LTC whose neurons integrate the
 * key's standardised readings over time constants from half an hour to five days of event time,
 * a per-key readout learnt by recursive least squares (the forecast), and the {@link
 * NoveltyScorer} on the LTC's state, the readings and the forecast's residual, with the
 * detector's default settings. Nothing depends on the file.
 */
public final class NabDetector {

    /** The default detector name in results folders. */
    public static final String NAME = "ltcFlink";

    /** Where the model travels in the jar. */
    public static final String MODEL_RESOURCE = "/nab/ltc-multiscale.model.json";

    /** The model's time unit. */
    public static final Duration TIME_UNIT = Duration.ofMinutes(1);

    /**
     * The neurons' resting half-lives in minutes, 20 minutes to 3.6 days in steps of 4 (tau =
     * half-life / ln 2). Tried on NAB and three drop/jitter variants against 10 to 2560 and a few
     * other ladders: slower ones did a little better (mean standard score 63.2 against 61.7),
     * differences between the slower ladders were within the noise.
     */
    static final double[] HALF_LIVES_MINUTES = {20, 80, 320, 1280, 5120};

    private NabDetector() {}

    /** The multi-scale LTC of the detector, as stored in {@link #MODEL_RESOURCE}. */
    public static Model model() {
        double[] tau = new double[HALF_LIVES_MINUTES.length];
        for (int i = 0; i < tau.length; i++) {
            tau[i] = HALF_LIVES_MINUTES[i] / Math.log(2);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("purpose", "context cell of the NAB detector (ltc nab run)");
        meta.put("timeUnit", "1 minute");
        meta.put("halfLivesMinutes", "20,80,320,1280,5120");
        meta.put("input", "the key's reading standardised by its running mean and deviation");
        return Model.of(MultiScaleLtc.build(tau, 1.0, 1.0), null, meta);
    }

    /** Gain of the tracked typical gap when the scorer counts in event time. */
    public static final double PERIOD_GAIN = 0.05;

    /** The scorer's settings. */
    public static NoveltyDetector.Config scorerConfig() {
        return NoveltyDetector.Config.defaults();
    }

    /**
     * The scorer's settings, counting warm-ups, smoothing and suppression in records (the
     * default) or in each stream's nominal periods of event time.
     */
    public static NoveltyDetector.Config scorerConfig(boolean eventTime) {
        return eventTime
                ? scorerConfig().toBuilder().eventTime(true, PERIOD_GAIN).build()
                : scorerConfig();
    }

    /** The operator configuration for the model at {@code modelLocation}. */
    public static LtcOperatorConfig config(String modelLocation) {
        return config(modelLocation, false);
    }

    /** The operator configuration for the model at {@code modelLocation}, with its clock. */
    public static LtcOperatorConfig config(String modelLocation, boolean eventTime) {
        return LtcOperatorConfig.builder(modelLocation)
                .modelTimeUnit(TIME_UNIT)
                .normalizer(new RunningStandardizer(20))
                .readoutAdapter(RlsReadout.defaults())
                .scorer(new NoveltyScorer(scorerConfig(eventTime)))
                .targetChannels(0)
                .uidPrefix("ltc-nab")
                .build();
    }

    /** The operator configuration with the model from the jar. */
    public static LtcOperatorConfig config() {
        return config(false);
    }

    /** The operator configuration with the model from the jar, with its clock. */
    public static LtcOperatorConfig config(boolean eventTime) {
        return config("classpath:" + MODEL_RESOURCE, eventTime);
    }
}
