package io.ltcflink.jobs.nab;

import static io.ltcflink.core.Checks.requireArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores a detector's anomaly scores on a NAB corpus by the rules of NAB v1.1: one threshold per
 * profile, chosen over all files together, and the normalised score, 0 for a detector that never
 * detects and 100 for a perfect one.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class NabScorer {

    /*
     * Implementation notes
     *
     * The rules are those of the Numenta Anomaly Benchmark [1] as its reference scorer v1.1
     * implements them [2]; where the paper and the code differ, this follows the code, which
     * produced the published scores.
     *
     * Probationary period. The first min(floor(0.15 n), 0.15 * 5000) rows of an n-row file are not
     * scored (at most 750 rows): they are neither detections nor misses, and a window lying wholly
     * inside the period counts for nothing. The floor is taken of the double 0.15 * n, as NAB does.
     *
     * Windows. A window is the row range from the first row carrying its start timestamp to the
     * first row carrying its end timestamp; positions are row indices, not times. For a window of
     * width W = end - start + 1 rows, a row i inside it has the relative position
     *     y = -(end - i + 1) / W,
     * which is -1 at the first row and -1/W at the last; note it never reaches 0 (NAB's "+ 1").
     *
     * Scaled sigmoid. sigma(y) = 2 / (1 + e^(5y)) - 1 for y <= 3 and -1 beyond, so sigma(-1) =
     * 0.98661 at a window's start, falling towards 0 at its end, and -0.98661 one window width
     * past its end.
     *
     * True positives. A window's score is tpWeight * sigma(y) / sigma(-1) for its earliest
     * detection (so a detection at the start is worth exactly tpWeight), or -fnWeight if it holds
     * no detection. Only the earliest detection counts; later ones in the same window add nothing
     * (NAB keeps the maximum of the per-row scores, which is the earliest since sigma falls).
     *
     * False positives. A detection outside every window scores fpWeight * sigma(x) with
     *     x = |i - prevEnd| / (prevW - 1),
     * where prevEnd and prevW are the last row and the width of the closest window that ended
     * before row i (detections far behind it, x > 3, cost the full fpWeight). A detection before
     * the first window costs the full fpWeight. (A one-row window would divide by zero in NAB;
     * here x is +infinity and the detection costs the full fpWeight.)
     *
     * Threshold sweep. A row is a detection when its anomaly score is at or above the threshold.
     * The per-row scores above are computed once; then the scored rows of all files are sorted by
     * anomaly score, highest first, and lowered through every distinct score, keeping the running
     * sum of false-positive scores and of each window's best true-positive score. The first
     * candidate detects nothing (threshold 1.1 in NAB, i.e. above every score), each later one
     * detects every row down to its score. The candidate with the largest summed score wins; of
     * equal sums the higher threshold wins (NAB sorts the candidates stably, highest threshold
     * first). One threshold per profile serves every file.
     *
     * Final score. At the chosen threshold each file is scored on its own and the raw scores are
     * summed per profile. The null detector (never detects) scores -fnWeight per scored window;
     * the perfect score is tpWeight per labelled window, as NAB's normaliser counts it: scored or
     * not, and whole even when the probationary period cuts the window's start (a detection there
     * would earn less). The normalised score is 100 (raw - null) / (perfect - null), NAB's own
     * when every file of its labels is scored. (An earlier version took the perfect detector's
     * raw score instead; it agreed on NAB, where every window starts after the probationary
     * period, and differed by up to 0.02 on corpora with rows dropped, where some do not.)
     *
     * Counts. tp and fn count windows; fp counts detected rows outside windows. (NAB's own
     * score CSVs count rows for all four.)
     *
     * Published scores. NAB's scoreboard (results/final_results.json) was computed at the
     * thresholds stored in config/thresholds.json, which NAB's optimiser of 2015-2016 found by
     * hill-climbing ("twiddle": from 0.5, steps of 0.1 doubled on success, halved otherwise, down
     * to 1e-7). The sweep above replaced it in 2019 and finds the global maximum, which for one
     * published entry is higher than the hill-climb's local one: numenta, reward_low_FP_rate,
     * 63.21 at threshold 0.5431 against the published 63.12 at 0.5752. scoreAt(...) scores at
     * stored thresholds, as NAB's run.py --score does, and reproduces the board.
     *
     * References
     * [1] A. Lavin and S. Ahmad, "Evaluating Real-time Anomaly Detection Algorithms - the Numenta
     *     Anomaly Benchmark", 14th IEEE ICMLA, 2015, pp. 38-44; arXiv:1510.03336.
     * [2] numenta/NAB v1.1: nab/sweeper.py (calcSweepScore, calcScoreByThreshold), nab/optimizer.py
     *     (optimizeThreshold), nab/scorer.py (scoreCorpus), nab/runner.py (normalize),
     *     nab/util.py (getProbationPeriod).
     */

    static final double PROBATION_FRACTION = 0.15;
    static final double PROBATION_CAP = PROBATION_FRACTION * 5000;
    static final double NO_DETECTION_THRESHOLD = 1.1;
    private static final double MAX_TP = scaledSigmoid(-1.0);

    private final List<NabProfile> profiles;

    /**
     * A scorer for the given profiles.
     *
     * @param profiles at least one, with distinct names; {@link NabProfile#published()} for NAB's
     */
    public NabScorer(List<NabProfile> profiles) {
        requireArgument(profiles != null && !profiles.isEmpty(), "at least one profile is needed");
        Set<String> names = new HashSet<>();
        for (NabProfile p : profiles) {
            requireArgument(names.add(p.name()), "duplicate profile name: %s", p.name());
        }
        this.profiles = List.copyOf(profiles);
    }

    public List<NabProfile> profiles() {
        return profiles;
    }

    /**
     * Chooses a threshold per profile over all files together and scores every file with it.
     *
     * @param series the detector's results, one per data file, with distinct keys
     */
    public NabScore score(List<NabSeries> series) {
        return score(series, null);
    }

    /**
     * Scores every file at given thresholds, one per profile, without the sweep: what NAB's
     * {@code run.py --score} does with the thresholds stored in {@code config/thresholds.json}.
     *
     * @param series the detector's results, one per data file, with distinct keys
     * @param thresholds a threshold for every profile, by profile name
     */
    public NabScore scoreAt(List<NabSeries> series, Map<String, Double> thresholds) {
        requireArgument(thresholds != null, "thresholds must not be null");
        for (NabProfile p : profiles) {
            Double t = thresholds.get(p.name());
            requireArgument(t != null && !t.isNaN(), "no threshold for profile %s in %s",
                    p.name(), thresholds);
        }
        return score(series, thresholds);
    }

    private NabScore score(List<NabSeries> series, Map<String, Double> fixed) {
        requireArgument(series != null && !series.isEmpty(), "at least one file is needed");
        Set<String> keys = new HashSet<>();
        int windows = 0;
        List<FileRows> files = new ArrayList<>(series.size());
        for (NabSeries s : series) {
            requireArgument(keys.add(s.key()), "file %s is given twice", s.key());
            files.add(new FileRows(s, windows));
            windows += s.windows().size();
        }
        Sweep sweep = fixed == null ? new Sweep(files, windows) : null;
        List<NabScore.ProfileScore> results = new ArrayList<>(profiles.size());
        for (NabProfile profile : profiles) {
            double threshold =
                    fixed == null ? sweep.bestThreshold(profile) : fixed.get(profile.name());
            Map<String, NabScore.Tally> byFile = new LinkedHashMap<>();
            Map<String, NabScore.Tally> byCategory = new TreeMap<>();
            NabScore.Tally total = NabScore.Tally.ZERO;
            for (FileRows f : files) {
                NabScore.Tally t = f.tally(profile, threshold);
                byFile.put(f.series.key(), t);
                byCategory.merge(f.series.category(), t, NabScore.Tally::plus);
                total = total.plus(t);
            }
            results.add(new NabScore.ProfileScore(profile, threshold, total, byFile, byCategory));
        }
        return new NabScore(series.size(), windows, results);
    }

    /** The number of leading rows of an {@code rows}-row file that are not scored. */
    static int probationaryRows(int rows) {
        return (int) Math.min(Math.floor(PROBATION_FRACTION * rows), PROBATION_CAP);
    }

    /** NAB's scaled sigmoid: {@code 2 / (1 + e^(5y)) - 1} up to {@code y = 3}, then -1. */
    static double scaledSigmoid(double y) {
        return y > 3.0 ? -1.0 : 2 * sigmoid(-5 * y) - 1.0;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** One file's per-row window and unweighted sigmoid, independent of the profile. */
    private static final class FileRows {
        final NabSeries series;
        /** First scored row. */
        final int first;
        /** Offset of this file's windows among all files' windows. */
        final int windowOffset;
        /** The window holding each row (local index), or -1. */
        final int[] window;
        /** sigma(y) inside a window, sigma(x) outside (unweighted). */
        final double[] sigma;

        FileRows(NabSeries s, int windowOffset) {
            this.series = s;
            this.windowOffset = windowOffset;
            int n = s.rows();
            this.first = probationaryRows(n);
            this.window = new int[n];
            this.sigma = new double[n];
            Arrays.fill(window, -1);
            int next = 0;
            int prevEnd = -1;
            double prevWidth = 0;
            for (int i = 0; i < n; i++) {
                if (next < s.windows().size() && i >= s.windowStart(next)) {
                    int start = s.windowStart(next);
                    int end = s.windowEnd(next);
                    double width = end - start + 1;
                    for (int r = start; r <= end; r++) {
                        window[r] = next;
                        sigma[r] = scaledSigmoid(-(end - r + 1) / width);
                    }
                    prevEnd = end;
                    prevWidth = width;
                    next++;
                    i = end;
                    continue;
                }
                sigma[i] = prevEnd < 0
                        ? -1.0
                        : scaledSigmoid(Math.abs(prevEnd - i) / (prevWidth - 1));
            }
        }

        /** A window counts only when some of its rows lie after the probationary period. */
        boolean scored(int w) {
            return series.windowEnd(w) >= first;
        }

        NabScore.Tally tally(NabProfile p, double threshold) {
            int windows = series.windows().size();
            int[] earliest = new int[windows];
            Arrays.fill(earliest, -1);
            double fpScore = 0;
            int fp = 0;
            for (int i = first; i < window.length; i++) {
                if (series.score(i) >= threshold) {
                    int w = window[i];
                    if (w < 0) {
                        fpScore += sigma[i] * p.fpWeight();
                        fp++;
                    } else if (earliest[w] < 0) {
                        earliest[w] = i;
                    }
                }
            }
            double raw = fpScore;
            double nullScore = 0;
            double perfect = 0;
            int tp = 0;
            int fn = 0;
            for (int w = 0; w < windows; w++) {
                // NAB's normalisation (runner.normalize) counts tpWeight for every labelled
                // window, even one the probationary period cuts or hides.
                perfect += p.tpWeight();
                if (!scored(w)) {
                    continue;
                }
                if (earliest[w] >= 0) {
                    raw += sigma[earliest[w]] * p.tpWeight() / MAX_TP;
                    tp++;
                } else {
                    raw -= p.fnWeight();
                    fn++;
                }
                nullScore -= p.fnWeight();
            }
            return new NabScore.Tally(raw, nullScore, perfect, tp, fp, fn);
        }
    }

    /** The scored rows of all files, highest anomaly score first. */
    private static final class Sweep {
        final double[] score;
        final double[] sigma;
        /** Global window index, or -1 outside windows. */
        final int[] window;
        final boolean[] scoredWindow;
        final int scoredWindows;
        final double noDetection;

        Sweep(List<FileRows> files, int windows) {
            int m = 0;
            for (FileRows f : files) {
                m += f.window.length - f.first;
            }
            Integer[] order = new Integer[m];
            double[] rawScore = new double[m];
            double[] rawSigma = new double[m];
            int[] rawWindow = new int[m];
            scoredWindow = new boolean[windows];
            int k = 0;
            for (FileRows f : files) {
                for (int i = f.first; i < f.window.length; i++) {
                    order[k] = k;
                    rawScore[k] = f.series.score(i);
                    rawSigma[k] = f.sigma[i];
                    rawWindow[k] = f.window[i] < 0 ? -1 : f.windowOffset + f.window[i];
                    k++;
                }
                for (int w = 0; w < f.series.windows().size(); w++) {
                    scoredWindow[f.windowOffset + w] = f.scored(w);
                }
            }
            // Stable, like Python's sorted(..., reverse=True): ties keep file and row order.
            Arrays.sort(order, (a, b) -> Double.compare(rawScore[b], rawScore[a]));
            score = new double[m];
            sigma = new double[m];
            window = new int[m];
            for (int j = 0; j < m; j++) {
                score[j] = rawScore[order[j]];
                sigma[j] = rawSigma[order[j]];
                window[j] = rawWindow[order[j]];
            }
            int n = 0;
            for (boolean b : scoredWindow) {
                n += b ? 1 : 0;
            }
            scoredWindows = n;
            noDetection = m == 0 ? NO_DETECTION_THRESHOLD
                    : Math.max(NO_DETECTION_THRESHOLD, Math.nextUp(score[0]));
        }

        double bestThreshold(NabProfile p) {
            double[] part = new double[scoredWindow.length];
            Arrays.fill(part, -p.fnWeight());
            double windowScore = -p.fnWeight() * scoredWindows;
            double fpScore = 0;
            double best = fpScore + windowScore;
            double bestThreshold = noDetection;
            int j = 0;
            while (j < score.length) {
                double threshold = score[j];
                for (; j < score.length && score[j] == threshold; j++) {
                    int w = window[j];
                    if (w < 0) {
                        fpScore += sigma[j] * p.fpWeight();
                    } else {
                        double tp = sigma[j] * p.tpWeight() / MAX_TP;
                        if (tp > part[w]) {
                            windowScore += tp - part[w];
                            part[w] = tp;
                        }
                    }
                }
                double total = fpScore + windowScore;
                if (total > best) {
                    best = total;
                    bestThreshold = threshold;
                }
            }
            return bestThreshold;
        }
    }
}
