package io.ltcflink.jobs.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for {@link Durations}. */
final class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, 500000000",
        "5s, 5000000000",
        "2min, 120000000000",
        "2m, 120000000000",
        "1h, 3600000000000",
        "3d, 259200000000000",
        "250, 250000000",
        "0ms, 0",
        "' 5 s ', 5000000000",
        "5S, 5000000000",
        "2MIN, 120000000000",
        "1.5s, 1500000000",
        "0.25h, 900000000000",
        "1.5, 1500000",
        "2.5 min, 150000000000"
    })
    void parse_acceptedForms_giveTheDuration(String text, long nanos) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "", "  ", "5x", "-1s", "1.5.3s", "s", "1,5s", "PT-5S"})
    void parse_notADuration_failsNamingTheText(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a duration: use a number with ms, s, min, h"
                        + " or d (e.g. 500ms, 5s)");
    }

    @ParameterizedTest
    @NullSource
    void parse_null_failsLikeAnyOtherText(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'null' is not a duration");
    }

    @ParameterizedTest
    @CsvSource({"ms, 1", "s, 1000", "MIN, 60000"})
    void timeUnit_knownNames(String name, long millis) {
        assertThat(Durations.timeUnit(name)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h", "sec", ""})
    void timeUnit_otherNames_fail(String name) {
        assertThatThrownBy(() -> Durations.timeUnit(name))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("time unit must be ms, s or min: " + name);
    }
}
