package io.ltcflink.core.engine;

/** Which reading channels a model's outputs forecast. */
public final class TargetChannels {

    private TargetChannels() {}

    /**
     * The channels {@code configured} (null = the first {@code outputs} channels), checked against
     * the model's outputs and the readings' channels.
     *
     * @throws IllegalArgumentException naming the mismatch
     */
    public static int[] resolve(int[] configured, int outputs, int channels) {
        int[] t = configured;
        if (t == null) {
            if (outputs > channels) {
                throw new IllegalArgumentException(String.format(
                        "the model has %s outputs but readings have %s channels: configure"
                                + " targetChannels", outputs, channels));
            }
            t = new int[outputs];
            for (int i = 0; i < outputs; i++) {
                t[i] = i;
            }
        }
        if (t.length != outputs) {
            throw new IllegalArgumentException(String.format(
                    "targetChannels has %s entries but the model has %s outputs", t.length, outputs));
        }
        for (int c : t) {
            if (c >= channels) {
                throw new IllegalArgumentException(String.format(
                        "target channel %s does not exist: readings have %s channels", c, channels));
            }
        }
        return t;
    }

    /**
     * As {@link #resolve(int[], int, int)}, where an unset {@code configured} defaults to the
     * channels the model was trained to forecast, when its metadata records a task on readings
     * of {@code channels} values.
     */
    public static int[] resolve(int[] configured, java.util.Map<String, String> modelMetadata,
            int outputs, int channels) {
        int[] t = configured;
        if (t == null) {
            java.util.Optional<io.ltcflink.core.train.ForecastTask> task =
                    io.ltcflink.core.train.ForecastTask.fromMetadata(modelMetadata);
            if (task.isPresent() && task.get().channels() == channels) {
                t = task.get().targetChannels();
            }
        }
        return resolve(t, outputs, channels);
    }
}
