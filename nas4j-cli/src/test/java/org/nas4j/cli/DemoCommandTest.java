package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.cli.Commands.Outcome;

class DemoCommandTest {

    @Test
    void theDemoSearchesRetrainsAndReports(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo");
        Outcome demo = Commands.run("demo", "--out", out.toString(), "--trials", "2", "--retrain-epochs", "1");
        assertEquals(0, demo.exitCode(), demo.err());
        assertTrue(Files.exists(out.resolve("demo.yaml")));
        assertTrue(Files.exists(out.resolve("study.db")));
        assertTrue(Files.exists(out.resolve("model").resolve("parameters.bin")));
        assertTrue(Files.readString(out.resolve("study.html")).contains("<span class=\"name\">demo</span>"));
        assertTrue(demo.out().contains("demo done: open"), demo.out());
        Outcome again = Commands.run("demo", "--out", out.toString());
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("already holds a demo study"), again.err());
    }
}
