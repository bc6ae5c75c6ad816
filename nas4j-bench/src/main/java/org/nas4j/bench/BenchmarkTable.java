package org.nas4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * A tabular benchmark read from CSV (gzipped or not): one row per architecture, a text key column (the
 * architecture's string) and numeric columns (accuracies, times, sizes). Columns are held as arrays, so a lookup
 * is an array access.
 */
public final class BenchmarkTable {
    private final String source;
    private final String keyColumn;
    private final List<String> keys;
    private final Map<String, Integer> rowByKey;
    private final Map<String, double[]> columns;

    private BenchmarkTable(String source, String keyColumn, List<String> keys, Map<String, double[]> columns) {
        this.source = source;
        this.keyColumn = keyColumn;
        this.keys = List.copyOf(keys);
        this.columns = columns;
        this.rowByKey = new HashMap<>(keys.size() * 2);
        for (int row = 0; row < keys.size(); row++) {
            if (rowByKey.putIfAbsent(keys.get(row), row) != null) {
                throw new BenchmarkTableException(source + ": '" + keys.get(row) + "' appears twice in column '"
                        + keyColumn + "' (rows " + (rowByKey.get(keys.get(row)) + 2) + " and " + (row + 2) + ")");
            }
        }
    }

    /**
     * Reads a table file.
     *
     * @param keyColumn       the column that names each row's architecture
     * @param requiredColumns numeric columns that must be present
     */
    public static BenchmarkTable read(Path file, String keyColumn, Set<String> requiredColumns) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), keyColumn, requiredColumns);
        } catch (NoSuchFileException e) {
            throw new BenchmarkTableException("table file " + file + " does not exist");
        } catch (IOException e) {
            throw new BenchmarkTableException("cannot read table " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a table. Columns other than the key become numeric columns when every value parses as a number; the
     * others (names, notes) are left out. A required column that is missing or not numeric is an error.
     */
    public static BenchmarkTable read(InputStream raw, String source, String keyColumn, Set<String> requiredColumns)
            throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(ungzip(raw),
                StandardCharsets.UTF_8), 1 << 16)) {
            String headerLine = reader.readLine();
            if (headerLine == null || headerLine.isBlank()) {
                throw new BenchmarkTableException(source + " is empty: a header line of column names is needed");
            }
            List<String> header = Arrays.asList(headerLine.strip().split(",", -1));
            int keyIndex = header.indexOf(keyColumn);
            if (keyIndex < 0) {
                throw new BenchmarkTableException(source + " has no column '" + keyColumn + "'; its columns are "
                        + header);
            }
            for (String required : requiredColumns) {
                if (!header.contains(required)) {
                    throw new BenchmarkTableException(source + " has no column '" + required + "'; its columns are "
                            + header);
                }
            }
            List<String[]> rows = new ArrayList<>();
            String line;
            int lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length != header.size()) {
                    throw new BenchmarkTableException(source + " line " + lineNumber + " has " + fields.length
                            + " fields but the header has " + header.size());
                }
                rows.add(fields);
            }
            List<String> keys = new ArrayList<>(rows.size());
            for (String[] fields : rows) {
                keys.add(fields[keyIndex].strip());
            }
            Map<String, double[]> columns = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                if (c == keyIndex) {
                    continue;
                }
                double[] column = numeric(rows, c, source, header.get(c), requiredColumns.contains(header.get(c)));
                if (column != null) {
                    columns.put(header.get(c), column);
                }
            }
            return new BenchmarkTable(source, keyColumn, keys, columns);
        }
    }

    /** The column as numbers, or null if some value is not one (an error for a required column). */
    private static double[] numeric(List<String[]> rows, int c, String source, String name, boolean required) {
        double[] column = new double[rows.size()];
        for (int r = 0; r < column.length; r++) {
            try {
                column[r] = Double.parseDouble(rows.get(r)[c]);
            } catch (NumberFormatException e) {
                if (required) {
                    throw new BenchmarkTableException(source + " line " + (r + 2) + ", column '" + name + "': '"
                            + rows.get(r)[c] + "' is not a number");
                }
                return null;
            }
        }
        return column;
    }

    /** Accepts gzip or plain text, whatever the file name says. */
    private static InputStream ungzip(InputStream raw) throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, 2);
        byte[] magic = new byte[2];
        int n = in.readNBytes(magic, 0, 2);
        in.unread(magic, 0, n);
        boolean gzip = n == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        return gzip ? new GZIPInputStream(in, 1 << 16) : in;
    }

    public String source() {
        return source;
    }

    public int rows() {
        return keys.size();
    }

    public String key(int row) {
        return keys.get(row);
    }

    /** The row of an architecture's key; an error naming the key if the table lacks it. */
    public int rowOf(String key) {
        Integer row = rowByKey.get(key);
        if (row == null) {
            throw new BenchmarkTableException(source + " has no row for " + keyColumn + " '" + key + "'");
        }
        return row;
    }

    public boolean hasColumn(String name) {
        return columns.containsKey(name);
    }

    public List<String> numericColumns() {
        return List.copyOf(columns.keySet());
    }

    /** A numeric column; the array is the table's own, not to be modified. */
    public double[] column(String name) {
        double[] column = columns.get(name);
        if (column == null) {
            throw new BenchmarkTableException(source + " has no numeric column '" + name + "'; its columns are "
                    + columns.keySet());
        }
        return column;
    }

    /** Checks that the table has exactly this many rows. */
    public BenchmarkTable requireRows(int expected) {
        if (rows() != expected) {
            throw new BenchmarkTableException(source + " has " + rows() + " rows, expected " + expected
                    + ": the file is truncated or not this benchmark's table");
        }
        return this;
    }
}
