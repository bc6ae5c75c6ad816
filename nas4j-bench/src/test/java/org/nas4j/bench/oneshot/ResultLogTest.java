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
    }
}
