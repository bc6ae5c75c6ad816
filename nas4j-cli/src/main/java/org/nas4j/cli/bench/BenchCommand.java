package org.nas4j.cli.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {"Measurements: the latency of saved models and architectures on this machine and how "
                + "repeatable it is.",
            "The nas4j-bench module adds strategies on tabular NAS benchmarks (nb201), the training step against "
                    + "PyTorch (train-step) and native memory across trials (memory)."},
        subcommands = {LatencyCommand.class},
        footer = {"", "Examples:",
                "  ./nas4j bench latency --architectures 20",
                "  ./nas4j bench latency --models runs/fashion-mnist/model runs/baseline --rounds 20",
                "  ./nas4j bench nb201 --runs 100                  (nas4j-bench)"})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
