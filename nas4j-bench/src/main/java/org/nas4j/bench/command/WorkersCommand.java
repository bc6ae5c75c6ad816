package org.nas4j.bench.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nas4j.bench.workers.WorkersBenchmark;
import org.nas4j.cli.Flags;
import org.nas4j.cli.Main;
import org.nas4j.cli.output.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "workers",
        mixinStandardHelpOptions = true,
        description = {"Trials per minute with 1, 2, 3 ... worker processes sharing one study on this machine: "
                + "regularized evolution on the NAS-Bench-201 table, each trial a lookup that sleeps --sleep real "
                + "seconds per simulated second (0: coordination alone). Prints the speed-up over the first count and "
                + "each trial's coordination time (claim, report and strategy steps through the storage)."},
        footer = {"", "Examples:",
                "  ./nas4j bench workers",
                "  ./nas4j bench workers --workers 1,2,4 --trials 300 --sleep 0.002",
                "  ./nas4j bench workers --storage postgresql://localhost/nas4j?user=nas4j --json"})
public final class WorkersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--workers", paramLabel = "N", split = ",", description = "Worker counts to measure. Default: "
            + "1,2,3.")
    List<Integer> workers = List.of(1, 2, 3);

    @Option(names = "--trials", paramLabel = "N", description = "Trials of each run. Default: ${DEFAULT-VALUE}.")
    int trials = 200;

    @Option(names = "--sleep", paramLabel = "S", description = "Real seconds slept per simulated second of each "
            + "trial (NAS-Bench-201 trials simulate 2 to 4 minutes). Default: ${DEFAULT-VALUE}.")
    double sleep = 0;

    @Option(names = "--storage", paramLabel = "URL", description = "A PostgreSQL database every run uses (a study "
            + "each). Default: a SQLite file per run in --out.")
    String storage;

    @Option(names = "--out", paramLabel = "DIR", description = "Configs, logs and study files. Default: "
            + "${DEFAULT-VALUE}.")
    Path out = Path.of("runs", "bench-workers");

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        Flags.requirePositive(spec, "--trials", trials);
        for (int n : workers) {
            Flags.requirePositive(spec, "--workers", n);
        }
        if (!(sleep >= 0 && sleep <= 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--sleep must be in [0, 1], got "
                    + sleep);
        }
        PrintWriter err = spec.commandLine().getErr();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Main.class.getName());
        WorkersBenchmark benchmark = new WorkersBenchmark(command, out, Optional.ofNullable(storage), line -> {
            err.println(line);
            err.flush();
        });
        List<WorkersBenchmark.Run> runs = new ArrayList<>();
        for (int n : workers) {
            runs.add(benchmark.run(n, trials, sleep));
        }
        // Speed-ups are against the first count measured (one worker, by default).
        double single = runs.get(0).trialsPerMinute();
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            ObjectNode result = Json.object().put("trials", trials).put("sleep", sleep)
                    .put("storage", storage == null ? "sqlite" : "postgresql");
            ArrayNode rows = result.putArray("runs");
            for (WorkersBenchmark.Run r : runs) {
                rows.addObject().put("workers", r.workers()).put("trials", r.trials()).put("span_s", r.spanSeconds())
                        .put("trials_per_minute", r.trialsPerMinute()).put("speedup", r.trialsPerMinute() / single)
                        .put("overhead_ms_per_trial", r.overheadMsPerTrial());
            }
            stdout.println(result);
            return 0;
        }
        stdout.printf(Locale.ROOT, "%-8s %7s %9s %12s %8s %18s%n", "workers", "trials", "span s", "trials/min",
                "speedup", "coordination ms");
        for (WorkersBenchmark.Run r : runs) {
            stdout.printf(Locale.ROOT, "%-8d %7d %9.1f %12.0f %7.2fx %18.1f%n", r.workers(), r.trials(),
                    r.spanSeconds(), r.trialsPerMinute(), r.trialsPerMinute() / single, r.overheadMsPerTrial());
        }
        return 0;
    }
}
