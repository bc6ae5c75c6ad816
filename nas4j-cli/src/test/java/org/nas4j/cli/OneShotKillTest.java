package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.cli.Commands.Outcome;

/** A one-shot search killed with SIGKILL while its supernet trains resumes from the last checkpoint. */
class OneShotKillTest {

    /** The one-shot example shrunk: 500 images, batches of 50, four epochs (40 steps), a checkpoint every 5. */
    private static Path smallConfig(Path dir) throws Exception {
        String example = Files.readString(Path.of("..", "examples", "fashion-mnist-one-shot.yaml"));
        String small = example.replace("  train_limit: 54000", "  train_limit: 500")
                .replaceFirst("  epochs: 10 +#[^\n]*\n", "  epochs: 4\n")
                .replace("  batch_size: 128\n", "  batch_size: 50\n")
                .replace("checkpoint_every: 200", "checkpoint_every: 5")
                .replace("calibration_images: 2000", "calibration_images: 100")
                .replace("  trials: 500", "  trials: 2")
                .replace("  max_params: 500000", "  max_params: 50000000")
                .replace("    max_ratio: 1.0", "    max_ratio: 100");
        Path file = dir.resolve("one-shot.yaml");
        Files.writeString(file, small);
        return file;
    }

    @Test
    void aKilledSupernetTrainingResumesFromItsLastCheckpoint(@TempDir Path dir) throws Exception {
        Path config = smallConfig(dir);
        Path out = dir.resolve("study");
        Path checkpoint = out.resolve("fashion-mnist-one-shot.supernet");
        Process search = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "org.nas4j.cli.Main",
                "search", config.toString(), "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Files.exists(checkpoint) && search.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(checkpoint), "a checkpoint is written before the training ends: "
                    + Files.readString(dir.resolve("killed.log")));
        } finally {
            search.destroyForcibly(); // SIGKILL
            search.waitFor();
        }
        Outcome resumed = Commands.run("search", config.toString(), "--out", out.toString(), "--resume");
        assertEquals(0, resumed.exitCode(), resumed.err());
        Matcher resuming = Pattern.compile("resuming at step (\\d+)").matcher(resumed.err());
        assertTrue(resuming.find(), resumed.err());
        int from = Integer.parseInt(resuming.group(1));
        assertTrue(from > 0 && from % 5 == 0, "resumed at a checkpoint: " + from);
        Matcher trained = Pattern.compile("supernet trained: 40 steps \\((\\d+) this run").matcher(resumed.err());
        assertTrue(trained.find(), resumed.err());
        assertEquals(40 - from, Integer.parseInt(trained.group(1)));
        assertTrue(resumed.err().contains("one-shot acc"), resumed.err());
        // The report reads a one-shot study as any other, its scores marked.
        Outcome report = Commands.run("report", out.toString());
        assertEquals(0, report.exitCode(), report.err());
        assertTrue(Files.readString(out.resolve("study.html")).contains("one-shot"), "scores marked one-shot");
    }
}
