package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.cli.Commands.Outcome;

/** The command line as a user meets it: exit codes, messages, outputs. */
class CommandLineTest {

    @Test
    void helpListsTheCommandsWithExamples() {
        Outcome help = Commands.run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("search") && help.out().contains("space"), help.out());
        for (String[] command : List.of(new String[] {"search", "--help"}, new String[] {"retrain", "--help"},
                new String[] {"predict", "--help"}, new String[] {"space", "--help"})) {
            Outcome sub = Commands.run(command);
            assertEquals(0, sub.exitCode());
            assertTrue(sub.out().contains("Examples:"), String.join(" ", command) + ": " + sub.out());
        }
    }

    @Test
    void unknownCommandsAndFlagsExitWith2AndSayWhatToDo() {
        Outcome unknownCommand = Commands.run("serch");
        assertEquals(2, unknownCommand.exitCode());
        assertTrue(unknownCommand.err().contains("Unmatched argument") && unknownCommand.err().contains("--help"),
                unknownCommand.err());
        Outcome unknownFlag = Commands.run("search", "x.yaml", "--trails", "5");
        assertEquals(2, unknownFlag.exitCode());
        assertTrue(unknownFlag.err().contains("--trails") && unknownFlag.err().contains("--trials"),
                "suggests the right flag: " + unknownFlag.err());
        Outcome badNumber = Commands.run("search", "x.yaml", "--trials", "many");
        assertEquals(2, badNumber.exitCode());
        assertTrue(badNumber.err().contains("'many'"), badNumber.err());
    }

    @Test
    void outOfRangeValuesExitWith2(@TempDir Path dir) {
        Outcome trials = Commands.run("search", "examples/none.yaml", "--trials", "0");
        assertEquals(2, trials.exitCode());
        Outcome epochs = Commands.run("retrain", dir.toString(), "--epochs", "0");
        assertEquals(2, epochs.exitCode());
        assertFalse(epochs.err().contains("\tat "), "no stack trace without --verbose");
    }


    @Test
    void malformedYamlExitsWith2WithoutAStackTraceUnlessVerbose(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "decisions:\n  - {name: kernel, options: [3, 5\n");
        Outcome quiet = Commands.run("space", broken.toString());
        assertEquals(2, quiet.exitCode());
        assertTrue(quiet.err().contains("malformed YAML") && quiet.err().contains("broken.yaml"), quiet.err());
        assertFalse(quiet.err().contains("\tat "), quiet.err());
        Outcome verbose = Commands.run("space", broken.toString(), "--verbose");
        assertEquals(2, verbose.exitCode());
        assertTrue(verbose.err().contains("\tat "), "stack trace with --verbose");

        Path unknownKey = dir.resolve("typo.yaml");
        Files.writeString(unknownKey, "decisions:\n  - {name: kernel, choices: [3, 5]}\n");
        Outcome typo = Commands.run("space", unknownKey.toString());
        assertEquals(2, typo.exitCode());
        assertTrue(typo.err().contains("decision 'kernel' has unknown key 'choices'"), typo.err());
        Outcome missing = Commands.run("space", dir.resolve("absent.yaml").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }

    @Test
    void spaceDescribesAndSamplesAValidFile() {
        Path example = Path.of("..", "examples", "toy-space.yaml");
        Outcome text = Commands.run("space", example.toString(), "--sample", "2");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("10 decisions, 26,244 architectures"), text.out());
        Outcome json = Commands.run("space", example.toString(), "--json", "--sample", "4", "--seed", "9");
        assertEquals(0, json.exitCode(), json.err());
        JsonNode node = parse(json.out());
        assertEquals(26244, node.get("architectures").asInt());
        assertEquals(4, node.get("samples").size());
        assertEquals(json.out(), Commands.run("space", example.toString(), "--json", "--sample", "4", "--seed", "9").out(),
                "same seed, same samples");
    }



    private static JsonNode parse(String text) {
        try {
            return new ObjectMapper().readTree(text.strip());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
