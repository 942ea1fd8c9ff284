package io.ltcflink.jobs.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ltcflink.flink.Forecast;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link NabRun}'s matching of operator outputs to input rows. */
final class NabRunTest {

    @TempDir Path dir;

    /** Five rows: the third repeats the second's time, the fifth steps back before the fourth. */
    private NabDataFile file() throws Exception {
        Path f = dir.resolve("cat/a.csv");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "timestamp,value\n"
                + "2020-01-01 00:00:00,1\n"
                + "2020-01-01 00:05:00,2\n"
                + "2020-01-01 00:05:00,3\n"
                + "2020-01-01 00:15:00,4\n"
                + "2020-01-01 00:10:00,5\n");
        return NabDataFile.read("cat/a.csv", f);
    }

    private static long t(NabDataFile f, int i) {
        return f.epochMillis(i);
    }

    @Test
    void align_firstDuplicateAndLateRows_getTheirScoresInRowOrder() throws Exception {
        NabDataFile f = file();
        // Outputs as the collect sink may deliver them: the late row before the forecasts.
        List<NabRunRow> outputs = List.of(
                new NabRunRow(NabRunRow.LATE, "cat/a.csv", t(f, 4), 5, 0, 0),
                new NabRunRow(NabRunRow.FORECAST, "cat/a.csv", t(f, 0), 1, 0, Forecast.FIRST),
                new NabRunRow(NabRunRow.FORECAST, "cat/a.csv", t(f, 1), 2, 0.25, 0),
                new NabRunRow(NabRunRow.FORECAST, "cat/a.csv", t(f, 2), 3, 0.5,
                        Forecast.DUPLICATE_TIME),
                new NabRunRow(NabRunRow.FORECAST, "cat/a.csv", t(f, 3), 4, 0.75, 0));
        long[] counts = new long[6];
        double[] scores = NabRun.align(f, outputs, counts);
        assertThat(scores).containsExactly(0, 0.25, 0.5, 0.75, 0);
        // rows, forecasts, first rows, duplicates, late, dead letters
        assertThat(counts).containsExactly(5, 4, 1, 1, 1, 0);
    }

    @Test
    void align_missingOutput_failsWithTheRow() throws Exception {
        NabDataFile f = file();
        List<NabRunRow> outputs = List.of(
                new NabRunRow(NabRunRow.FORECAST, "cat/a.csv", t(f, 0), 1, 0, Forecast.FIRST));
        assertThatThrownBy(() -> NabRun.align(f, outputs, new long[6]))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cat/a.csv row 2 (2020-01-01 00:05:00, 2)");
    }
}
