package io.ltcflink.jobs.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link CsvRows}. */
final class CsvRowsTest {

    private static final Path FILE = Path.of("f.csv");

    /** Every row as "line: field|field|…". */
    private static List<String> read(String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (CsvRows rows = CsvRows.open(new StringReader(text), FILE)) {
            while (rows.next()) {
                out.add(rows.line() + ": " + String.join("|", rows.fields()));
            }
        }
        return out;
    }

    @Test
    void quotedFields_mayHoldCommasQuotesAndLineBreaks() throws IOException {
        assertThat(read("key,value\n\"pump 7, inlet\",1\n\"say \"\"hi\"\"\",2\n\"two\nlines\",3\n"))
                .containsExactly("1: key|value", "2: pump 7, inlet|1", "3: say \"hi\"|2",
                        "4: two\nlines|3");
    }

    @Test
    void lines_countBlankLinesAndLineBreaksInsideQuotes() throws IOException {
        assertThat(read("\n  \na,b\n\n\"x\ny\",1\n\n2,3"))
                .containsExactly("3: a|b", "5: x\ny|1", "8: 2|3");
    }

    @Test
    void lines_withCarriageReturns_countOncePerLine() throws IOException {
        assertThat(read("a,b\r\n1,2\r\n\r\n3,4\r\n")).containsExactly("1: a|b", "2: 1|2", "4: 3|4");
    }

    @Test
    void fields_areStrippedOutsideAndInsideQuotes() throws IOException {
        assertThat(read("  a  ,\" b \" , c\n")).containsExactly("1: a|b|c");
    }

    @Test
    void byteOrderMark_beforeTheFirstField_isDropped() throws IOException {
        assertThat(read("\uFEFFtimestamp,value\n1,2\n"))
                .containsExactly("1: timestamp|value", "2: 1|2");
    }

    @Test
    void emptyFields_andRaggedRows_areKept() throws IOException {
        assertThat(read("a,,c\nd\n")).containsExactly("1: a||c", "2: d");
    }

    @Test
    void text_joinsTheFields() throws IOException {
        try (CsvRows rows = CsvRows.open(new StringReader("\"a,b\", c\n"), FILE)) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.text()).isEqualTo("a,b,c");
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void unclosedQuote_failsNamingTheFileAndTheLineItOpensOn() {
        assertThatThrownBy(() -> read("a,b\n1,2\n3,\"open\nmore\n\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("f.csv line 3: not valid CSV: Missing closing quote for value");
    }

    @Test
    void textAfterAClosingQuote_failsNamingTheLine() {
        assertThatThrownBy(() -> read("a,b\n\"1\"x,2\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("f.csv line 2: not valid CSV: Unexpected character");
    }
}
