package org.nas4j.bench.command.toy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "toy",
        mixinStandardHelpOptions = true,
        description = "Simulated search problems that show how the strategies learn, in seconds.",
        subcommands = {KernelSizeCommand.class, ChainCommand.class},
        footer = {"", "Examples:",
                "  ./nas4j toy kernel-size --steps 50 --seed 1",
                "  ./nas4j toy chain --runs 20"})
public final class ToyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
