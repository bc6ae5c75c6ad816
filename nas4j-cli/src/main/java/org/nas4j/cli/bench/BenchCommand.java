package org.nas4j.cli.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks: search strategies on tabular NAS benchmarks under their published protocols, and "
                + "the repeatability of latency measurement, native memory across trials.",
        subcommands = {Nb201Command.class, LatencyCommand.class, MemoryCommand.class, TrainStepCommand.class},
        footer = {"", "Examples:",
                "  ./nas4j bench nb201 --runs 100",
                "  ./nas4j bench nb201 --strategy evolution --runs 500 --json",
                "  ./nas4j bench latency --architectures 20"})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
