package org.nas4j.bench.command;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nas4j.bench.latency.LatencyModelBenchmark;
import org.nas4j.cli.ConfigFile;
import org.nas4j.cli.Flags;
import org.nas4j.cli.output.Json;
import org.nas4j.config.StudyConfig;
import org.nas4j.data.DataSource;
import org.nas4j.search.Study;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "latency-model",
        mixinStandardHelpOptions = true,
        description = {"How well latency is predicted on this machine from its operations: times each operation of "
                + "random networks of a config's space once (kept in --model), fits the fixed part on --fit "
                + "networks, then predicts --networks others and measures each twice; prints the share predicted "
                + "within 10%%, the rank correlation, the machine's own repeatability and FLOPs' rank correlation."},
        footer = {"", "Examples:",
                "  ./nas4j bench latency-model",
                "  ./nas4j bench latency-model --networks 20 --fit 5 --model runs/latency-model.json --json"})
public final class LatencyModelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Study config: its space, network layout and "
            + "latency settings. Default: ${DEFAULT-VALUE}.")
    Path config = Path.of("examples", "fashion-mnist.yaml");

    @Option(names = "--fit", paramLabel = "N", description = "Networks the fixed part is fitted on. Default: "
            + "${DEFAULT-VALUE}.")
    int fit = 20;

    @Option(names = "--networks", paramLabel = "N", description = "Held-out networks predicted and measured. "
            + "Default: ${DEFAULT-VALUE}.")
    int networks = 100;

    @Option(names = "--model", paramLabel = "FILE", description = "Where the table of operations is kept (read "
            + "when it is there). Default: ${DEFAULT-VALUE}.")
    Path model = Path.of("runs", "latency-model.json");

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the networks. Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        Flags.requirePositive(spec, "--networks", networks);
        if (fit < 2) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--fit needs at least 2 networks, "
                    + "got " + fit);
        }
        StudyConfig study = ConfigFile.read(config);
        PrintWriter err = spec.commandLine().getErr();
        LatencyModelBenchmark benchmark = new LatencyModelBenchmark(study.space(),
                Study.network(study, DataSource.embedded().load()), study.latency(), line -> {
                    err.println(line);
                    err.flush();
                });
        LatencyModelBenchmark.Result r;
        try {
            r = benchmark.run(fit, networks, seed, model);
        } catch (IllegalArgumentException e) {
            throw new org.nas4j.cli.UserInputException(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.object().put("fitted", r.fitted()).put("held_out", r.heldOut())
                    .put("operations", r.operations()).put("intercept_ms", r.intercept()).put("slope", r.slope())
                    .put("within_10_percent", r.withinTenPercent()).put("spearman", r.spearman())
                    .put("median_error_percent", r.medianErrorPercent()).put("repeat_within_10_percent",
                            r.repeatWithin()).put("repeat_spearman", r.repeatSpearman())
                    .put("flops_spearman", r.flopsSpearman()));
            return 0;
        }
        out.printf(Locale.ROOT, "latency model: %d operations timed, %.3f ms + %.3f x their sum (fitted on %d "
                + "networks)%n", r.operations(), r.intercept(), r.slope(), r.fitted());
        out.printf(Locale.ROOT, "%d held-out networks: %.0f%% predicted within 10%% (median error %.1f%%), rank "
                + "correlation %.3f%n", r.heldOut(), 100 * r.withinTenPercent(), r.medianErrorPercent(), r.spearman());
        out.printf(Locale.ROOT, "the same networks measured twice: %.0f%% within 10%%, rank correlation %.3f; "
                + "FLOPs' rank correlation %.3f%n", 100 * r.repeatWithin(), r.repeatSpearman(), r.flopsSpearman());
        return 0;
    }
}
