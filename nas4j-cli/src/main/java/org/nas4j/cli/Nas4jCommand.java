package org.nas4j.cli;

import java.util.Arrays;
import org.nas4j.cli.bench.BenchCommand;
import org.nas4j.cli.model.PredictCommand;
import org.nas4j.cli.model.RetrainCommand;
import org.nas4j.cli.report.ReportCommand;
import org.nas4j.cli.scale.ScaleCommand;
import org.nas4j.cli.dashboard.DashboardCommand;
import org.nas4j.cli.search.SearchCommand;
import org.nas4j.cli.search.WorkerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

@Command(name = "nas4j",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Neural architecture search for the JVM: find the most accurate network that fits your "
                + "latency, size and FLOPs budget on your own hardware.",
        subcommands = {DemoCommand.class, SearchCommand.class, WorkerCommand.class, DashboardCommand.class,
            RetrainCommand.class, PredictCommand.class, ReportCommand.class, ScaleCommand.class, SpaceCommand.class,
            BenchCommand.class},
        footer = {"", "Examples:",
                "  ./nas4j demo                     a small search, retraining and report",
                "  ./nas4j search examples/fashion-mnist.yaml --trials 5",
                "                                   search on real images (embedded sample)",
                "  ./nas4j retrain runs/fashion-mnist   retrain the best, test it, save the model",
                "  ./nas4j space examples/toy-space.yaml",
                "                                   check a search space and sample it",
                "  ./nas4j bench latency --models runs/a/model runs/b/model",
                "                                   compare saved models' latency on this machine",
                "",
                "With the nas4j-bench module (./nas4j includes it): 'toy kernel-size', 'toy chain', 'bench nb201', "
                        + "'bench train-step', 'bench memory'.",
                "",
                "Exit codes: 0 done, 1 failed while running, 2 bad input."})
public final class Nas4jCommand implements Runnable {

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        // No command given: show what there is.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static boolean isVerbose(String[] args) {
        return Arrays.asList(args).contains("--verbose");
    }
}
