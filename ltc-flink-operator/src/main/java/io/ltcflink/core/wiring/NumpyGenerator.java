package io.ltcflink.core.wiring;

import static io.ltcflink.core.Checks.requireArgument;

/*
 * Implementation notes
 *
 * This reproduces numpy.random.default_rng(seed) for a non-negative integer seed, bit for bit, for
 * the calls that ncps' FullyConnected wiring makes: SeedSequence -> PCG64 -> Generator.
 *
 * SeedSequence [1] (pool size 4, 32-bit words):
 *  - entropy = the seed split into 32-bit words, least significant first (0 gives [0]).
 *  - hashmix(v): v ^= h; h *= 0x931e8875; v *= h; v ^= v >>> 16, with h starting at 0x43b0d7e5
 *    and carried across every hashmix call of the mixing phase.
 *  - mix(x, y) = r ^ (r >>> 16) with r = 0xca01f9dd * x - 0x4973f715 * y.
 *  - pool[i] = hashmix(entropy[i] or 0); then for every src != dst: pool[dst] = mix(pool[dst],
 *    hashmix(pool[src])); entropy words beyond the pool would be mixed in last (never for a long).
 *  - generate_state(n): cycling through the pool, v ^= h; h *= 0x58f38ded; v *= h;
 *    v ^= v >>> 16, with h starting at 0x8b51f9dd.
 * PCG64 takes generate_state(8) as four uint64 (low word first): initstate = (u0 << 64) | u1,
 * initseq = (u2 << 64) | u3.
 *
 * PCG64 [2] (XSL-RR 128/64, the numpy default, not DXSM):
 *  - seeding: inc = (initseq << 1) | 1; state = 0; step; state += initstate; step.
 *  - step: state = state * 0x2360ED051FC65DA44385DF649FCCF645 + inc (mod 2^128).
 *  - output: step first, then rotr64(hi ^ lo, state >>> 122).
 *  - next_uint32 returns the low half of a fresh uint64 and keeps the high half for the next call.
 * The 128-bit state is held as two longs; the unsigned high product comes from Math.multiplyHigh
 * plus the two sign corrections.
 *
 * Generator.integers(0, n) for n <= 2^31 uses Lemire's multiply-shift [3] on 32-bit words: m = u32
 * * n; if low32(m) < n, redraw while low32(m) < (2^32 - n) mod n; the result is m >>> 32. n == 1
 * draws nothing. Generator.choice(seq) = seq[integers(0, len(seq))].
 *
 * numpy does not promise that Generator streams stay identical across versions; these match
 * numpy 1.17 through at least 2.x (the golden vectors were made with 1.24.2).
 *
 * References:
 * [1] M. E. O'Neill, "Developing a seed_seq alternative", pcg-random.org blog, 2015; numpy
 *     numpy/random/bit_generator.pyx (SeedSequence).
 * [2] M. E. O'Neill, "PCG: A family of simple fast space-efficient statistically good algorithms
 *     for random number generation", HMC-CS-2014-0905; numpy numpy/random/src/pcg64.
 * [3] D. Lemire, "Fast random integer generation in an interval", ACM TOMACS 29(1), 2019.
 */

/**
 * numpy's {@code default_rng(seed)} (SeedSequence, PCG64, Generator) for a non-negative integer
 * seed: raw 64- and 32-bit outputs and {@code integers(0, n)}. Not thread-safe.
 */
final class NumpyGenerator {

    private static final int POOL_SIZE = 4;
    private static final int HASH_INIT_A = 0x43b0d7e5;
    private static final int HASH_MULT_A = 0x931e8875;
    private static final int HASH_INIT_B = 0x8b51f9dd;
    private static final int HASH_MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;

    private static final long PCG_MULT_HI = 0x2360ED051FC65DA4L;
    private static final long PCG_MULT_LO = 0x4385DF649FCCF645L;

    private long stateHi;
    private long stateLo;
    private final long incHi;
    private final long incLo;
    private boolean hasUint32;
    private long bufferedUint32;

    /**
     * {@code numpy.random.default_rng(seed)}.
     *
     * @param seed non-negative, as numpy requires
     */
    NumpyGenerator(long seed) {
        long[] words = seedSequenceState(seed, 8);
        long initStateHi = words[0] | (words[1] << 32);
        long initStateLo = words[2] | (words[3] << 32);
        long initSeqHi = words[4] | (words[5] << 32);
        long initSeqLo = words[6] | (words[7] << 32);
        incHi = (initSeqHi << 1) | (initSeqLo >>> 63);
        incLo = (initSeqLo << 1) | 1L;
        stateHi = 0;
        stateLo = 0;
        step();
        long lo = stateLo + initStateLo;
        stateHi = stateHi + initStateHi + (Long.compareUnsigned(lo, stateLo) < 0 ? 1 : 0);
        stateLo = lo;
        step();
    }

