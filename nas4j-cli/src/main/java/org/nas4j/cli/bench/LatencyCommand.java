package org.nas4j.cli.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
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
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.Json;
import org.nas4j.config.StudyConfig;
import org.nas4j.djl.model.BatchNormFolding;
import org.nas4j.djl.model.NetworkBuilder;
import org.nas4j.djl.model.NetworkOps;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.model.SavedModel;
import org.nas4j.djl.profile.DeviceInfo;
import org.nas4j.djl.profile.Latency;
import org.nas4j.djl.profile.LatencyProfiler;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.stats.Summary;
import org.nas4j.strategy.RandomSearch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "latency",
        mixinStandardHelpOptions = true,
        description = {"How repeatable nas4j's latency measurement is on this machine: random architectures of a "
                + "study config's space, each built, initialized and measured twice, independently (the median of "
                + "--runs timed passes after --warmup). Prints each pair and the spread of their ratios.",
                "With --models, compares saved models instead: each measured once per round, in turn, for "
                + "--rounds rounds, so that a busy moment of the machine falls on all of them alike."},
        footer = {"", "Examples:",
                "  ./nas4j bench latency",
                "  ./nas4j bench latency --architectures 20 --runs 50 --json",
                "  ./nas4j bench latency --models runs/fashion-mnist/model runs/baseline --rounds 20"})
