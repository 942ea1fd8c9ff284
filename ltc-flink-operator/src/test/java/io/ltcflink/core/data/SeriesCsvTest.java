package io.ltcflink.core.data;

import static io.ltcflink.core.data.DataTestSupport.assertSameSeries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link SeriesCsv}. */
final class SeriesCsvTest {

    private static Generator faulty() {
        return Generator.builder().system("lorenz").samples(1500).seed(17)
                .sampling(Sampling.builder().period(0.05).jitter(0.4).dropRate(0.1)
                        .burstRate(0.01).noise(0.03).channels(0, 2).build())
                .anomalies(AnomalySpec.builder().count(4).build())
                .build();
    }

    private static String csv(Series s) throws IOException {
        StringBuilder sb = new StringBuilder();
        SeriesCsv.write(s, sb);
        return sb.toString();
    }

    private static Series read(String text) throws IOException {
        return SeriesCsv.read(new StringReader(text));
    }

    @Test
    void writeThenRead_generatedSeries_isExact(@TempDir Path dir) {
        Series s = faulty().generate();
        Path file = dir.resolve("s.csv");
        SeriesCsv.write(s, file);
        assertSameSeries(SeriesCsv.read(file), s);
    }

    @Test
    void write_headerAndRows_useDoubleToStringAndTheGap() throws IOException {
        Series s = new Series(new double[] {0.0, 0.1, 0.30000000000000004},
                new double[][] {{1.5, -2.0}, {1e-300, 3.0}, {0.1, 7.0}}, new int[] {0, 3, 0});
        assertThat(csv(s)).isEqualTo("t,dt,x0,x1,label\n"
                + "0.0,0.0,1.5,-2.0,0\n"
                + "0.1,0.1,1.0E-300,3.0,3\n"
                + "0.30000000000000004,0.20000000000000004,0.1,7.0,0\n");
    }

    @Test
    void writeStream_equalsWriteSeries() throws IOException {
        Generator g = faulty();
        StringBuilder streamed = new StringBuilder();
        long n = SeriesCsv.write(g.stream(), g.channels(), streamed);
        assertThat(n).isEqualTo(1500);
        assertThat(streamed.toString()).isEqualTo(csv(g.generate()));
    }

    @Test
    void read_wrongHeader_saysWhatItExpected() {
        assertThatThrownBy(() -> read("t,x0,label\n0,1,0\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1: expected a header t,dt,x0,...,x{C-1},label"
                        + " but found 't,x0,label'");
        assertThatThrownBy(() -> read(""))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty CSV");
    }

    @Test
    void read_badRows_nameTheLineAndColumn() {
        assertThatThrownBy(() -> read("t,dt,x0,label\n0.0,0.0,1.0,0\n1.0,1.0,abc,0\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 3, column x0: not a number: 'abc'");
        assertThatThrownBy(() -> read("t,dt,x0,label\n0.0,0.0,1.0\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 2: expected 4 columns but found 3");
        assertThatThrownBy(() -> read("t,dt,x0,label\n0.0,0.0,1.0,x\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 2, column label: not an integer: 'x'");
    }

    @Test
    void read_dtThatIsNotTheGap_isRejected() {
        assertThatThrownBy(() -> read("t,dt,x0,label\n0.0,0.0,1.0,0\n1.0,0.5,1.0,0\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 3: dt 0.5 does not match the gap 1.0 to the previous row");
    }

    @Test
    void read_decreasingTime_isRejectedBySeries() {
        assertThatThrownBy(() -> read("t,dt,x0,label\n1.0,0.0,1.0,0\n0.5,-0.5,1.0,0\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t must be strictly increasing");
    }

    @Test
    void read_missingFile_failsNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("none.csv");
        assertThatThrownBy(() -> SeriesCsv.read(missing))
                .isExactlyInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("cannot read " + missing);
        assertThat(Files.exists(missing)).isFalse();
    }
}
