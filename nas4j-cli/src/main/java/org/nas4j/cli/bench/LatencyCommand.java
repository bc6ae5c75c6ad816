package org.nas4j.cli.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nas4j.cli.ArchitectureArgument;
import org.nas4j.cli.ConfigFile;
import org.nas4j.cli.Flags;
import org.nas4j.cli.StudyFile;
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.Json;
import org.nas4j.cli.DataOptions;
import org.nas4j.config.StudyConfig;
import org.nas4j.search.Study;
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
import org.nas4j.scale.ScaledMembers;
import org.nas4j.scale.ScalingException;
import org.nas4j.scale.ScalingTable;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.stats.Summary;
import org.nas4j.strategy.RandomSearch;
import org.nas4j.study.StudyStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "latency",
        mixinStandardHelpOptions = true,
        description = {"How repeatable nas4j's latency measurement is on this machine: random architectures of a "
                + "study config's space, each built twice and measured twice: independently, one copy after the "
                + "other (the median of --runs timed passes after --warmup), and in turn, as a search's relative "
                + "latency limit compares a candidate with its reference (5 rounds, the order swapped each round, "
                + "the fastest round of each). Prints each pair and the spread of their ratios.",
                "With --models or --arch, compares saved models or architectures of the config's space instead "
                + "(latency does not depend on the weights, so an architecture needs no training): each measured "
                + "once per round, in turn, for --rounds rounds, so that a busy moment of the machine falls on all "
                + "of them alike."},
        footer = {"", "Examples:",
                "  ./nas4j bench latency",
                "  ./nas4j bench latency --architectures 20 --runs 50 --json",
                "  ./nas4j bench latency --models runs/fashion-mnist/model runs/baseline --rounds 20",
                "  ./nas4j bench latency --models runs/fashion-mnist/model --arch 'stage1.block=conv,...'"})
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

    @Option(names = "--arch", paramLabel = "ARCH", description = "An architecture of the config's space to compare "
            + "(with --models or other --arch), written as 'decision=value,...'. Repeatable.")
    List<String> archs = List.of();

    @Option(names = "--scaling", paramLabel = "DIR", description = "A scaling run's folder (or study file) from "
            + "'nas4j scale': its members rebuilt from what the run stored (with --config, the config it scaled) and "
            + "timed in turn, without their saved models.")
    Path scaling;

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds of --models, --arch and --scaling. "
            + "Default: ${DEFAULT-VALUE}.")
    int rounds = 10;

    @Mixin
    DataOptions data;

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
        if (!models.isEmpty() || !archs.isEmpty() || scaling != null) {
            Flags.requirePositive(spec, "--rounds", rounds);
            return compare(profiler);
        }
        StudyConfig study = ConfigFile.read(config);
        Rng rng = new Rng(seed);
        NetworkSettings network = network(study);
        ObjectNode result = Json.object();
        result.put("device", DeviceInfo.current().toString());
        ArrayNode pairs = result.putArray("pairs");
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.println("latency of each architecture measured twice, batch " + batch + ", median of " + runs
                    + " runs after " + warmup + " warm-up passes, on " + DeviceInfo.current());
            out.println("  independently: first ms, second ms, ratio   in turn (fastest of "
                    + LatencyProfiler.IN_TURN_ROUNDS + " rounds): first ms, second ms, ratio   architecture");
        }
        double[] independent = new double[architectures];
        double[] inTurn = new double[architectures];
        for (int i = 0; i < architectures; i++) {
            Architecture architecture = RandomSearch.sample(study.space(), rng).canonical();
            Latency first = measure(architecture, profiler, network);
            Latency second = measure(architecture, profiler, network);
            LatencyProfiler.InTurn turns = measureInTurn(architecture, profiler, network);
            independent[i] = second.medianMs() / first.medianMs();
            inTurn[i] = 1 / turns.ratio(); // the second copy over the first, as for the independent pair
            ObjectNode pair = pairs.addObject();
            pair.put("first_ms", first.medianMs());
            pair.put("second_ms", second.medianMs());
            pair.put("first_round", first.round());
            pair.put("second_round", second.round());
            pair.put("ratio", independent[i]);
            pair.put("in_turn_first_ms", turns.candidateMs());
            pair.put("in_turn_second_ms", turns.referenceMs());
            pair.put("in_turn_ratio", inTurn[i]);
            pair.put("arch", architecture.canonicalString());
            if (!json) {
                out.printf(Locale.ROOT, "  %8.3f  %8.3f  %5.3f        %8.3f  %8.3f  %5.3f        %s%n",
                        first.medianMs(), second.medianMs(), independent[i], turns.candidateMs(),
                        turns.referenceMs(), inTurn[i], shorten(architecture.canonicalString()));
            }
        }
        Agreement alone = Agreement.of(independent);
        Agreement turns = Agreement.of(inTurn);
        alone.put(result, "");
        turns.put(result, "in_turn_");
        if (json) {
            out.println(result);
        } else {
            out.println("second / first over " + architectures + " architectures:");
            out.println("  independently: " + alone);
            out.println("  in turn:       " + turns);
        }
        return 0;
    }

    private int compare(LatencyProfiler profiler) {
        StudyConfig study = archs.isEmpty() && scaling == null ? null : ConfigFile.read(config);
        NetworkSettings network = archs.isEmpty() ? null : network(study);
        List<ScaledMembers.Rebuilt> members = scaling == null ? List.of() : scaledMembers(study);
        List<Compared> networks = new ArrayList<>();
        double[][] medians = new double[models.size() + archs.size() + members.size()][rounds];
        try (NDManager manager = NDManager.newBaseManager()) {
            // Each network folded once, as deployed, then measured in turn.
            for (Path dir : models) {
                networks.add(Compared.of(dir, manager, batch));
            }
            SearchSpace space = archs.isEmpty() ? null : study.space();
            for (String arch : archs) {
                Architecture architecture = ArchitectureArgument.parse(space, arch);
                networks.add(new Compared("--arch " + shorten(architecture.canonicalString()), null, architecture,
                        deployed(architecture, network, manager), network.imageShape()));
            }
            for (ScaledMembers.Rebuilt member : members) {
                networks.add(new Compared(member.name() + " (" + member.way().text() + ", " + member.scaling() + ")",
                        null, null, BatchNormFolding.untrained(member.network(), manager),
                        member.network().settings().imageShape()));
            }
            for (int round = 0; round < rounds; round++) {
                for (int m = 0; m < networks.size(); m++) {
                    medians[m][round] = profiler.measure(networks.get(m).block(), manager, networks.get(m).sample(),
                            batch).medianMs();
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode result = Json.object();
        result.put("device", DeviceInfo.current().toString());
        ArrayNode rows = result.putArray("models");
        if (!json) {
            out.println("latency of saved models and architectures, batch " + batch + ", " + rounds + " rounds taken "
                    + "in turn, each the median of " + runs + " runs, on " + DeviceInfo.current());
            out.println("  median ms   x the first   fastest round   slowest round   network");
        }
        for (int m = 0; m < networks.size(); m++) {
            Compared compared = networks.get(m);
            Summary summary = Summary.of(medians[m]);
            ObjectNode row = rows.addObject();
            double ratio = summary.median() / Summary.of(medians[0]).median();
            row.put("model", compared.model() == null ? null : compared.model().toString());
            row.put("network", compared.name());
            if (compared.architecture() != null) {
                row.put("arch", compared.architecture().canonicalString());
            }
            row.put("median_ms", summary.median());
            row.put("ratio_to_first", ratio);
            row.put("min_ms", summary.min());
            row.put("max_ms", summary.max());
            if (!json) {
                out.printf(Locale.ROOT, "  %9.3f   %11.3f   %13.3f   %13.3f   %s%n", summary.median(), ratio,
                        summary.min(), summary.max(), compared.name());
            }
        }
        if (json) {
            out.println(result);
        }
        return 0;
    }

    private Latency measure(Architecture architecture, LatencyProfiler profiler, NetworkSettings network) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return profiler.measure(deployed(architecture, network, manager), manager, network.imageShape(), batch);
        }
    }

    private LatencyProfiler.InTurn measureInTurn(Architecture architecture, LatencyProfiler profiler,
                                                 NetworkSettings network) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return profiler.measureInTurn(deployed(architecture, network, manager),
                    deployed(architecture, network, manager), manager, network.imageShape(), batch,
                    LatencyProfiler.IN_TURN_ROUNDS);
        }
    }

    /** A copy of the network as deployed (BatchNorm folded), untrained. */
    private static Block deployed(Architecture architecture, NetworkSettings network, NDManager manager) {
        return BatchNormFolding.untrained(NetworkSpec.of(architecture, network), manager);
    }

    /** The members of the scaling run in --scaling, rebuilt in the config's space and layout. */
    private List<ScaledMembers.Rebuilt> scaledMembers(StudyConfig study) {
        Path file = StudyFile.locate(scaling);
        try (StudyStorage storage = StudyFile.openReadOnly(file)) {
            StudyStorage.StudyInfo run = storage.studies().stream().filter(s -> ScalingTable.isScalingStudy(
                    s.config())).findFirst().orElseThrow(() -> new UserInputException(file + " holds no scaling run: "
                    + "give the folder 'nas4j scale' wrote"));
            return ScaledMembers.rebuild(run.config(), study.space(), study.network());
        } catch (ScalingException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    /** The networks of the config's space, for the images and classes of its data or of --data. */
    private NetworkSettings network(StudyConfig study) {
        return Study.network(study, data.source(study.data()).load());
    }

    /** A network compared by --models or --arch: a saved model ({@code model} its folder) or an architecture. */
    private record Compared(String name, Path model, Architecture architecture, Block block, Shape sample) {
        /** The saved model in {@code dir}, loaded into {@code manager} and folded, as deployed. */
        static Compared of(Path dir, NDManager manager, int batch) {
            SavedModel.Loaded loaded;
            try {
                loaded = SavedModel.load(dir, manager);
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage(), e);
            }
            NetworkSettings network = loaded.input().network();
            Block folded = BatchNormFolding.of(NetworkOps.of(loaded.network()),
                    loaded.block(), NetworkBuilder.inputShape(network, batch), manager);
            return new Compared(dir.toString(), dir, loaded.architecture(), folded, network.imageShape());
        }
    }

    /** How closely pairs of measurements of one network agree: their ratios' distance from 1. */
    private record Agreement(double medianDeviation, double largestDeviation, double fractionWithin10Percent) {
        static Agreement of(double[] ratios) {
            double[] deviations = Arrays.stream(ratios).map(r -> Math.abs(r - 1)).toArray();
            Summary summary = Summary.of(deviations);
            return new Agreement(summary.median(), summary.max(), Summary.fraction(deviations, d -> d <= 0.10));
        }

        void put(ObjectNode json, String prefix) {
            json.put(prefix + "median_abs_deviation", medianDeviation);
            json.put(prefix + "max_abs_deviation", largestDeviation);
            json.put(prefix + "fraction_within_10_percent", fractionWithin10Percent);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "median |ratio - 1| = %.1f%%, largest %.1f%%; within 10%% in %.0f%%",
                    100 * medianDeviation, 100 * largestDeviation, 100 * fractionWithin10Percent);
        }
    }

    private static String shorten(String canonical) {
        return canonical.length() <= 60 ? canonical : canonical.substring(0, 57) + "...";
    }
}
