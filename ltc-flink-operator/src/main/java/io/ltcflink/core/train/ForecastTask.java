package io.ltcflink.core.train;

import io.ltcflink.core.Checks;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.model.Model;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one-step-ahead forecasting task with the operator's semantics: on sample {@code k ≥ 1} of a
 * {@link Series} the cell steps with input {@code x_{k−1}} (optionally followed by {@code log Δ_k}
 * as one extra input channel) over the timespan {@code Δ_k = t_k − t_{k−1}}, and its output
 * forecasts {@code x_k} restricted to the target channels. Sample 0 only starts the sequence.
 *
 * <p>Immutable. A trained {@link Model} carries its task in its metadata ({@link #toMetadata()}),
 * so evaluation and the operator can rebuild the inputs the model was trained on.
 */
public final class ForecastTask {

    static final String KEY_TASK = "task";
    static final String KEY_CHANNELS = "task.channels";
    static final String KEY_TARGETS = "task.targetChannels";
    /** Whether log Δ is an input; the key keeps its first spelling, as model files carry it. */
    static final String KEY_LOG_DT = "task.logDtInput";
    static final String TASK_NAME = "one-step-ahead";

    private final int channels;
    private final int[] targets;
    private final boolean logDelta;

    private ForecastTask(int channels, int[] targets, boolean logDelta) {
        Checks.requireArgument(channels >= 1, "a series needs at least 1 channel: %s", channels);
        Checks.requireArgument(targets.length >= 1, "at least one target channel is needed");
        boolean[] seen = new boolean[channels];
        for (int c : targets) {
            Checks.requireArgument(c >= 0 && c < channels,
                    "target channel %s is outside [0, %s)", c, channels);
            Checks.requireArgument(!seen[c], "target channel %s is listed twice", c);
            seen[c] = true;
        }
        this.channels = channels;
        this.targets = targets.clone();
        this.logDelta = logDelta;
    }

    /**
     * A task over a series of {@code channels} channels.
     *
     * @param targetChannels the forecast channels in output order; none means all, in order
     * @throws IllegalArgumentException on a channel out of range or listed twice
     */
    public static ForecastTask of(int channels, boolean logDelta, int... targetChannels) {
        int[] targets = targetChannels == null || targetChannels.length == 0
                ? allOf(Math.max(channels, 0)) : targetChannels;
        return new ForecastTask(channels, targets, logDelta);
    }

    /**
     * The task a model was trained on, from its metadata; a model without task metadata (for
     * example an imported ncps model) is taken to forecast all {@code channels} from the raw
     * channels without log Δ.
     *
     * @throws IllegalArgumentException if the task does not fit the model's input or output size
     *     or the series' channel count
     */
    public static ForecastTask forModel(Model model, int channels) {
        ForecastTask task = fromMetadata(model.metadata()).orElse(of(channels, false));
        Checks.requireArgument(task.channels == channels,
                "the model was trained on %s channels but the series has %s",
                task.channels, channels);
        Checks.requireArgument(task.inputSize() == model.cell().inputSize(),
                "the task needs %s inputs (%s channels%s) but the model's cell takes %s",
                task.inputSize(), channels, task.logDelta ? " + log Δ" : "",
                model.cell().inputSize());
        Checks.requireArgument(task.outputSize() == model.cell().outputSize(),
                "the task forecasts %s channels but the model's cell has %s outputs",
                task.outputSize(), model.cell().outputSize());
        return task;
    }

    /** The task stored by {@link #toMetadata()}, if the metadata holds one. */
    public static Optional<ForecastTask> fromMetadata(Map<String, String> metadata) {
        if (!TASK_NAME.equals(metadata.get(KEY_TASK))) {
            return Optional.empty();
        }
        try {
            int channels = Integer.parseInt(metadata.get(KEY_CHANNELS).trim());
            int[] targets = Arrays.stream(metadata.get(KEY_TARGETS).split(","))
                    .map(String::trim)
                    .mapToInt(Integer::parseInt)
                    .toArray();
            boolean logDelta = Boolean.parseBoolean(metadata.get(KEY_LOG_DT));
            return Optional.of(new ForecastTask(channels, targets, logDelta));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    String.format("malformed task metadata %s: %s", metadata, e.getMessage()), e);
        }
    }

    /** The metadata entries that describe this task. */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(KEY_TASK, TASK_NAME);
        m.put(KEY_CHANNELS, Integer.toString(channels));
        m.put(KEY_TARGETS, Arrays.stream(targets)
                .mapToObj(Integer::toString)
                .collect(Collectors.joining(",")));
        m.put(KEY_LOG_DT, Boolean.toString(logDelta));
        return m;
    }

    /** The number of channels of the series. */
    public int channels() {
        return channels;
    }

    /** The forecast channels, in output order (a copy). */
    public int[] targetChannels() {
        return targets.clone();
    }

    /** Whether {@code log Δ_k} is appended to the input as its last channel. */
    public boolean logDelta() {
        return logDelta;
    }

    /** The cell's input size: the channels, plus one for log Δ. */
    public int inputSize() {
        return channels + (logDelta ? 1 : 0);
    }

    /** The cell's output size: the number of target channels. */
    public int outputSize() {
        return targets.length;
    }

    /** Whether the targets are all channels in order, so a forecast can be fed back as input. */
    public boolean forecastsAllChannels() {
        return Arrays.equals(targets, allOf(channels));
    }

    /**
     * Writes the input of the step that forecasts sample {@code k ≥ 1}: {@code x_{k−1}}, then
     * {@code log Δ_k} if enabled. Modified: out.
     */
    public void input(Series series, int k, double[] out) {
        for (int c = 0; c < channels; c++) {
            out[c] = series.value(k - 1, c);
        }
        if (logDelta) {
            out[channels] = Math.log(series.gap(k));
        }
    }

    /** Writes the target of sample {@code k}: {@code x_k} at the target channels. Modified: out. */
    public void target(Series series, int k, double[] out) {
        for (int i = 0; i < targets.length; i++) {
            out[i] = series.value(k, targets[i]);
        }
    }

    /** Requires {@code series} to have this task's channel count. */
    void requireFits(Series series) {
        Checks.requireArgument(series != null, "series must not be null");
        Checks.requireArgument(series.channels() == channels || series.size() == 0,
                "the task has %s channels but the series has %s", channels, series.channels());
    }

    private static int[] allOf(int channels) {
        int[] all = new int[channels];
        for (int c = 0; c < channels; c++) {
            all[c] = c;
        }
        return all;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForecastTask
                && ((ForecastTask) o).channels == channels
                && Arrays.equals(((ForecastTask) o).targets, targets)
                && ((ForecastTask) o).logDelta == logDelta;
    }

    @Override
    public int hashCode() {
        return (31 * channels + Arrays.hashCode(targets)) * 2 + (logDelta ? 1 : 0);
    }

    @Override
    public String toString() {
        return String.format("ForecastTask{channels=%s, targets=%s, logDelta=%s}",
                channels, Arrays.toString(targets), logDelta);
    }
}
