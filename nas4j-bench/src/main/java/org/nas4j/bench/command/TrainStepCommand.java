package org.nas4j.bench.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nas4j.cli.ConfigFile;
import org.nas4j.cli.Flags;
import org.nas4j.cli.output.Json;
import org.nas4j.config.StudyConfig;
import org.nas4j.data.DataSource;
import org.nas4j.data.TrainTest;
import org.nas4j.search.Study;
import org.nas4j.bench.step.StepBenchmark;
import org.nas4j.djl.engine.NativeAllocator;
import org.nas4j.djl.profile.LatencyProfiler;
import org.nas4j.stats.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train-step",
        mixinStandardHelpOptions = true,
        description = {"How fast nas4j trains and runs a network next to PyTorch from Python on this machine: times "
                + "a training step (forward, cross-entropy, backward, Adam step) and an inference pass at batch "
                + "--batch for each operation of the search space (as the first layer of a stage) and for a few "
                + "whole candidates of a study config's space, then the very same networks in PyTorch from "
                + "Python with the same thread count and timing rule, and prints the medians and the ratio nas4j / "
                + "PyTorch per row. Also times preparing a training batch, against a training step."},
        footer = {"", "Examples:",
                "  ./nas4j bench train-step",
                "  ./nas4j bench train-step --threads 1 --candidates 5 --json",
                "  ./nas4j bench train-step --no-peer"})