    /**
     * {@code SeedSequence(seed).generate_state(nWords)}: {@code nWords} unsigned 32-bit words, each
     * in {@code [0, 2^32)}.
     */
    static long[] seedSequenceState(long seed, int nWords) {
        requireArgument(seed >= 0, "SeedSequence seed must be non-negative: %s", seed);
        requireArgument(nWords >= 0, "number of words must be non-negative: %s", nWords);
        // A long has at most two 32-bit words, fewer than the pool size, so numpy's last mixing
        // phase (entropy words beyond the pool) never runs here.
        int[] entropy =
                (seed >>> 32) == 0
                        ? new int[] {(int) seed}
                        : new int[] {(int) seed, (int) (seed >>> 32)};

        int[] pool = new int[POOL_SIZE];
        int[] hashConst = {HASH_INIT_A};
        for (int i = 0; i < POOL_SIZE; i++) {
            pool[i] = hashmix(i < entropy.length ? entropy[i] : 0, hashConst);
        }
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) {
                    pool[dst] = mix(pool[dst], hashmix(pool[src], hashConst));
                }
            }
        }

        long[] out = new long[nWords];
        int h = HASH_INIT_B;
        for (int i = 0; i < nWords; i++) {
            int v = pool[i % POOL_SIZE];
            v ^= h;
            h *= HASH_MULT_B;
            v *= h;
            v ^= v >>> 16;
            out[i] = Integer.toUnsignedLong(v);
        }
        return out;
    }

    private static int hashmix(int value, int[] hashConst) {
        value ^= hashConst[0];
        hashConst[0] *= HASH_MULT_A;
        value *= hashConst[0];
        return value ^ (value >>> 16);
    }

    private static int mix(int x, int y) {
        int r = MIX_MULT_L * x - MIX_MULT_R * y;
        return r ^ (r >>> 16);
    }

    /** state = state * MULT + inc (mod 2^128). */
    private void step() {
        long lo = stateLo * PCG_MULT_LO;
        long hi =
                unsignedMultiplyHigh(stateLo, PCG_MULT_LO)
                        + stateLo * PCG_MULT_HI
                        + stateHi * PCG_MULT_LO;
        long sumLo = lo + incLo;
        stateHi = hi + incHi + (Long.compareUnsigned(sumLo, lo) < 0 ? 1 : 0);
        stateLo = sumLo;
    }

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** The next raw PCG64 output, an unsigned 64-bit value held in a {@code long}. */
    long nextUint64() {
        step();
        return Long.rotateRight(stateHi ^ stateLo, (int) (stateHi >>> 58));
    }

    /**
     * The next unsigned 32-bit value in {@code [0, 2^32)}: the low half of a fresh 64-bit output,
     * then its buffered high half.
     */
    long nextUint32() {
        if (hasUint32) {
            hasUint32 = false;
            return bufferedUint32;
        }
        long next = nextUint64();
        bufferedUint32 = next >>> 32;
        hasUint32 = true;
        return next & 0xFFFFFFFFL;
    }

    /**
     * {@code integers(0, n)}: a uniform integer in {@code [0, n)} by Lemire's method; no draw when
     * {@code n == 1}.
     */
    int integers(int n) {
        requireArgument(n >= 1, "integers bound must be positive: %s", n);
        if (n == 1) {
            return 0;
        }
        long m = nextUint32() * n;
        long leftover = m & 0xFFFFFFFFL;
        if (leftover < n) {
            long threshold = (0xFFFFFFFFL - (n - 1)) % n;
            while (leftover < threshold) {
                m = nextUint32() * n;
                leftover = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** {@code choice(seq)}: one element drawn uniformly. */
    int choice(int[] seq) {
        requireArgument(seq.length >= 1, "choice needs a non-empty sequence");
        return seq[integers(seq.length)];
    }

    /** High 64 bits of the 128-bit LCG state (for tests). */
    long stateHigh() {
        return stateHi;
    }

    /** Low 64 bits of the 128-bit LCG state (for tests). */
    long stateLow() {
        return stateLo;
    }

    /** High 64 bits of the 128-bit LCG increment (for tests). */
    long incrementHigh() {
        return incHi;
    }

    /** Low 64 bits of the 128-bit LCG increment (for tests). */
    long incrementLow() {
        return incLo;
    }
}
