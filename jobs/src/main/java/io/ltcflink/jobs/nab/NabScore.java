package io.ltcflink.jobs.nab;

import static io.ltcflink.core.Checks.requireArgument;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link NabScorer#score} returns: per profile, the chosen threshold and the normalised score,
 * and the raw scores and counts per file, per category and in total.
 *
 * @param files the number of files scored
 * @param windows the number of labelled windows in them
 * @param profiles one entry per profile, in the scorer's profile order
 */
public record NabScore(int files, int windows, List<ProfileScore> profiles) {

    public NabScore {
        profiles = List.copyOf(profiles);
    }

    /** The result for the profile called {@code name}. */
    public ProfileScore profile(String name) {
        for (ProfileScore p : profiles) {
            if (p.profile().name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(String.format("no profile '%s'; the profiles are %s",
                name, profiles.stream().map(p -> p.profile().name()).toList()));
    }

    /**
     * One profile's result.
     *
     * @param profile the profile
     * @param threshold the anomaly-score threshold that maximises the summed raw score: a row with
     *     a score at or above it is a detection. When detecting nothing is best, a value above
     *     every score (NAB's 1.1 for scores in [0, 1]).
     * @param total the summed tally of all files; {@code total().normalized()} is the NAB score
     * @param files the tally of each file by key, in input order
     * @param categories the tally of each category, by name in sorted order
     */
    public record ProfileScore(
            NabProfile profile,
            double threshold,
            Tally total,
            Map<String, Tally> files,
            Map<String, Tally> categories) {

        public ProfileScore {
            files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
            categories = Collections.unmodifiableMap(new TreeMap<>(categories));
        }

        /** The NAB score, {@code 100 (raw - null) / (perfect - null)}. */
        public double normalized() {
            return total.normalized();
        }
    }

    /**
     * Raw scores and counts of a file or a sum of files, at a profile's threshold.
     *
     * @param raw the detector's raw NAB score
     * @param nullScore the raw score of the detector that never detects (every window missed)
     * @param perfect the raw score of the detector that detects each window at its first scored row
     *     and nothing else
     * @param tp windows detected (counted once, however many detections they hold)
     * @param fp detections outside every window, after the probationary period (rows)
     * @param fn windows missed
     */
    public record Tally(double raw, double nullScore, double perfect, int tp, int fp, int fn) {

        public Tally {
            requireArgument(tp >= 0 && fp >= 0 && fn >= 0, "negative counts: tp=%s fp=%s fn=%s",
                    tp, fp, fn);
        }

        static final Tally ZERO = new Tally(0, 0, 0, 0, 0, 0);

        Tally plus(Tally o) {
            return new Tally(raw + o.raw, nullScore + o.nullScore, perfect + o.perfect,
                    tp + o.tp, fp + o.fp, fn + o.fn);
        }

        /**
         * {@code 100 (raw - null) / (perfect - null)}: 0 for the null detector, 100 for the
         * perfect one; NaN when there is no scored window (perfect equals null).
         */
        public double normalized() {
            double span = perfect - nullScore;
            return span == 0 ? Double.NaN : 100 * (raw - nullScore) / span;
        }
    }
}
