package io.ltcflink.core.cell;

/**
 * The map ncps applies to the parameters that must stay positive ({@code gleak, cm, w,
 * sensory_w}) at every forward pass.
 *
 * <p>A stored {@code state_dict} does not say which was used: {@code ncps.torch.LTC} defaults to
 * softplus ({@code implicit_param_constraints=True}) while {@code LTCCell} defaults to identity.
 */
public enum Positivity {
    /** PyTorch {@code Softplus(beta=1, threshold=20)}: {@code x > 20 ? x : log1p(exp(x))}. */
    SOFTPLUS {
        @Override
        public double apply(double x) {
            return x > 20.0 ? x : Math.log1p(Math.exp(x));
        }
    },
    /** Raw values used as they are (positivity kept by clamping after each optimiser step). */
    IDENTITY {
        @Override
        public double apply(double x) {
            return x;
        }
    };

    /** Maps a raw parameter value to the effective one. */
    public abstract double apply(double x);

    /** The model-file name: {@code softplus} or {@code identity}. */
    public String fileName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@link #fileName()}, case-insensitively. */
    public static Positivity fromFileName(String name) {
        for (Positivity p : values()) {
            if (p.fileName().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                String.format("unknown positivity '%s': expected softplus or identity", name));
    }
}
