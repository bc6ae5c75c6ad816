package org.nas4j.bench.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nas4j.cli.Commands;
import org.nas4j.cli.Commands.Outcome;

class TrainStepCommandTest {
    private static final String CONFIG = "../examples/fashion-mnist.yaml";

    @Test
    void timesNas4jAloneWithoutThePeer() throws Exception {
        Outcome outcome = Commands.run("bench", "train-step", "--config", CONFIG, "--no-peer",
                "--candidates", "1", "--batch", "4", "--warmup", "1", "--threads", "1", "--repeats", "1", "--json");
        assertEquals(0, outcome.exitCode(), outcome.err());
        JsonNode result = new ObjectMapper().readTree(outcome.out().strip());
        assertEquals(18, result.get("rows").size(), "8 operations and 1 candidate, each trained and inferred");
        for (JsonNode row : result.get("rows")) {
            assertTrue(row.get("nas4j_ms").asDouble() > 0, row.toString());
            assertFalse(row.has("ratio"), "no peer, no ratio");
            assertEquals(row.get("kind").asText().equals("inference"), row.has("nas4j_unfolded_ms"), row.toString());
        }
        assertTrue(result.get("allocator").asText().startsWith("tuned"), result.get("allocator").asText());
        assertEquals("candidate 1", result.get("rows").get(16).get("name").asText());
        assertEquals("inference", result.get("rows").get(17).get("kind").asText());
        assertEquals(1, result.get("threads").asInt());
        JsonNode data = result.get("data");
        assertEquals(data.get("batch_ms").asDouble() / data.get("candidate_step_ms").asDouble(),
                data.get("share").asDouble(), 1e-12);
    }

    /** Runs where Debian's python3-torch is installed, as .ci/run installs it. */
    @Test
    void comparesTheSameNetworksWithPyTorchFromPython() throws Exception {
        Assumptions.assumeTrue(torchAvailable(), "PyTorch for Python is not installed");
        Outcome outcome = Commands.run("bench", "train-step", "--config", CONFIG, "--candidates", "1",
                "--batch", "4", "--warmup", "1", "--threads", "1", "--repeats", "1", "--json");
        assertEquals(0, outcome.exitCode(), outcome.err());
        JsonNode result = new ObjectMapper().readTree(outcome.out().strip());
        assertTrue(result.get("pytorch").asText().matches("\\d+\\.\\d+.*"), result.toString());
        assertEquals(18, result.get("rows").size());
        for (JsonNode row : result.get("rows")) {
            assertTrue(row.get("pytorch_ms").asDouble() > 0, row.toString());
            assertTrue(row.get("parameters").asLong() > 0, "the command checked PyTorch's count against it: " + row);
            assertEquals(row.get("nas4j_ms").asDouble() / row.get("pytorch_ms").asDouble(),
                    row.get("ratio").asDouble(), 1e-12);
        }
        assertTrue(result.get("max_train_ratio").asDouble() >= result.get("median_train_ratio").asDouble());
    }

    private static boolean torchAvailable() throws Exception {
        for (String python : new String[] {"python3", "/usr/bin/python3"}) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) {
                    return true;
                }
            } catch (java.io.IOException e) {
                // not this one
            }
        }
        return false;
    }

    @Test
    void aMissingPythonIsExplained() {
        Outcome outcome = Commands.run("bench", "train-step", "--python", "/nonexistent/python3");
        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.err().contains("apt-get install python3-torch"), outcome.err());
        Outcome badRuns = Commands.run("bench", "train-step", "--runs", "3");
        assertEquals(2, badRuns.exitCode());
        assertTrue(badRuns.err().contains("--runs must be at least 30"), badRuns.err());
    }
}
