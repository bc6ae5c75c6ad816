package org.nas4j.bench.oneshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultLogTest {
    @Test
    void readsBackValuesAndFailuresAndIgnoresALastLineCutShort(@TempDir Path dir) throws Exception {
        ResultLog log = new ResultLog(dir);
        log.put("a", 0.5, 1);
        log.failed("b", "diverged", 2);
        Files.writeString(dir.resolve("results.jsonl"), "{\"id\":\"c\",\"val", StandardOpenOption.APPEND);
        ResultLog read = new ResultLog(dir);
        assertEquals(0.5, read.get("a").orElseThrow());
        assertTrue(read.get("b").orElseThrow().isNaN(), "a failure reads back as NaN, not tried again");
        assertFalse(read.has("c"), "the torn line is measured again");
        // What is written after a torn line is read back, and so is what is written after that.
        read.put("a2", 0.25, 3);
        new ResultLog(dir).put("d", 1, 1);
        ResultLog again = new ResultLog(dir);
        assertEquals(0.25, again.get("a2").orElseThrow());
        assertEquals(new ResultLog.Sum(3, 0.75, 6), again.sum(id -> id.startsWith("a") || id.equals("b")),
                "a failure's seconds count, its value does not");
    }
}
