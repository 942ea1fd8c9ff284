package io.ltcflink.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link ReportTrainingCommand}'s arguments (the report itself takes minutes). */
final class ReportTrainingCommandTest {

    @Test
    void reportTraining_missingOut_isAUsageError() {
        CliRunner.Result r = CliRunner.cli("report", "training", "--quick");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--out=DIR'");
    }

    @Test
    void report_withoutAReport_isAUsageError() {
        CliRunner.Result r = CliRunner.cli("report");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("missing a report: training");
    }

    @Test
    void reportTraining_zeroEpochs_exitsOneBeforeTraining(@TempDir Path dir) {
        CliRunner.Result r = CliRunner.cli("report", "training", "--quick", "--epochs", "0", "--out",
                dir.resolve("r").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("error: epochs must be at least 1: 0");
        assertThat(dir.resolve("r/report.md")).doesNotExist();
    }
}
