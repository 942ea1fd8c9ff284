package io.ltcflink.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.jobs.cli.LtcCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ltc demo}, the README's first command, end to end in a short run. */
final class DemoCommandIT {

    @TempDir Path dir;

    @Test
    void demo_shortRun_streamsForecastsCatchesAnomaliesAndWritesTheReport() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = LtcCli.execute("demo", "--duration", "25s", "--summary-every", "5s",
                    "--report", dir.toString());
        } finally {
            System.setOut(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.println(text);
        assertThat(code).isZero();
        Matcher m = Pattern.compile("done: (\\d+) readings, (\\d+) forecasts, (\\d+) dead letters")
                .matcher(text);
        assertThat(m.find()).as(text).isTrue();
        long readings = Long.parseLong(m.group(1));
        long forecasts = Long.parseLong(m.group(2));
        long dead = Long.parseLong(m.group(3));
        assertThat(readings).isGreaterThan(1000);
        // Every reading is accounted for: a forecast or a dead letter (late, invalid).
        assertThat(forecasts + dead).isEqualTo(readings);
        assertThat(Files.readString(dir.resolve("report.md"))).contains("caught by an alert")
                .containsPattern("\\| precision \\(alerts within an injected anomaly\\) \\| "
                        + "(n/a|[01]\\.\\d\\d) \\|")
                .containsPattern("\\| recall \\(injected anomalies caught\\) \\| "
                        + "(n/a|[01]\\.\\d\\d) \\|");
        assertThat(dir.resolve("sensor-000.png")).exists();
    }
}
