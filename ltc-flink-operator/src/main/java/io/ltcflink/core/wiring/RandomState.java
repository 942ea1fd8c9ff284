package io.ltcflink.core.wiring;

import static io.ltcflink.core.Checks.requireArgument;

/*
 * Implementation notes
 *
 * This reproduces numpy's legacy numpy.random.RandomState(seed) for an integer seed, bit for bit,
 * for the few calls that ncps' NCP wiring makes. numpy freezes this stream across versions, so
 * a wiring drawn here equals the one drawn by ncps on any numpy.
 *
 * Generator: MT19937 [1]. Seeding is init_genrand: mt[0] = seed and
 * mt[i] = 1812433253 * (mt[i-1] ^ (mt[i-1] >>> 30)) + i (mod 2^32), then the position is set to
 * 624 so that the first draw twists the whole state. Each output is the tempered next word.
 *
 * Bounded integers: numpy's legacy path uses masked rejection. For an inclusive bound max, the
 * mask is the smallest 2^k - 1 >= max, and 32-bit words are drawn until (word & mask) <= max.
 * When max == 0 nothing is drawn; this matters because it keeps the stream aligned.
 *  - randint(0, n)     = masked draw with max = n - 1
 *  - choice(seq)       = seq[randint(0, len(seq))]
 *  - permutation(n)    = arange(n), then for i = n-1 down to 1: j = masked draw with max = i,
 *                        swap(i, j)  (legacy shuffle, "random_interval")
 *  - choice(seq, k, replace=False) = seq[permutation(len(seq))[:k]]; the FULL permutation is
 *                        drawn even if k is small
 *
 * References:
 * [1] M. Matsumoto and T. Nishimura, "Mersenne Twister: a 623-dimensionally equidistributed
 *     uniform pseudo-random number generator", ACM TOMACS 8(1), 1998.
 * [2] numpy, numpy/random/mtrand.pyx (RandomState.randint, choice, permutation, shuffle) and
 *     numpy/random/src/distributions (random_interval, bounded masked uint32).
 */

/**
 * numpy's legacy {@code RandomState} (MT19937) for an integer seed: raw 32-bit words, {@code
 * randint(0, n)}, {@code permutation(n)} and {@code choice}. Not thread-safe.
 */
final class RandomState {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] mt = new int[N];
    private int pos;

    /**
     * {@code numpy.random.RandomState(seed)}.
     *
     * @param seed in {@code [0, 2^32 - 1]}, as numpy requires for an integer seed
     */
    RandomState(long seed) {
        requireArgument(
                seed >= 0 && seed <= 0xFFFFFFFFL,
                "RandomState seed must be in [0, 2^32 - 1]: %s",
                seed);
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            int prev = mt[i - 1];
            mt[i] = 1812433253 * (prev ^ (prev >>> 30)) + i;
        }
        pos = N;
    }

    /** The next raw MT19937 output, an unsigned 32-bit value in {@code [0, 2^32)}. */
    long nextUint32() {
        if (pos == N) {
            twist();
        }
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return Integer.toUnsignedLong(y);
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & UPPER_MASK) | (mt[(i + 1) % N] & LOWER_MASK);
            int next = mt[(i + M) % N] ^ (y >>> 1);
            mt[i] = (y & 1) == 0 ? next : next ^ MATRIX_A;
        }
        pos = 0;
    }

    /**
     * A uniform integer in {@code [0, max]} by masked rejection; draws nothing when {@code max ==
     * 0}.
     */
    private int interval(int max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        do {
            value = nextUint32() & mask;
        } while (value > max);
        return (int) value;
    }

    /** {@code randint(0, n)}: a uniform integer in {@code [0, n)}; no draw when {@code n == 1}. */
    int randint(int n) {
        requireArgument(n >= 1, "randint bound must be positive: %s", n);
        return interval(n - 1);
    }

    /** {@code permutation(n)}: a uniformly shuffled {@code 0..n-1}. */
    int[] permutation(int n) {
        requireArgument(n >= 0, "permutation size must be non-negative: %s", n);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i >= 1; i--) {
            int j = interval(i);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        return perm;
    }

    /** {@code choice(seq)}: one element drawn uniformly. */
    int choice(int[] seq) {
        requireArgument(seq.length >= 1, "choice needs a non-empty sequence");
        return seq[randint(seq.length)];
    }

    /**
     * {@code choice(seq, size=k, replace=False)}: the first {@code k} entries of {@code seq}
     * reordered by a full {@code permutation(len(seq))}.
     */
    int[] choice(int[] seq, int k) {
        requireArgument(
                k >= 0 && k <= seq.length,
                "choice without replacement: sample size must be in [0, %s]: %s",
                seq.length,
                k);
        int[] perm = permutation(seq.length);
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = seq[perm[i]];
        }
        return out;
    }
}
