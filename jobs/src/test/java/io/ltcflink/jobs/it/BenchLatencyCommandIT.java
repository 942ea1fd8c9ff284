package io.ltcflink.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltcflink.jobs.cli.LtcCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code ltc bench latency} in a short run at a low rate: the JSON has every field, every
 * forecast is matched with its reading, and the percentiles are ordered. No timing is asserted.
 */
final class BenchLatencyCommandIT {

    @Test
    void benchLatency_shortRun_matchesEveryForecastAndReportsOrderedPercentiles() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = LtcCli.execute("bench", "latency", "--rate", "200", "--duration", "4s",
                    "--warm-up", "3s", "--sensors", "5", "--checkpoint-interval", "2s", "--json");
        } finally {
            System.setOut(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(code).isZero();
        JsonNode j = new ObjectMapper().readTree(text);
        assertThat(j.get("benchmark").asText()).isEqualTo("latency");
        assertThat(j.get("delivery").asText()).isEqualTo("at-least-once");
        assertThat(j.get("checkpointIntervalMs").asLong()).isEqualTo(2000);
        assertThat(j.get("rateTarget").asDouble()).isEqualTo(200.0);
        assertThat(j.get("rateAchieved").asDouble()).isPositive();
        // 200/s over 3 s of warm-up and 4 s measured.
        assertThat(j.get("sent").asLong()).isEqualTo(1400);
        assertThat(j.get("warmUpExcludedSeconds").asDouble()).isEqualTo(3.0);
        long count = j.get("count").asLong();
        assertThat(count).isPositive();
        assertThat(j.get("warmUpExcludedForecasts").asLong() + count)
                .as("every reading has its record on the forecast topic").isEqualTo(1400);
        assertThat(count).isEqualTo(j.get("measuredReadings").asLong());
        assertThat(j.get("missing").asLong()).isZero();
        assertThat(j.get("unmatched").asLong()).isZero();
        double p50 = j.get("p50Ms").asDouble();
        double p90 = j.get("p90Ms").asDouble();
        double p99 = j.get("p99Ms").asDouble();
        double p999 = j.get("p999Ms").asDouble();
        double max = j.get("maxMs").asDouble();
        assertThat(p50).isPositive().isLessThanOrEqualTo(p90);
        assertThat(p90).isLessThanOrEqualTo(p99);
        assertThat(p99).isLessThanOrEqualTo(p999);
        assertThat(p999).isLessThanOrEqualTo(max);
        assertThat(j.get("p50BySecondMs").size()).isGreaterThanOrEqualTo(7);
        assertThat(j.get("p99BySecondMs").size()).isEqualTo(j.get("p50BySecondMs").size());
        for (int i = 0; i < j.get("p50BySecondMs").size(); i++) {
            if (!j.get("p50BySecondMs").get(i).isNull()) {
                assertThat(j.get("p99BySecondMs").get(i).asDouble())
                        .isGreaterThanOrEqualTo(j.get("p50BySecondMs").get(i).asDouble());
            }
        }
    }
}
