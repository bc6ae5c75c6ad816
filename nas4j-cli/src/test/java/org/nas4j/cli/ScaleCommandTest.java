package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.cli.Commands.Outcome;

/** 'nas4j scale' on a study's best: members trained, saved, predicted, reported; bad input exits with 2. */
class ScaleCommandTest {

    @Test
    void aStudysBestGrowsIntoMembersThatPredictAsTheyTested(@TempDir Path dir) throws Exception {
        Path data = ImageFolderSearchTest.images(dir.resolve("quadrants"));
        String config = Files.readString(Path.of("..", "examples", "image-folder.yaml"))
                .replace("  epochs: 6\n", "  epochs: 1\n").replace("  finalists: 2\n", "  finalists: 1\n");
        Path file = dir.resolve("study.yaml");
        Files.writeString(file, config);
        Path study = dir.resolve("study");
        Outcome search = Commands.run("search", file.toString(), "--data", data.toString(), "--image-size",
                "16", "--trials", "2", "--out", study.toString());
        assertEquals(0, search.exitCode(), search.err());

        Path out = dir.resolve("scaled");
        Outcome scale = Commands.run("scale", study.toString(), "--phi", "1", "--single-phi", "0", "--seeds", "1",
                "--epochs", "1", "--out", out.toString(), "--json");
        assertEquals(0, scale.exitCode(), scale.err());
        assertTrue(scale.err().contains("(shortened from"), "a shorter recipe says so: " + scale.err());
        JsonNode members = scale.json().get("members");
        assertEquals(2, members.size(), scale.out());
        JsonNode b0 = members.get(0);
        JsonNode b1 = members.get(1);
        assertEquals("B0", b0.get("name").asText());
        assertEquals("B1", b1.get("name").asText());
        assertEquals("16x16", b0.get("input").asText());
        assertEquals("18x18", b1.get("input").asText(), "round(1.15 x 16)");
        assertTrue(b1.get("flops").asLong() > b0.get("flops").asLong());
        assertTrue(b1.get("latency_ratio").asDouble() > 0, b1.toString());

        Outcome predict = Commands.run("predict", out.resolve("models/B1-seed0").toString(), "--json");
        assertEquals(0, predict.exitCode(), predict.err());
        assertEquals(b1.get("test_acc").asDouble(), predict.json().get("test_acc").asDouble(), 1e-9,
                "the saved B1, its test images resized to its 18 x 18 input");

        String report = Files.readString(out.resolve("study.html"));
        assertTrue(report.contains("Scaling run") && report.contains("data-member=\"B1\"")
                && report.contains("<svg"), "the report's scaling section, with its charts");
        Pattern b1Ratio = Pattern.compile("data-member=\"B1\">.*?<td class=\"latency-ratio\">\\d+\\.\\d{3}</td>");
        assertTrue(b1Ratio.matcher(report).find(), "B1's latency over B0's, timed in turn, in its row");
        assertTrue(Files.size(out.resolve("scaling-flops.png")) > 0 && Files.size(out.resolve("scaling-latency.png"))
                > 0);
        Outcome reported = Commands.run("report", out.toString(), "--out",
                dir.resolve("again.html").toString());
        assertEquals(0, reported.exitCode(), reported.err());
        assertTrue(Files.readString(dir.resolve("again.html")).contains("data-member=\"B0\""));

        // Run again: nothing trains, the same table comes back.
        Outcome again = Commands.run("scale", study.toString(), "--phi", "1", "--single-phi", "0", "--seeds", "1",
                "--epochs", "1", "--out", out.toString(), "--json");
        assertEquals(0, again.exitCode(), again.err());
        assertFalse(again.err().contains(": training "), again.err());
        assertEquals(b1.get("test_acc").asDouble(), again.json().get("members").get(1).get("test_acc").asDouble());
    }

    @Test
    void badScalingInputExitsWith2AndSaysWhatToGive(@TempDir Path dir) {
        String arch = "stage1.block=conv";
        Outcome phi = Commands.run("scale", arch, "--config", "../examples/fashion-mnist.yaml", "--phi", "0",
                "--out", dir.toString());
        assertEquals(2, phi.exitCode());
        assertTrue(phi.err().contains("phi must be a whole number from 1"), phi.err());
        Outcome coefficient = Commands.run("scale", arch, "--alpha", "0.9", "--beta", "1.1", "--gamma", "1.1");
        assertEquals(2, coefficient.exitCode());
        assertTrue(coefficient.err().contains("at least 1"), coefficient.err());
        Outcome emptyGrid = Commands.run("scale", arch, "--grid", "--grid-step", "0.7");
        assertEquals(2, emptyGrid.exitCode());
        assertTrue(emptyGrid.err().contains("no point of a grid"), emptyGrid.err());
        Outcome both = Commands.run("scale", arch, "--grid", "--alpha", "1.2", "--beta", "1.1", "--gamma", "1.1");
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("either --grid or the coefficients"), both.err());
        Outcome nothing = Commands.run("scale", dir.resolve("none").toString());
        assertEquals(2, nothing.exitCode());
        assertTrue(nothing.err().contains("neither a saved model"), nothing.err());
        Outcome noConfig = Commands.run("scale", arch);
        assertEquals(2, noConfig.exitCode());
        assertTrue(noConfig.err().contains("--config FILE"), noConfig.err());
        Outcome notInSpace = Commands.run("scale", arch, "--config", "../examples/fashion-mnist.yaml");
        assertEquals(2, notInSpace.exitCode());
        assertTrue(notInSpace.err().contains("write every decision of the space as name=value"), notInSpace.err());
        assertFalse(notInSpace.err().contains("\tat "), "no stack trace");
    }
}
