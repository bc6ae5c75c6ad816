package org.nas4j.bench.command;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.cli.Nas4jCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every description of every command, the benchmarks' included, is a valid format string: picocli formats them
 * and, when one is not (a lone '%', as in "10%"), prints a warning above the help instead of the text.
 */
class HelpTextTest {

    @Test
    void everyDescriptionIsAValidFormatString() {
        CommandLine root = new CommandLine(new Nas4jCommand());
        new BenchPlugin().register(root);
        List<String> broken = new ArrayList<>();
        check(root, broken);
        assertTrue(broken.isEmpty(), "descriptions picocli cannot format (write % as %%): " + broken);
    }

    private static void check(CommandLine command, List<String> broken) {
        CommandSpec spec = command.getCommandSpec();
        List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
        texts.addAll(List.of(spec.usageMessage().footer()));
        for (OptionSpec option : spec.options()) {
            texts.addAll(List.of(option.description()));
        }
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            texts.addAll(List.of(parameter.description()));
        }
        for (String text : texts) {
            try {
                String.format(text.replace("${DEFAULT-VALUE}", "x").replace("${COMPLETION-CANDIDATES}", "x"));
            } catch (IllegalFormatException e) {
                broken.add(spec.qualifiedName() + ": " + text);
            }
        }
        command.getSubcommands().values().forEach(sub -> check(sub, broken));
    }
}
