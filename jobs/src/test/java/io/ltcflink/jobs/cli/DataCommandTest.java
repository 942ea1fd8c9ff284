package io.ltcflink.jobs.cli;

import static io.ltcflink.jobs.cli.CliRunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltcflink.core.data.AnomalySpec;
import io.ltcflink.core.data.Generator;
import io.ltcflink.core.data.Sampling;
import io.ltcflink.core.data.Series;
import io.ltcflink.core.data.SeriesCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link DataCommand} as a user types it. */
final class DataCommandTest {

    @Test
    void data_lorenzWithFaults_writesTheGeneratorsSeriesAsCsv(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lorenz.csv");
        CliRunner.Result r = cli("data", "--system", "lorenz", "--samples", "500", "--period", "0.05",
                "--jitter", "0.2", "--drop-rate", "0.1", "--burst-rate", "0.02",
                "--burst-length", "3",
                "--noise", "0.01", "--anomalies", "2", "--seed", "3", "--out", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("500 samples of lorenz (3 channels, 2 anomalies, seed 3) -> ");
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("t,dt,x0,x1,x2,label");
        assertThat(dir.resolve("lorenz.csv.partial")).doesNotExist();

        Series expected = Generator.builder().system("lorenz").samples(500).seed(3)
                .sampling(Sampling.builder().period(0.05).jitter(0.2).dropRate(0.1).burstRate(0.02)
                        .burstLength(3).noise(0.01).build())
                .anomalies(AnomalySpec.builder().count(2).build())
                .build().generate();
        StringBuilder csv = new StringBuilder();
        SeriesCsv.write(expected, csv);
        assertThat(Files.readString(file)).isEqualTo(csv.toString());
    }

    @Test
    void data_sameArguments_writeIdenticalFiles(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        String[] args = {"data", "--system", "oscillator", "--samples", "200", "--jitter", "0.5",
            "--anomalies", "1", "--seed", "9", "--out"};
        assertThat(cli(concat(args, a.toString())).code()).isZero();
        assertThat(cli(concat(args, b.toString())).code()).isZero();
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    private static String[] concat(String[] head, String last) {
        String[] all = java.util.Arrays.copyOf(head, head.length + 1);
        all[head.length] = last;
        return all;
    }

    @Test
    void data_channels_keepsOnlyTheChosenOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("xz.csv");
        CliRunner.Result r = cli("data", "--system", "lorenz", "--samples", "50", "--channels", "0,2",
                "--out", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Series s = SeriesCsv.read(file);
        assertThat(s.channels()).isEqualTo(2);
        assertThat(s.size()).isEqualTo(50);
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("t,dt,x0,x1,label");
    }

    @Test
    void data_mackeyGlassDefaults_sampleEveryTimeUnit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mg.csv");
        assertThat(cli("data", "--system", "mackey-glass", "--samples", "20", "--out",
                file.toString()).code()).isZero();
        Series s = SeriesCsv.read(file);
        for (int k = 1; k < s.size(); k++) {
            assertThat(s.gap(k)).isEqualTo(1.0);
        }
    }

    @Test
    void data_unknownSystem_listsTheValidNamesAndWritesNothing(@TempDir Path dir) {
        Path file = dir.resolve("x.csv");
        CliRunner.Result r = cli("data", "--system", "rossler", "--out", file.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("error: unknown system 'rossler': expected one of lorenz,"
                + " mackey-glass, oscillator");
        assertThat(file).doesNotExist();
    }

    @Test
    void data_badFaultSettings_failWithTheFacts(@TempDir Path dir) {
        String out = dir.resolve("x.csv").toString();
        List<String[]> cases = List.of(
                new String[] {"--drop-rate", "1.5", "drop rate must be in [0, 1): 1.5"},
                new String[] {"--jitter", "-0.1", "jitter must be in [0, 1): -0.1"},
                new String[] {"--period", "0", "period must be positive and finite: 0.0"},
                new String[] {"--samples", "0", "the number of samples must be positive: 0"},
                new String[] {"--channels", "0,3", "observed channel 3 is out of range"});
        for (String[] c : cases) {
            CliRunner.Result r = cli("data", "--system", "lorenz", c[0], c[1], "--out", out);
            assertThat(r.code()).as(c[0]).isEqualTo(1);
            assertThat(r.err()).as(c[0]).contains(c[2]);
        }
        assertThat(dir.resolve("x.csv")).doesNotExist();
    }

    @Test
    void data_missingOut_isAUsageError() {
        CliRunner.Result r = cli("data", "--system", "lorenz");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--out=FILE.csv'");
    }
}
