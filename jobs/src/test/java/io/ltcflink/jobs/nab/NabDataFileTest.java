package io.ltcflink.jobs.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link NabDataFile}. */
final class NabDataFileTest {

    @TempDir Path dir;

    private NabDataFile read(String text) throws IOException {
        Path f = dir.resolve("c/f.csv");
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return NabDataFile.read("c/f.csv", f);
    }

    @Test
    void read_quotedFieldsWithCommas_keepTheColumnsInPlace() throws IOException {
        NabDataFile f = read("note,timestamp,value\n"
                + "\"pump 7, inlet\",\"2020-01-01 00:00:00\",1.5\n"
                + "plain,2020-01-01 00:05:00,\"2.5\"\n");

        assertThat(f.rows()).isEqualTo(2);
        assertThat(f.timestampText(0)).isEqualTo("2020-01-01 00:00:00");
        assertThat(f.valueText(0)).isEqualTo("1.5");
        assertThat(f.value(0)).isEqualTo(1.5);
        assertThat(f.valueText(1)).isEqualTo("2.5");
        assertThat(f.epochMillis(1) - f.epochMillis(0)).isEqualTo(300_000L);
    }

    @Test
    void read_badValueAfterALineBreakInQuotes_namesTheFileLine() {
        assertThatThrownBy(() -> read("timestamp,value,note\n"
                + "2020-01-01 00:00:00,1,\"two\nlines\"\n"
                + "\n"
                + "2020-01-01 00:05:00,abc,x\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("f.csv line 5, column value: not a number: 'abc'");
    }

    @Test
    void read_shortRow_quotesItAndNamesTheLine() {
        assertThatThrownBy(() -> read("timestamp,value\n2020-01-01 00:00:00,1\n\n"
                + "2020-01-01 00:05:00\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("f.csv line 4: expected the columns timestamp and value but"
                        + " found '2020-01-01 00:05:00'");
    }

    @Test
    void read_missingColumn_quotesTheHeader() {
        assertThatThrownBy(() -> read("\uFEFFtimestamp,score\n2020-01-01 00:00:00,1\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("f.csv: no column 'value' in the header timestamp,score");
    }

    @Test
    void read_onlyBlankLines_isAnEmptyFile() {
        assertThatThrownBy(() -> read("\n  \n"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("f.csv: empty file, expected a header");
    }
}