public final class LatencyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Study config whose space is sampled. "
            + "Default: ${DEFAULT-VALUE}.")
    Path config = Path.of("examples", "fashion-mnist.yaml");

    @Option(names = "--architectures", paramLabel = "N", description = "Architectures to measure. "
            + "Default: ${DEFAULT-VALUE}.")
    int architectures = 10;

    @Option(names = "--runs", paramLabel = "R", description = "Timed passes per measurement (at least 30). "
            + "Default: ${DEFAULT-VALUE}.")
    int runs = 30;

    @Option(names = "--warmup", paramLabel = "W", description = "Untimed passes first. Default: ${DEFAULT-VALUE}.")
    int warmup = 10;

    @Option(names = "--batch", paramLabel = "B", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch = 1;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the sampled architectures. "
            + "Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = "--models", paramLabel = "DIR", arity = "1..*", description = "Saved models (from 'nas4j "
            + "retrain') to compare.")
    List<Path> models = List.of();

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds of --models. Default: ${DEFAULT-VALUE}.")
    int rounds = 10;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        Flags.requirePositive(spec, "--architectures", architectures);
        Flags.requirePositive(spec, "--batch", batch);
        if (runs < LatencyProfiler.MIN_RUNS) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--runs must be at least " + LatencyProfiler.MIN_RUNS + ", got " + runs);
        }
        LatencyProfiler profiler = new LatencyProfiler(warmup, runs);
        if (!models.isEmpty()) {
            Flags.requirePositive(spec, "--rounds", rounds);
            return compareModels(profiler);
        }
        StudyConfig study = ConfigFile.read(config);
        Rng rng = new Rng(seed);
        NetworkSettings network = NetworkSettings.FASHION_MNIST;
        Shape sample = network.imageShape();
        double[] ratios = new double[architectures];
        ObjectNode result = Json.object();
        result.put("device", DeviceInfo.current().toString());
        ArrayNode pairs = result.putArray("pairs");
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.println("latency measured twice, batch " + batch + ", median of " + runs + " runs after " + warmup
                    + " warm-up passes, on " + DeviceInfo.current());
            out.println("  first ms   second ms   ratio   spread (p90-p10)/median   rounds   architecture");
        }
        for (int i = 0; i < architectures; i++) {
            Architecture architecture = RandomSearch.sample(study.space(), rng).canonical();
            Latency first = measure(architecture, profiler, sample);
            Latency second = measure(architecture, profiler, sample);
            ratios[i] = second.medianMs() / first.medianMs();
            ObjectNode pair = pairs.addObject();
            pair.put("first_ms", first.medianMs());
            pair.put("second_ms", second.medianMs());
            pair.put("first_round", first.round());
            pair.put("second_round", second.round());
            pair.put("ratio", ratios[i]);
            pair.put("arch", architecture.canonicalString());
            if (!json) {
                out.printf(Locale.ROOT, "%10.3f  %10.3f   %5.3f   %6.2f / %6.2f            %d / %d    %s%n",
                        first.medianMs(), second.medianMs(), ratios[i], first.relativeSpread(),
                        second.relativeSpread(), first.round(), second.round(), shorten(architecture.canonicalString()));
            }
        }
        double[] deviations = java.util.Arrays.stream(ratios).map(r -> Math.abs(r - 1)).toArray();
        Summary deviation = Summary.of(deviations);
        double within10 = Summary.fraction(deviations, d -> d <= 0.10);
        result.put("median_abs_deviation", deviation.median());
        result.put("max_abs_deviation", deviation.max());
        result.put("fraction_within_10_percent", within10);
        if (json) {
            out.println(result);
        } else {
            out.printf(Locale.ROOT, "second / first: median |ratio - 1| = %.1f%%, largest %.1f%%; within 10%% in %.0f%% "
                    + "of %d architectures%n", 100 * deviation.median(), 100 * deviation.max(), 100 * within10,
                    architectures);
        }
        return 0;
    }

    private int compareModels(LatencyProfiler profiler) {
        NetworkSettings network = NetworkSettings.FASHION_MNIST;
        Shape sample = network.imageShape();
        double[][] medians = new double[models.size()][rounds];
        List<SavedModel.Loaded> loaded = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Path dir : models) {
                try {
                    loaded.add(SavedModel.load(dir, manager));
                } catch (IllegalArgumentException e) {
                    throw new UserInputException(e.getMessage(), e);
                }
            }
            // Each model folded once, as deployed, then measured in turn.
            List<Block> folded = new ArrayList<>();
            for (SavedModel.Loaded model : loaded) {
                folded.add(BatchNormFolding.of(NetworkOps.of(NetworkSpec.of(model.architecture())), model.block(),
                        NetworkBuilder.inputShape(network, batch), manager));
            }
            for (int round = 0; round < rounds; round++) {
                for (int m = 0; m < loaded.size(); m++) {
                    medians[m][round] = profiler.measure(folded.get(m), manager, sample, batch).medianMs();
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode result = Json.object();
        result.put("device", DeviceInfo.current().toString());
        ArrayNode rows = result.putArray("models");
        if (!json) {
            out.println("latency of saved models, batch " + batch + ", " + rounds + " rounds taken in turn, each the "
                    + "median of " + runs + " runs, on " + DeviceInfo.current());
            out.println("  median ms   fastest round   slowest round   model");
        }
        for (int m = 0; m < loaded.size(); m++) {
            Summary summary = Summary.of(medians[m]);
            ObjectNode row = rows.addObject();
            row.put("model", models.get(m).toString());
            row.put("arch", loaded.get(m).architecture().canonicalString());
            row.put("median_ms", summary.median());
            row.put("min_ms", summary.min());
            row.put("max_ms", summary.max());
            if (!json) {
                out.printf(Locale.ROOT, "  %9.3f   %13.3f   %13.3f   %s%n", summary.median(), summary.min(),
                        summary.max(), models.get(m));
            }
        }
        if (json) {
            out.println(result);
        }
        return 0;
    }

    private Latency measure(Architecture architecture, LatencyProfiler profiler, Shape sample) {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Untrained, the deployed form is built folded directly: latency does not depend on the values.
            SequentialBlock folded = NetworkBuilder.sequence(BatchNormFolding.fold(
                    NetworkOps.of(NetworkSpec.of(architecture))));
            folded.initialize(manager, DataType.FLOAT32, NetworkBuilder.inputShape(NetworkSettings.FASHION_MNIST, 1));
            return profiler.measure(folded, manager, sample, batch);
        }
    }

    private static String shorten(String canonical) {
        return canonical.length() <= 60 ? canonical : canonical.substring(0, 57) + "...";
    }
}
