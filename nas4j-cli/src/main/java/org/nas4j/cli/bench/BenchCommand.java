package org.nas4j.cli.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks: search strategies on tabular NAS benchmarks, under their published protocols.",
        subcommands = {Nb201Command.class},
        footer = {"", "Examples:",
                "  ./nas4j bench nb201 --runs 100",
                "  ./nas4j bench nb201 --strategy evolution --runs 500 --json"})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
