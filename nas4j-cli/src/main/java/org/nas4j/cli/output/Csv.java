package org.nas4j.cli.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes plain CSV: a header and rows of numbers or simple texts, numbers always with a '.' decimal point. */
public final class Csv implements AutoCloseable {
    private final Writer writer;
    private final int columns;

    private Csv(Writer writer, int columns) {
        this.writer = writer;
        this.columns = columns;
    }

    public static Csv create(Path file, List<String> header) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Csv csv = new Csv(Files.newBufferedWriter(file), header.size());
            csv.row(header.toArray());
            return csv;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** One row; doubles are written with 6 significant digits, everything else with toString. */
    public void row(Object... values) {
        if (values.length != columns) {
            throw new IllegalArgumentException("a row needs " + columns + " values, got " + values.length);
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            Object value = values[i];
            line.append(value instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : String.valueOf(value));
        }
        try {
            writer.write(line.append('\n').toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
