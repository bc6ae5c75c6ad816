package org.nas4j.bench.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.cli.Commands;
import org.nas4j.cli.Commands.Outcome;

/** The toys, reached as {@code nas4j toy ...} once this module is on the class path. */
class ToyCommandTest {

    @Test
    void theToysAndBenchmarksJoinTheCommandLine() {
        Outcome help = Commands.run("--help");
        assertTrue(help.out().contains("toy") && help.out().contains("bench"), help.out());
        for (String[] command : List.of(new String[] {"toy", "--help"}, new String[] {"toy", "kernel-size", "--help"},
                new String[] {"toy", "chain", "--help"}, new String[] {"bench", "nb201", "--help"},
                new String[] {"bench", "memory", "--help"}, new String[] {"bench", "train-step", "--help"},
                new String[] {"bench", "latency", "--help"})) {
            Outcome sub = Commands.run(command);
            assertEquals(0, sub.exitCode());
            assertTrue(sub.out().contains("Examples:"), String.join(" ", command) + ": " + sub.out());
        }
        Outcome unknownFlag = Commands.run("toy", "kernel-size", "--stepz", "5");
        assertEquals(2, unknownFlag.exitCode());
        assertTrue(unknownFlag.err().contains("--steps"), "suggests the right flag: " + unknownFlag.err());
    }

    @Test
    void outOfRangeValuesExitWith2(@TempDir Path dir) {
        Outcome steps = Commands.run("toy", "kernel-size", "--steps", "0", "--out", dir.toString());
        assertEquals(2, steps.exitCode());
        assertTrue(steps.err().contains("--steps must be a positive integer, got 0"), steps.err());
        Outcome lr = Commands.run("toy", "kernel-size", "--lr", "-0.1", "--out", dir.toString());
        assertEquals(2, lr.exitCode());
        assertTrue(lr.err().contains("--lr: learning rate must be a positive number, got -0.1"), lr.err());
        Outcome hidden = Commands.run("toy", "chain", "--hidden", "0", "--out", dir.toString());
        assertEquals(2, hidden.exitCode());
        assertTrue(hidden.err().contains("--hidden, --temperature or --tanh: hidden_size (of the LSTM) must be in [1, 4096], got 0"), hidden.err());
        Outcome samples = Commands.run("toy", "chain", "--samples", "-3", "--out", dir.toString());
        assertEquals(2, samples.exitCode());
        Outcome strategy = Commands.run("toy", "chain", "--strategy", "bayes", "--out", dir.toString());
        assertEquals(2, strategy.exitCode());
        assertTrue(strategy.err().contains("'bayes' is not a strategy"), strategy.err());
        assertFalse(steps.err().contains("\tat "), "no stack trace without --verbose");
    }

    @Test
    void kernelSizeWritesHistoryAndPlotAndSummarizesRunsAsJson(@TempDir Path dir) throws Exception {
        Outcome single = Commands.run("toy", "kernel-size", "--steps", "30", "--seed", "4", "--out", dir.toString());
        assertEquals(0, single.exitCode(), single.err());
        List<String> history = Files.readAllLines(dir.resolve("history.csv"));
        assertEquals("seed,step,kernel,reward,p_kernel3,p_kernel5,p_kernel7", history.get(0));
        assertEquals(31, history.size());
        String[] last = history.get(30).split(",");
        double sum = Double.parseDouble(last[4]) + Double.parseDouble(last[5]) + Double.parseDouble(last[6]);
        assertEquals(1.0, sum, 1e-4);
        assertTrue(Files.size(dir.resolve("probabilities.png")) > 1000);

        Outcome json = Commands.run("toy", "kernel-size", "--runs", "20", "--json", "--out", dir.toString());
        assertEquals(0, json.exitCode(), json.err());
        JsonNode summary = json.json();
        assertEquals(20, summary.get("runs").asInt());
        assertEquals(50, summary.get("steps").asInt());
        assertTrue(summary.get("median_p_best").asDouble() > 0.8, json.out());
        assertTrue(summary.get("frac_argmax_best").asDouble() >= 0.9, json.out());
        assertEquals(json.out(), Commands.run("toy", "kernel-size", "--runs", "20", "--json", "--out", dir.toString()).out(),
                "same seeds, same figures");
    }
    @Test
    void chainComparesStrategiesOnTheSameBudget(@TempDir Path dir) throws Exception {
        Outcome json = Commands.run("toy", "chain", "--runs", "2", "--samples", "40", "--json", "--out", dir.toString());
        assertEquals(0, json.exitCode(), json.err());
        JsonNode result = json.json();
        assertEquals(3, result.get("results").size());
        assertEquals("reinforce-lstm", result.get("results").get(0).get("strategy").asText());
        for (JsonNode row : result.get("results")) {
            double best = row.get("mean_best_reward").asDouble();
            assertTrue(best > 0 && best <= 1.0, row.toString());
        }
        assertEquals(7, Files.readAllLines(dir.resolve("runs.csv")).size());
        assertTrue(Files.exists(dir.resolve("best-so-far.png")));
    }
}
