package io.ltcflink.jobs.nab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link NabLabels}. */
final class NabLabelsTest {

    @TempDir Path dir;

    private NabDataFile file(String... times) throws Exception {
        StringBuilder sb = new StringBuilder("timestamp,value\n");
        for (String t : times) {
            sb.append(t).append(",1\n");
        }
        Path f = dir.resolve("c/f.csv");
        Files.createDirectories(f.getParent());
        Files.writeString(f, sb.toString());
        return NabDataFile.read("c/f.csv", f);
    }

    private static NabWindow window(String start, String end) {
        return new NabWindow(LocalDateTime.parse(start.replace(' ', 'T')),
                LocalDateTime.parse(end.replace(' ', 'T')));
    }

    @Test
    void labels_rowsInsideAWindow_areOneEndsIncluded() throws Exception {
        NabDataFile f = file("2020-01-01 00:00:00", "2020-01-01 00:05:00", "2020-01-01 00:10:00",
                "2020-01-01 00:15:00");
        int[] l = NabLabels.labels(f, List.of(window("2020-01-01 00:05:00",
                "2020-01-01 00:10:00")));
        assertThat(l).containsExactly(0, 1, 1, 0);
    }

    @Test
    void scorable_endsPresent_keepsTheWindowAndMissingEndsMoveInwards() throws Exception {
        NabDataFile f = file("2020-01-01 00:00:00", "2020-01-01 00:06:00", "2020-01-01 00:10:00",
                "2020-01-01 00:14:00", "2020-01-01 00:20:00");
        NabWindow exact = window("2020-01-01 00:00:00", "2020-01-01 00:06:00");
        NabWindow moved = window("2020-01-01 00:08:00", "2020-01-01 00:16:00");
        NabWindow empty = window("2020-01-01 00:16:00", "2020-01-01 00:18:00");
        assertThat(NabLabels.scorable(f, List.of(exact, moved, empty))).containsExactly(exact,
                window("2020-01-01 00:10:00", "2020-01-01 00:14:00"));
    }
}