public final class TrainStepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Study config whose space the candidates are "
            + "drawn from. Default: ${DEFAULT-VALUE}.")
    Path config = Path.of("examples", "fashion-mnist.yaml");

    @Option(names = "--candidates", paramLabel = "N", description = "Whole candidates drawn at random. Default: "
            + "${DEFAULT-VALUE}.")
    int candidates = 3;

    @Option(names = "--batch", paramLabel = "B", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch = 128;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for both engines' operators. Default: "
            + "the processors available (${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed steps first. Default: ${DEFAULT-VALUE}.")
    int warmup = 5;

    @Option(names = "--runs", paramLabel = "N", description = "Timed steps per round (at least 30); a disturbed "
            + "round is repeated, up to 5, and the calmest kept. Default: ${DEFAULT-VALUE}.")
    int runs = LatencyProfiler.MIN_RUNS;

    @Option(names = "--repeats", paramLabel = "N", description = "Turns per network: nas4j, then PyTorch, N "
            + "times; medians over the turns. Default: ${DEFAULT-VALUE}.")
    int repeats = 3;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the candidates and the weights. Default: "
            + "${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = "--python", paramLabel = "CMD", description = "The Python with torch. Default: python3, or "
            + "/usr/bin/python3 when that one has no torch.")
    String python;

    @Option(names = "--no-peer", description = "Time nas4j alone, without PyTorch from Python.")
    boolean noPeer;

    @Option(names = "--json", description = "Print one JSON object: {\"rows\":[{\"name\":..,\"kind\":\"train|"
            + "inference\",\"nas4j_ms\":..,\"pytorch_ms\":..,\"ratio\":..}],...}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Flags.requirePositive(spec, "--batch", batch);
        Flags.requirePositive(spec, "--threads", threads);
        Flags.requirePositive(spec, "--candidates", candidates);
        Flags.requirePositive(spec, "--repeats", repeats);
        if (runs < LatencyProfiler.MIN_RUNS) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--runs must be at least " + LatencyProfiler.MIN_RUNS + ", got " + runs);
        }
        PythonPeer peer = new PythonPeer(python != null ? List.of(python) : PythonPeer.DEFAULT_PYTHONS);
        String torchVersion = noPeer ? null : peer.torchVersion();
        StudyConfig study = ConfigFile.read(config);
        TrainTest sample = DataSource.embedded().load();
        List<StepBenchmark.Case> cases = StepBenchmark.cases(study.space(), Study.network(study, sample), candidates,
                seed);
        PrintWriter err = spec.commandLine().getErr();
        StepBenchmark bench = new StepBenchmark(batch, warmup, runs);
        StepBenchmark.setThreads(threads);
        if (torchVersion != null) {
            err.printf("nas4j and PyTorch %s from %s take turns, %d times per network%n", torchVersion,
                    peer.python(), repeats);
        }
        ObjectNode result = Json.object();
        result.put("batch", batch);
        result.put("threads", StepBenchmark.threads());
        result.put("allocator", NativeAllocator.tune().description());
        result.put("repeats", repeats);
        if (torchVersion != null) {
            result.put("pytorch", torchVersion);
        }
        ArrayNode rows = result.putArray("rows");
        List<Double> trainRatios = new ArrayList<>();
        List<Double> inferenceRatios = new ArrayList<>();
        List<Double> candidateSteps = new ArrayList<>();
        try (PythonPeer.Session session = noPeer ? null : peer.start()) {
            for (StepBenchmark.Case c : cases) {
                err.printf("  %s...%n", c.name());
                err.flush();
                long parameters = 0;
                Turns train = new Turns();
                Turns inference = new Turns();
                List<Double> unfolded = new ArrayList<>();
                for (int turn = 0; turn < repeats; turn++) {
                    StepBenchmark.Timing ours = bench.time(c, seed);
                    parameters = ours.parameters();
                    train.ours.add(ours.trainMs());
                    inference.ours.add(ours.inferenceMs());
                    unfolded.add(ours.unfoldedMs());
                    if (session != null) {
                        JsonNode theirs = session.time(c, threads, batch, warmup, runs, seed);
                        requireSameNetwork(c, ours, theirs);
                        train.theirs.add(theirs.get("train_ms").asDouble());
                        inference.theirs.add(theirs.get("inference_ms").asDouble());
                    }
                }
                if (c.candidate()) {
                    candidateSteps.add(median(train.ours));
                }
                addRow(rows, c.name(), "train", train, trainRatios).put("parameters", parameters);
                addRow(rows, c.name(), "inference", inference, inferenceRatios).put("parameters", parameters)
                        .put("nas4j_unfolded_ms", median(unfolded));
            }
        }
        double batchMs = bench.batchPreparationMs(sample.train(), seed);
        double medianStep = median(candidateSteps);
        ObjectNode data = result.putObject("data");
        data.put("batch_ms", batchMs);
        data.put("candidate_step_ms", medianStep);
        data.put("share", batchMs / medianStep);
        if (!trainRatios.isEmpty()) {
            result.put("median_train_ratio", median(trainRatios));
            result.put("max_train_ratio", trainRatios.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
            result.put("median_inference_ratio", median(inferenceRatios));
        }
        print(result);
        return 0;
    }

    /** One network's timings, turn by turn, for nas4j and PyTorch. */
    private static final class Turns {
        final List<Double> ours = new ArrayList<>();
        final List<Double> theirs = new ArrayList<>();
    }

    /**
     * A row with each side's median over the turns; the ratio is the median of the turns' ratios, each between
     * timings made one right after the other.
     */
    private static ObjectNode addRow(ArrayNode rows, String name, String kind, Turns turns, List<Double> ratios) {
        ObjectNode row = rows.addObject();
        row.put("name", name);
        row.put("kind", kind);
        row.put("nas4j_ms", median(turns.ours));
        if (!turns.theirs.isEmpty()) {
            List<Double> turnRatios = new ArrayList<>();
            for (int i = 0; i < turns.ours.size(); i++) {
                turnRatios.add(turns.ours.get(i) / turns.theirs.get(i));
            }
            double ratio = median(turnRatios);
            row.put("pytorch_ms", median(turns.theirs));
            row.put("ratio", ratio);
            ratios.add(ratio);
        }
        return row;
    }

    /** Both sides must time the same network: at least, the same number of trained values. */
    private static void requireSameNetwork(StepBenchmark.Case c, StepBenchmark.Timing ours, JsonNode theirs) {
        long peer = theirs.get("parameters").asLong();
        if (peer != ours.parameters()) {
            throw new IllegalStateException(c.name() + ": PyTorch built a network with " + peer
                    + " trained parameters, nas4j one with " + ours.parameters() + "; they are not the same network");
        }
    }

    private static double median(List<Double> values) {
        return Summary.of(values.stream().mapToDouble(Double::doubleValue).toArray()).median();
    }

    private void print(ObjectNode result) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(result);
            return;
        }
        boolean peer = result.has("pytorch");
        out.printf(Locale.ROOT, "batch %d, %d threads%s; nas4j with the %s; medians in ms per batch%n",
                result.get("batch").asInt(), result.get("threads").asInt(),
                peer ? ", PyTorch " + result.get("pytorch").asText() : "", result.get("allocator").asText());
        out.printf(Locale.ROOT, "%-22s %-10s %9s %11s %7s %17s%n", "network", "kind", "nas4j", "PyTorch", "ratio",
                "nas4j BN unfolded");
        for (JsonNode row : result.get("rows")) {
            out.printf(Locale.ROOT, "%-22s %-10s %9.2f %11s %7s %17s%n", row.get("name").asText(),
                    row.get("kind").asText(), row.get("nas4j_ms").asDouble(), twoDecimals(row, "pytorch_ms"),
                    twoDecimals(row, "ratio"), twoDecimals(row, "nas4j_unfolded_ms"));
        }
        out.println("nas4j's inference folds each BatchNorm into its convolution, as it measures latency and deploys; "
                + "PyTorch's runs the module in eval mode");
        if (peer) {
            out.printf(Locale.ROOT, "nas4j / PyTorch: training median %.2f (largest %.2f), inference median %.2f%n",
                    result.get("median_train_ratio").asDouble(), result.get("max_train_ratio").asDouble(),
                    result.get("median_inference_ratio").asDouble());
        }
        JsonNode data = result.get("data");
        out.printf(Locale.ROOT, "preparing a batch: %.3f ms, %.1f%% of a candidate's training step (median %.1f ms)%n",
                data.get("batch_ms").asDouble(), 100 * data.get("share").asDouble(),
                data.get("candidate_step_ms").asDouble());
    }

    private static String twoDecimals(JsonNode row, String field) {
        return row.has(field) ? String.format(Locale.ROOT, "%.2f", row.get(field).asDouble()) : "-";
    }
}
