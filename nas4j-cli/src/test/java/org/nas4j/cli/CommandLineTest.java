package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, messages, outputs. */
class CommandLineTest {

    /** What one invocation printed and returned. */
    record Outcome(int exitCode, String out, String err) {
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheCommandsWithExamples() {
        Outcome help = run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("toy") && help.out().contains("space"), help.out());
        for (String[] command : List.of(new String[] {"toy", "--help"}, new String[] {"toy", "kernel-size", "--help"},
                new String[] {"toy", "chain", "--help"}, new String[] {"space", "--help"})) {
            Outcome sub = run(command);
            assertEquals(0, sub.exitCode());
            assertTrue(sub.out().contains("Examples:"), String.join(" ", command) + ": " + sub.out());
        }
    }

    @Test
    void unknownCommandsAndFlagsExitWith2AndSayWhatToDo() {
        Outcome unknownCommand = run("serch");
        assertEquals(2, unknownCommand.exitCode());
        assertTrue(unknownCommand.err().contains("Unmatched argument") && unknownCommand.err().contains("--help"),
                unknownCommand.err());
        Outcome unknownFlag = run("toy", "kernel-size", "--stepz", "5");
        assertEquals(2, unknownFlag.exitCode());
        assertTrue(unknownFlag.err().contains("--stepz") && unknownFlag.err().contains("--steps"),
                "suggests the right flag: " + unknownFlag.err());
        Outcome badNumber = run("toy", "kernel-size", "--steps", "many");
        assertEquals(2, badNumber.exitCode());
        assertTrue(badNumber.err().contains("'many'"), badNumber.err());
    }

    @Test
    void outOfRangeValuesExitWith2(@TempDir Path dir) {
        Outcome steps = run("toy", "kernel-size", "--steps", "0", "--out", dir.toString());
        assertEquals(2, steps.exitCode());
        assertTrue(steps.err().contains("--steps must be a positive integer, got 0"), steps.err());
        Outcome lr = run("toy", "kernel-size", "--lr", "-0.1", "--out", dir.toString());
        assertEquals(2, lr.exitCode());
        assertTrue(lr.err().contains("--lr: learning rate must be a positive number, got -0.1"), lr.err());
        Outcome samples = run("toy", "chain", "--samples", "-3", "--out", dir.toString());
        assertEquals(2, samples.exitCode());
        Outcome strategy = run("toy", "chain", "--strategy", "bayes", "--out", dir.toString());
        assertEquals(2, strategy.exitCode());
        assertTrue(strategy.err().contains("'bayes' is not a strategy"), strategy.err());
        assertFalse(steps.err().contains("\tat "), "no stack trace without --verbose");
    }

    @Test
    void malformedYamlExitsWith2WithoutAStackTraceUnlessVerbose(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "decisions:\n  - {name: kernel, options: [3, 5\n");
        Outcome quiet = run("space", broken.toString());
        assertEquals(2, quiet.exitCode());
        assertTrue(quiet.err().contains("malformed YAML") && quiet.err().contains("broken.yaml"), quiet.err());
        assertFalse(quiet.err().contains("\tat "), quiet.err());
        Outcome verbose = run("space", broken.toString(), "--verbose");
        assertEquals(2, verbose.exitCode());
        assertTrue(verbose.err().contains("\tat "), "stack trace with --verbose");

        Path unknownKey = dir.resolve("typo.yaml");
        Files.writeString(unknownKey, "decisions:\n  - {name: kernel, choices: [3, 5]}\n");
        Outcome typo = run("space", unknownKey.toString());
        assertEquals(2, typo.exitCode());
        assertTrue(typo.err().contains("decision 'kernel' has unknown key 'choices'"), typo.err());
        Outcome missing = run("space", dir.resolve("absent.yaml").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }

    @Test
    void spaceDescribesAndSamplesAValidFile() {
        Path example = Path.of("..", "examples", "toy-space.yaml");
        Outcome text = run("space", example.toString(), "--sample", "2");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("10 decisions, 26,244 architectures"), text.out());
        Outcome json = run("space", example.toString(), "--json", "--sample", "4", "--seed", "9");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode node = parse(json.out());
        assertEquals(26244, node.get("architectures").asInt());
        assertEquals(4, node.get("samples").size());
        assertEquals(json.out(), run("space", example.toString(), "--json", "--sample", "4", "--seed", "9").out(),
                "same seed, same samples");
    }

    @Test
    void kernelSizeWritesHistoryAndPlotAndSummarizesRunsAsJson(@TempDir Path dir) throws Exception {
        Outcome single = run("toy", "kernel-size", "--steps", "30", "--seed", "4", "--out", dir.toString());
        assertEquals(0, single.exitCode(), single.err());
        List<String> history = Files.readAllLines(dir.resolve("history.csv"));
        assertEquals("seed,step,kernel,reward,p_kernel3,p_kernel5,p_kernel7", history.get(0));
        assertEquals(31, history.size());
        String[] last = history.get(30).split(",");
        double sum = Double.parseDouble(last[4]) + Double.parseDouble(last[5]) + Double.parseDouble(last[6]);
        assertEquals(1.0, sum, 1e-4);
        assertTrue(Files.size(dir.resolve("probabilities.png")) > 1000);

        Outcome json = run("toy", "kernel-size", "--runs", "20", "--json", "--out", dir.toString());
        assertEquals(0, json.exitCode(), json.err());
        JsonNode summary = parse(json.out());
        assertEquals(20, summary.get("runs").asInt());
        assertEquals(50, summary.get("steps").asInt());
        assertTrue(summary.get("median_p_best").asDouble() > 0.8, json.out());
        assertTrue(summary.get("frac_argmax_best").asDouble() >= 0.9, json.out());
        assertEquals(json.out(), run("toy", "kernel-size", "--runs", "20", "--json", "--out", dir.toString()).out(),
                "same seeds, same figures");
    }

    @Test
    void chainComparesStrategiesOnTheSameBudget(@TempDir Path dir) throws Exception {
        Outcome json = run("toy", "chain", "--runs", "2", "--samples", "40", "--json", "--out", dir.toString());
        assertEquals(0, json.exitCode(), json.err());
        JsonNode result = parse(json.out());
        assertEquals(3, result.get("results").size());
        assertEquals("reinforce-lstm", result.get("results").get(0).get("strategy").asText());
        for (JsonNode row : result.get("results")) {
            double best = row.get("mean_best_reward").asDouble();
            assertTrue(best > 0 && best <= 1.0, row.toString());
        }
        assertEquals(7, Files.readAllLines(dir.resolve("runs.csv")).size());
        assertTrue(Files.exists(dir.resolve("best-so-far.png")));
    }

    private static JsonNode parse(String text) {
        try {
            return new ObjectMapper().readTree(text.strip());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
