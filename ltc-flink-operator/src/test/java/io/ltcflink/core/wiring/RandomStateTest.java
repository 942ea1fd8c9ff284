package io.ltcflink.core.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Tests for {@link RandomState}. */
final class RandomStateTest {

    private static final JsonNode GOLDEN = Golden.load("wiring_rng.json");

    @Test
    void nextUint32_seed22222_matchesNumpyFirstWords() {
        long[] expected = Golden.longs(GOLDEN.get("mt19937_seed22222_first_uint32"));
        RandomState rng = new RandomState(22222);

        long[] actual = new long[expected.length];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = rng.nextUint32();
        }

        assertThat(actual).containsExactly(expected);
    }

    @Test
    void nextUint32_pastFirstTwist_matchesNumpy() {
        // Words 623..624 and 1247..1248 straddle the first and second regeneration of the 624-word
        // state; values from numpy 2.4.6 RandomState(22222)._bit_generator.random_raw(1300).
        RandomState rng = new RandomState(22222);
        long[] words = new long[1249];
        for (int i = 0; i < words.length; i++) {
            words[i] = rng.nextUint32();
        }

        assertThat(words[623]).isEqualTo(2807186710L);
        assertThat(words[624]).isEqualTo(857569657L);
        assertThat(words[1247]).isEqualTo(3252431467L);
        assertThat(words[1248]).isEqualTo(2943944221L);
    }

    @Test
    void nextUint32_extremeSeeds_matchNumpy() {
        // numpy 2.4.6: RandomState(0) and RandomState(2**32 - 1), first three raw words.
        RandomState zero = new RandomState(0);
        RandomState max = new RandomState(0xFFFFFFFFL);

        assertThat(new long[] {zero.nextUint32(), zero.nextUint32(), zero.nextUint32()})
                .containsExactly(2357136044L, 2546248239L, 3071714933L);
        assertThat(new long[] {max.nextUint32(), max.nextUint32(), max.nextUint32()})
                .containsExactly(419326371L, 479346978L, 3918654476L);
    }

    @Test
    void permutation_seed22222_matchesNumpyAndRandintContinuesStream() {
        JsonNode vectors = GOLDEN.get("randomstate_seed22222_permutation_9_then_randint2_x10");
        RandomState rng = new RandomState(22222);

        int[] permutation = rng.permutation(9);
        int[] draws = new int[10];
        for (int i = 0; i < draws.length; i++) {
            draws[i] = rng.randint(2);
        }

        assertThat(permutation).containsExactly(Golden.ints(vectors.get("permutation_9")));
        assertThat(draws).containsExactly(Golden.ints(vectors.get("randint_0_2_after")));
    }

    @Test
    void choice_withoutReplacement_matchesNumpy() {
        // numpy 2.4.6: rs = RandomState(7); rs.permutation(1000)[:5] -> [778, 334, 271, 802, 216];
        // rs.randint(0, 100) -> 31;
        // rs.choice(np.arange(50, 60), 4, replace=False) -> [52, 51, 53, 50]
        RandomState rng = new RandomState(7);

        int[] permutation = rng.permutation(1000);
        int draw = rng.randint(100);
        int[] sample = rng.choice(new int[] {50, 51, 52, 53, 54, 55, 56, 57, 58, 59}, 4);

        assertThat(permutation).startsWith(778, 334, 271, 802, 216);
        assertThat(draw).isEqualTo(31);
        assertThat(sample).containsExactly(52, 51, 53, 50);
    }

    @Test
    void choice_withoutReplacement_consumesFullPermutation() {
        int[] seq = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
        RandomState sampled = new RandomState(22222);
        RandomState permuted = new RandomState(22222);

        int[] sample = sampled.choice(seq, 2);
        int[] permutation = permuted.permutation(seq.length);

        assertThat(sample).containsExactly(seq[permutation[0]], seq[permutation[1]]);
        // Both streams are at the same position: a small sample still shuffled all ten.
        assertThat(sampled.nextUint32()).isEqualTo(permuted.nextUint32());
    }

    @Test
    void randint_boundOne_drawsNothing() {
        RandomState rng = new RandomState(22222);
        RandomState reference = new RandomState(22222);

        int value = rng.randint(1);

        assertThat(value).isZero();
        assertThat(rng.nextUint32()).isEqualTo(reference.nextUint32());
    }

    @Test
    void choice_single_returnsElementAtRandintIndex() {
        int[] seq = {-1, 1};
        RandomState rng = new RandomState(99);
        RandomState reference = new RandomState(99);

        for (int i = 0; i < 20; i++) {
            assertThat(rng.choice(seq)).isEqualTo(seq[reference.randint(2)]);
        }
    }

    @Test
    void constructor_seedOutOfRange_throws() {
        assertThatThrownBy(() -> new RandomState(-1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seed must be in [0, 2^32 - 1]: -1");
        assertThatThrownBy(() -> new RandomState(1L << 32))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4294967296");
    }

    @Test
    void choice_sampleLargerThanSequence_throws() {
        RandomState rng = new RandomState(1);

        assertThatThrownBy(() -> rng.choice(new int[] {1, 2, 3}, 4))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample size must be in [0, 3]: 4");
    }

    @Test
    void randint_nonPositiveBound_throws() {
        RandomState rng = new RandomState(1);

        assertThatThrownBy(() -> rng.randint(0))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("randint bound must be positive: 0");
    }
}
