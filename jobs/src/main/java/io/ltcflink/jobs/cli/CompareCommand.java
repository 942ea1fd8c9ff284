package io.ltcflink.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ltcflink.core.model.Model;
import io.ltcflink.core.train.WindowForecaster;
import io.ltcflink.flink.LtcKeyedFunction;
import io.ltcflink.flink.ModelLoader;
import io.ltcflink.core.engine.ResidualScaleScorer;
import io.ltcflink.core.engine.Scorer;
import io.ltcflink.jobs.benchmark.LiveComparison;
import io.ltcflink.jobs.sidecar.WindowedLstmFunction;
import io.ltcflink.jobs.util.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ltc compare}: the comparator on your own topics, beside a running {@code ltc job} and
 * {@code ltc sidecar} (or the same jobs on a cluster) that read the same input topic.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Join the LTC job's and the LSTM sidecar's forecasts with the readings of"
                + " their input topic for a while, and print per model: MSE, sMAPE, MSE by gap,"
                + " CPU per event (p50/p99, when the jobs run with --measure-cpu), forecasts/s,"
                + " state bytes per key, parameters (JSON). Readings and forecasts must be Avro.")
final class CompareCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT") String bootstrap;

    @Option(names = "--input-topic", required = true, paramLabel = "T",
            description = "The readings topic both jobs read.")
    String inputTopic;

    @Option(names = "--ltc-model", required = true, paramLabel = "MODEL",
            description = "The model the LTC job runs.")
    String ltcModel;

    @Option(names = "--lstm-model", required = true, paramLabel = "MODEL",
            description = "The model the LSTM sidecar runs.")
    String lstmModel;

    @Option(names = "--window", defaultValue = "0", paramLabel = "W",
            description = "The sidecar's window if it was given one (default: the model's own).")
    int window;

    @Option(names = "--ltc-forecast-topic", paramLabel = "F",
            description = "Default: <input>-forecasts.")
    String ltcForecastTopic;

    @Option(names = "--ltc-dead-letter-topic", paramLabel = "D",
            description = "Default: <input>-dead-letters.")
    String ltcDeadLetterTopic;

    @Option(names = "--lstm-forecast-topic", paramLabel = "F",
            description = "Default: <input>-lstm-forecasts.")
    String lstmForecastTopic;

    @Option(names = "--lstm-dead-letter-topic", paramLabel = "D",
            description = "Default: <input>-lstm-dead-letters.")
    String lstmDeadLetterTopic;

    @Option(names = "--duration", defaultValue = "60s", paramLabel = "D",
            description = "How long to join (default ${DEFAULT-VALUE}); topics are read from"
                    + " their beginning.")
    String duration;

    @Option(names = "--warm-up", defaultValue = "32", paramLabel = "N",
            description = "Readings per key before the first scored one (default"
                    + " ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON here.")
    Path out;

    @Option(names = "--json", description = "Print JSON (the only output format; accepted for"
            + " clarity).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Duration d = Durations.parse(duration);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("--duration must be positive: " + duration);
        }
        if (warmUp < 0) {
            throw new IllegalArgumentException("--warm-up must be >= 0: " + warmUp);
        }
        Scorer scorer = ResidualScaleScorer.defaults();
        Model ltc = ModelLoader.load(ltcModel);
        int channels = ltc.cell().inputSize();
        Model lstm = ModelLoader.load(lstmModel);
        WindowForecaster f = WindowedLstmFunction.forecaster(lstm, window);
        List<LiveComparison.Entry> entries = new ArrayList<>();
        entries.add(new LiveComparison.Entry("ltc", ltc,
                or(ltcForecastTopic, inputTopic + "-forecasts"),
                or(ltcDeadLetterTopic, inputTopic + "-dead-letters"),
                LtcKeyedFunction.stateBytesPerKey(ltc, channels, ltc.cell().outputSize(),
                        scorer)));
        entries.add(new LiveComparison.Entry("lstm", lstm,
                or(lstmForecastTopic, inputTopic + "-lstm-forecasts"),
                or(lstmDeadLetterTopic, inputTopic + "-lstm-dead-letters"),
                WindowedLstmFunction.stateBytesPerKey(f.window(), f.channels(), f.outputSize(),
                        scorer)));
        Map<String, Object> report = LiveComparison.run(bootstrap, inputTopic, entries, warmUp, d,
                System.err);
        String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(report);
        if (out != null) {
            Files.writeString(out, text + System.lineSeparator());
        }
        System.out.println(text);
        return 0;
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
