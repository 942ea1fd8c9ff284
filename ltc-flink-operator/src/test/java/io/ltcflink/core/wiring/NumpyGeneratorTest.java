package io.ltcflink.core.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Tests for {@link NumpyGenerator}. */
final class NumpyGeneratorTest {

    private static final JsonNode GOLDEN = Golden.load("wiring_rng.json");

    @Test
    void seedSequenceState_seed1111_matchesNumpy() {
        long[] expected = Golden.longs(GOLDEN.get("seedsequence_1111_generate_state_8_uint32"));

        assertThat(NumpyGenerator.seedSequenceState(1111, 8)).containsExactly(expected);
    }

    @Test
    void seedSequenceState_twoWordSeed_matchesNumpy() {
        // A seed above 2^32 is two entropy words; numpy 2.4.6:
        // SeedSequence(2**40 + 5).generate_state(8).
        assertThat(NumpyGenerator.seedSequenceState((1L << 40) + 5, 8))
                .containsExactly(
                        3767146251L, 3672381269L, 2127416108L, 2216012776L, 1267800272L,
                        623232436L, 865255123L, 1120041279L);
    }

    @Test
    void seedSequenceState_seedZero_matchesNumpy() {
        // Zero is one entropy word [0], not an empty entropy; numpy 2.4.6.
        assertThat(NumpyGenerator.seedSequenceState(0, 8))
                .containsExactly(
                        2968811710L, 3677149159L, 745650761L, 2884920346L, 2642120001L,
                        549907821L, 574372308L, 742431198L);
    }

    @Test
    void constructor_seed1111_matchesNumpyInitialState() {
        JsonNode initial = GOLDEN.get("pcg64_seed1111_initial");

        NumpyGenerator rng = new NumpyGenerator(1111);

        assertThat(uint128(rng.stateHigh(), rng.stateLow()))
                .isEqualTo(new BigInteger(initial.get("state").asText()));
        assertThat(uint128(rng.incrementHigh(), rng.incrementLow()))
                .isEqualTo(new BigInteger(initial.get("inc").asText()));
    }

    @Test
    void constructor_largeSeed_matchesNumpyInitialState() {
        // numpy 2.4.6: PCG64(2**40 + 5).state
        NumpyGenerator rng = new NumpyGenerator((1L << 40) + 5);

        assertThat(uint128(rng.stateHigh(), rng.stateLow()))
                .isEqualTo(new BigInteger("289036690534530382777399946608278691974"));
        assertThat(uint128(rng.incrementHigh(), rng.incrementLow()))
                .isEqualTo(new BigInteger("98755121493911270050649344586142809511"));
    }

    @Test
    void nextUint64_seed1111_matchesNumpy() {
        JsonNode expected = GOLDEN.get("pcg64_seed1111_first_uint64");
        NumpyGenerator rng = new NumpyGenerator(1111);

        for (int i = 0; i < expected.size(); i++) {
            assertThat(Long.toUnsignedString(rng.nextUint64()))
                    .as("uint64 #%s", i)
                    .isEqualTo(expected.get(i).asText());
        }
    }

    @Test
    void nextUint32_twoCalls_returnLowThenHighHalfOfOneUint64() {
        NumpyGenerator halves = new NumpyGenerator(1111);
        NumpyGenerator whole = new NumpyGenerator(1111);

        long low = halves.nextUint32();
        long high = halves.nextUint32();
        long first = whole.nextUint64();

        assertThat(low).isEqualTo(first & 0xFFFFFFFFL);
        assertThat(high).isEqualTo(first >>> 32);
        assertThat(halves.nextUint64()).isEqualTo(whole.nextUint64());
    }

    @Test
    void integers_zeroToThree_matchesNumpy() {
        int[] expected = Golden.ints(GOLDEN.get("generator_seed1111_integers_0_3_x40"));
        NumpyGenerator rng = new NumpyGenerator(1111);

        int[] actual = new int[expected.length];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = rng.integers(3);
        }

        assertThat(actual).containsExactly(expected);
    }

    @Test
    void integers_largeBound_matchesNumpy() {
        // numpy 2.4.6: g = default_rng(9); [g.integers(0, 1000003) for _ in range(5)]
        NumpyGenerator rng = new NumpyGenerator(9);

        int[] actual = new int[5];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = rng.integers(1000003);
        }

        assertThat(actual).containsExactly(421548, 870251, 961047, 286818, 114359);
    }

    @Test
    void integers_boundOne_drawsNothing() {
        // numpy: integers(0, 1) returns 0 without touching the bit generator.
        JsonNode expected = GOLDEN.get("pcg64_seed1111_first_uint64");
        NumpyGenerator rng = new NumpyGenerator(1111);

        assertThat(rng.integers(1)).isZero();
        assertThat(Long.toUnsignedString(rng.nextUint64())).isEqualTo(expected.get(0).asText());
    }

    @Test
    void constructor_negativeSeed_throws() {
        assertThatThrownBy(() -> new NumpyGenerator(-5))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seed must be non-negative: -5");
    }

    private static BigInteger uint128(long high, long low) {
        return new BigInteger(Long.toUnsignedString(high))
                .shiftLeft(64)
                .or(new BigInteger(Long.toUnsignedString(low)));
    }
}
