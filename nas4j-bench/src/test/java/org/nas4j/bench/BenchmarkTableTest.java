package org.nas4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkTableTest {
    private static final String CSV = """
            name,acc,note,cost
            a,91.5,fast,10
            b,88.25,slow,20
            """;

    private static BenchmarkTable parse(String text, Set<String> required) throws IOException {
        return BenchmarkTable.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv", "name",
                required);
    }

    @Test
    void readsPlainAndGzippedTablesAlike(@TempDir Path dir) throws IOException {
        BenchmarkTable plain = parse(CSV, Set.of("acc"));
        assertEquals(2, plain.rows());
        assertEquals(1, plain.rowOf("b"));
        assertArrayEquals(new double[] {91.5, 88.25}, plain.column("acc"));
        assertFalse(plain.hasColumn("note"), "a text column is not numeric");
        assertEquals(java.util.List.of("acc", "cost"), plain.numericColumns());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(CSV.getBytes(StandardCharsets.UTF_8));
        }
        Path file = dir.resolve("t.csv.gz");
        Files.write(file, bytes.toByteArray());
        BenchmarkTable gzipped = BenchmarkTable.read(file, "name", Set.of("acc", "cost"));
        assertArrayEquals(plain.column("cost"), gzipped.column("cost"));
    }

    @Test
    void problemsAreNamed(@TempDir Path dir) {
        assertMessage("has no column 'loss'", () -> parse(CSV, Set.of("loss")));
        assertMessage("has no column 'id'", () -> BenchmarkTable.read(
                new ByteArrayInputStream(CSV.getBytes(StandardCharsets.UTF_8)), "t.csv", "id", Set.of()));
        assertMessage("line 2, column 'note': 'fast' is not a number", () -> parse(CSV, Set.of("note")));
        assertMessage("line 2 has 3 fields but the header has 4", () -> parse("name,acc,note,cost\na,1,x\n",
                Set.of()));
        assertMessage("'a' appears twice", () -> parse("name,acc\na,1\na,2\n", Set.of()));
        assertMessage("is empty", () -> parse("", Set.of()));
        assertMessage("has 2 rows, expected 3", () -> parse(CSV, Set.of()).requireRows(3));
        assertMessage("does not exist", () -> BenchmarkTable.read(dir.resolve("none.csv"), "name", Set.of()));
        assertMessage("has no row for name 'c'", () -> parse(CSV, Set.of()).rowOf("c"));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        BenchmarkTableException e = assertThrows(BenchmarkTableException.class, action);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
