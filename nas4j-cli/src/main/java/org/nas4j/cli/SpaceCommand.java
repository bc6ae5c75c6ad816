package org.nas4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nas4j.cli.output.Json;
import org.nas4j.config.ConfigException;
import org.nas4j.config.StudyConfig;
import org.nas4j.random.Rng;
import org.nas4j.space.Decision;
import org.nas4j.space.SearchSpace;
import org.nas4j.space.SearchSpaceException;
import org.nas4j.space.SearchSpaceYaml;
import org.nas4j.strategy.RandomSearch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "space",
        mixinStandardHelpOptions = true,
        description = {"Check a search space file (or the space of a study config), describe it and draw random "
                + "architectures from it.",
            "The file lists decisions, each with a name and its options (numbers or texts):",
            "  decisions:",
            "    - name: stage1.kernel",
            "      options: [3, 5, 7]"},
        footer = {"", "Examples:",
                "  ./nas4j space examples/toy-space.yaml",
                "  ./nas4j space examples/toy-space.yaml --sample 5 --seed 3",
                "  ./nas4j space examples/toy-space.yaml --json"})
public final class SpaceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A search space in YAML.")
    Path file;

    @Option(names = "--sample", paramLabel = "N", description = "Random architectures to print. "
            + "Default: ${DEFAULT-VALUE}.")
    int sample = 3;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the samples. Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = "--json", description = "Print the space and the samples as one JSON object.")
    boolean json;

    /** A study config holds its space under 'space:'; a space file starts with 'decisions:'. */
    private static boolean isStudyConfig(Path file) {
        try {
            String text = java.nio.file.Files.readString(file);
            return text.lines().anyMatch(line -> line.startsWith("space:"));
        } catch (java.io.IOException e) {
            return false; // reading again below reports the problem
        }
    }

    @Override
    public Integer call() {
        if (sample < 0) {
            throw new ParameterException(spec.commandLine(), "--sample must be zero or more, got " + sample);
        }
        SearchSpace space;
        try {
            space = isStudyConfig(file) ? StudyConfig.read(file).space() : SearchSpaceYaml.read(file);
        } catch (SearchSpaceException | ConfigException e) {
            throw new UserInputException(e.getMessage() + ". See './nas4j space --help' for the format.", e);
        }
        Rng rng = new Rng(seed);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode result = Json.object();
            result.put("file", file.toString());
            result.put("architectures", space.cardinality());
            ArrayNode decisions = result.putArray("decisions");
            for (Decision decision : space.decisions()) {
                ObjectNode node = decisions.addObject();
                node.put("name", decision.name());
                ArrayNode options = node.putArray("options");
                decision.options().forEach(o -> options.addPOJO(o.scalar()));
            }
            ArrayNode samples = result.putArray("samples");
            for (int i = 0; i < sample; i++) {
                samples.add(RandomSearch.sample(space, rng).toJsonNode());
            }
            out.println(result);
            return 0;
        }
        out.printf("%s: %d decisions, %,d architectures%n", file, space.size(), space.cardinality());
        int width = space.names().stream().mapToInt(String::length).max().orElse(8);
        for (Decision decision : space.decisions()) {
            out.printf("  %-" + width + "s  %s%n", decision.name(), decision.options());
        }
        if (sample > 0) {
            out.println("random architectures (seed " + seed + "):");
            for (int i = 0; i < sample; i++) {
                out.println("  " + RandomSearch.sample(space, rng).canonicalString());
            }
        }
        return 0;
    }
}
