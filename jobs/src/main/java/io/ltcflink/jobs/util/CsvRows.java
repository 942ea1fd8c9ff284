package io.ltcflink.jobs.util;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;

/**
 * The rows of a CSV file read as RFC 4180 by Jackson: a quoted field may hold commas, quotes
 * ({@code ""} for one) and line breaks. Spaces around a field are dropped (inside its quotes too),
 * blank lines are skipped and a byte order mark before the first field is ignored. Each row comes
 * with the line it starts on, so errors can name it. Not thread-safe.
 */
public final class CsvRows implements Closeable {

    private static final ObjectReader FIELDS = fieldReader();

    private final Path file;
    private final MappingIterator<String[]> rows;
    private final JsonParser parser;
    private String[] fields;
    private int line;
    private boolean first = true;

    private CsvRows(Path file, MappingIterator<String[]> rows) {
        this.file = file;
        this.rows = rows;
        this.parser = rows.getParser();
    }

    /**
     * The reader every CSV here is parsed with: each row as a {@code String[]}, RFC 4180 quoting,
     * spaces around fields trimmed, blank lines skipped. Immutable and thread-safe.
     */
    public static ObjectReader fieldReader() {
        return new CsvMapper()
                .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .enable(CsvParser.Feature.TRIM_SPACES)
                .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                .readerFor(String[].class);
    }

    /**
     * Starts reading; the caller's reader is closed with this.
     *
     * @param reader the text, e.g. of a plain or decompressed file
     * @param file the file it comes from, for error messages
     * @throws IOException when the reader fails
     */
    public static CsvRows open(Reader reader, Path file) throws IOException {
        return new CsvRows(file, FIELDS.readValues(reader));
    }

    /**
     * Moves to the next row.
     *
     * @return false at the end of the file
     * @throws IllegalArgumentException naming the file and line when the text is not CSV (such as
     *     a quote that is never closed)
     * @throws IOException when the reader fails
     */
    public boolean next() throws IOException {
        int start = -1;
        try {
            if (!rows.hasNextValue()) {
                fields = null;
                return false;
            }
            start = parser.currentLocation().getLineNr();
            fields = rows.nextValue();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int where = start > 0 || at == null ? start : at.getLineNr();
            throw new IllegalArgumentException(String.format("%s line %s: not valid CSV: %s",
                    file, where, e.getOriginalMessage()), e);
        }
        line = start;
        if (first && fields.length > 0) {
            fields[0] = fields[0].replace("\uFEFF", "");
        }
        first = false;
        for (int i = 0; i < fields.length; i++) {
            fields[i] = fields[i].strip();
        }
        return true;
    }

    /** The current row's fields, stripped of surrounding white space. */
    public String[] fields() {
        return fields;
    }

    /** The line (from 1) the current row starts on. */
    public int line() {
        return line;
    }

    /** The current row's fields joined by commas, to quote the row in a message. */
    public String text() {
        return String.join(",", fields);
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
