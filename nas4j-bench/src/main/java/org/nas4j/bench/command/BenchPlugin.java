package org.nas4j.bench.command;

import org.nas4j.bench.command.toy.ToyCommand;
import org.nas4j.cli.CommandPlugin;
import picocli.CommandLine;

/** Adds the toys ({@code nas4j toy ...}) and the benchmarks ({@code nas4j bench
 * nb201|train-step|memory|one-shot|latency-model|front|epoch|workers|dashboard}). */
public final class BenchPlugin implements CommandPlugin {
    @Override
    public void register(CommandLine root) {
        root.addSubcommand(new ToyCommand());
        CommandLine bench = root.getSubcommands().get("bench");
        bench.addSubcommand(new Nb201Command());
        bench.addSubcommand(new TrainStepCommand());
        bench.addSubcommand(new MemoryCommand());
        bench.addSubcommand(new OneShotCommand());
        bench.addSubcommand(new LatencyModelCommand());
        bench.addSubcommand(new FrontCommand());
        bench.addSubcommand(new EpochCommand());
        bench.addSubcommand(new WorkersCommand());
        bench.addSubcommand(new DashboardBenchCommand());
    }
}
