package io.ltcflink.jobs.nab;

import static io.ltcflink.core.Checks.requireArgument;

import java.util.List;

/**
 * A NAB application profile: the weights of a detected window (true positive), a detection outside
 * every window (false positive) and a missed window (false negative). NAB's profiles also carry a
 * true-negative weight, which no scoring rule uses.
 *
 * @param name the profile's name, e.g. {@code standard}
 * @param tpWeight weight of a window detected at its very start; must be positive and finite
 * @param fpWeight weight of a false positive far from any window; non-negative and finite
 * @param fnWeight cost of a missed window; non-negative and finite
 */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) {

    public NabProfile {
        requireArgument(name != null && !name.isBlank(), "profile name must not be blank: '%s'",
                name);
        requireArgument(tpWeight > 0 && Double.isFinite(tpWeight),
                "profile %s: tpWeight must be positive and finite: %s", name, tpWeight);
        requireArgument(fpWeight >= 0 && Double.isFinite(fpWeight),
                "profile %s: fpWeight must be non-negative and finite: %s", name, fpWeight);
        requireArgument(fnWeight >= 0 && Double.isFinite(fnWeight),
                "profile %s: fnWeight must be non-negative and finite: %s", name, fnWeight);
    }

    /**
     * The three profiles of NAB v1.1 ({@code config/profiles.json}), in its order: standard,
     * reward_low_FP_rate, reward_low_FN_rate.
     */
    public static List<NabProfile> published() {
        return List.of(
                new NabProfile("standard", 1.0, 0.11, 1.0),
                new NabProfile("reward_low_FP_rate", 1.0, 0.22, 1.0),
                new NabProfile("reward_low_FN_rate", 1.0, 0.11, 2.0));
    }
}
