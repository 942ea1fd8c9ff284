package io.ltcflink.jobs.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link BenchmarkReport}'s verdicts on the targets. */
final class BenchmarkReportTest {

    private static ResultRow row(String model, String family, long params, int window,
            double mse, long cpu) {
        return new ResultRow(model, family, params, "lorenz", 0.3, window, false, 16, 100, mse,
                mse / 10, 5.0, 2 * mse, cpu, 2 * cpu, cpu, 200, 100.0, List.of(), List.of(), 1.0,
                10, 9, "id-" + model);
    }

    @Test
    void verdicts_mseAndParameterRatiosAgainstTheBestLstm() {
        List<ResultRow> rows = List.of(
                row("ltc-a", "ltc-fc", 1000, 0, 0.6, 10_000),
                row("ltc-b", "ltc-ncp", 300, 0, 0.9, 5_000),
                row("lstm-big", "lstm", 10_000, 32, 1.0, 200_000),
                row("lstm-small", "lstm", 1_000, 8, 1.5, 20_000),
                row("other-drop", "lstm", 1_000, 32, 0.01, 1));
        List<BenchmarkReport.Verdict> v = BenchmarkReport.verdicts("lorenz",
                rows.subList(0, 4), 0.3);
        // ltc-a: 0.6 / 1.0 ≤ 0.7 with 1000 / 10000 ≤ 1/5 → met. ltc-b: 0.9 > 0.7 → not met.
        assertThat(v).filteredOn(x -> x.target().startsWith("accuracy: ltc-a"))
                .singleElement().matches(BenchmarkReport.Verdict::met);
        assertThat(v).filteredOn(x -> x.target().startsWith("accuracy: ltc-b"))
                .singleElement().matches(x -> !x.met());
        // Only the W = 32 LSTM is judged on CPU: 200 µs vs 10 µs (20×) and vs 5 µs (40×).
        assertThat(v).filteredOn(x -> x.target().startsWith("cpu"))
                .hasSize(2).allMatch(BenchmarkReport.Verdict::met);
        assertThat(v).filteredOn(x -> x.target().startsWith("state")).hasSize(3);
        assertThat(BenchmarkReport.inShort("lorenz", rows.subList(0, 4), 0.3))
                .contains("ltc-a (1,000 params), has MSE 0.6000, 0.60 × the best LSTM's, lstm-big")
                .contains("the accuracy target is met")
                .contains("20.0–20.0 × ltc-a's")
                // Every LSTM in this table goes without the gap; the best of them is lstm-big.
                .contains("Without the gap as an input the best LSTM, lstm-big");
    }

    @Test
    void row_namesTheLogDeltaInput() {
        ResultRow withLogDelta = new ResultRow("lstm-x-gap", "lstm", 10, "lorenz", 0.3, 32, true,
                4, 1, 1e-3, 0, 0, 0, 1, 1, 1, 1, 1, List.of(), List.of(), 0, 1, 1, "x");

        assertThat(BenchmarkReport.row(withLogDelta).get("logDelta").asBoolean()).isTrue();
        assertThat(BenchmarkReport.row(row("ltc-a", "ltc-fc", 1000, 0, 0.6, 10_000))
                .get("logDelta").asBoolean()).isFalse();
        assertThat(BenchmarkReport.row(withLogDelta).has("gapFeature")).isFalse();
    }

    @Test
    void verdicts_otherDropRatesAreIgnored() {
        ResultRow elsewhere = new ResultRow("lstm-x", "lstm", 10, "lorenz", 0.5, 32, false, 4,
                1, 1e-9, 0, 0, 0, 1, 1, 1, 1, 1, List.of(), List.of(), 0, 1, 1, "x");
        List<BenchmarkReport.Verdict> v = BenchmarkReport.verdicts("lorenz",
                List.of(row("ltc-a", "ltc-fc", 1000, 0, 0.6, 10_000), elsewhere), 0.3);
        assertThat(v).noneMatch(x -> x.target().startsWith("accuracy"));
    }
}
