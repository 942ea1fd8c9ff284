package io.ltcflink.jobs.sidecar;

import io.ltcflink.flink.ForecastOperatorConfig;

/**
 * Everything the windowed LSTM operator needs besides its input: the shared settings of {@link
 * ForecastOperatorConfig} (the same bad-record policy as the LTC operator, scoring, the uid prefix
 * "lstm" by default) and the window, by default the model's own. Immutable; build with {@link
 * #builder(String)}.
 */
public final class SidecarConfig extends ForecastOperatorConfig {

    private static final long serialVersionUID = 2L;

    private final int window;

    private SidecarConfig(Builder b) {
        super(b);
        this.window = b.window;
    }

    public static Builder builder(String modelLocation) {
        return new Builder(modelLocation);
    }

    /** The window W, or 0 for the model's own. */
    public int window() {
        return window;
    }

    @Override
    public String toString() {
        return String.format("SidecarConfig{%s, window=%s}", describeShared(),
                window == 0 ? "model's" : window);
    }

    /** Builds a {@link SidecarConfig}. */
    public static final class Builder extends ForecastOperatorConfig.Builder<Builder> {
        private int window;

        private Builder(String modelLocation) {
            super(modelLocation, "lstm");
        }

        /** The window W (default 0: the one stored in the model). */
        public Builder window(int window) {
            this.window = window;
            return this;
        }

        public SidecarConfig build() {
            require(window >= 0, "window must be >= 0 (0: the model's): %s", window);
            return new SidecarConfig(this);
        }
    }
}
