package org.nas4j.bench.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.cli.Commands;
import org.nas4j.cli.Commands.Outcome;

class EpochCommandTest {

    /** The one-shot example shrunk to 600 images and small widths, so that every epoch takes a second or two. */
    private static Path smallConfig(Path dir) throws Exception {
        String example = Files.readString(Path.of("..", "examples", "fashion-mnist-one-shot.yaml"));
        String small = example.replace("  train_limit: 54000", "  train_limit: 600")
                .replace("options: [16, 24, 32, 48]", "options: [8, 16, 24, 32]")
                .replace("options: [32, 48, 64, 96]", "options: [8, 16, 32, 64]")
                .replace("options: [64, 96, 128, 160]", "options: [16, 32, 64, 128]");
        Path file = dir.resolve("small.yaml");
        Files.writeString(file, small);
        return file;
    }

    @Test
    void timesAStandAloneAndASupernetEpochAndTheBatchesAlone(@TempDir Path dir) throws Exception {
        Outcome outcome = Commands.run("bench", "epoch", "--config", smallConfig(dir).toString(), "--repeats", "1",
                "--no-peer", "--paths", "1", "--json");
        assertEquals(0, outcome.exitCode(), outcome.err());
        JsonNode cases = outcome.json().get("cases");
        assertEquals(3, cases.size());
        for (JsonNode c : cases) {
            assertTrue(c.get("nas4j_s").asDouble() > 0, c.toString());
            assertTrue(c.get("steps").asInt() > 1, c.toString());
        }
        assertEquals(1, outcome.json().get("path_steps").size());
        assertTrue(outcome.json().get("path_step_ratio_median").asDouble() > 0);
        assertTrue(cases.get(0).get("pytorch_s").isNull() || Double.isNaN(cases.get(0).get("pytorch_s").asDouble()),
                "no peer asked");
    }

    @Test
    void aConfigWithoutASupernetIsRefused() {
        Outcome outcome = Commands.run("bench", "epoch", "--config", "../examples/fashion-mnist.yaml", "--no-peer");
        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.err().contains("evaluator: supernet"), outcome.err());
    }
}
