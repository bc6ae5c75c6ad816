package org.nas4j.bench.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nas4j.cli.ConfigFile;
import org.nas4j.cli.Flags;
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.Json;
import org.nas4j.config.StudyConfig;
import org.nas4j.data.DataSource;
import org.nas4j.data.TrainTest;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.train.Constraints;
import org.nas4j.search.Study;
import org.nas4j.data.ImageDataset;
import org.nas4j.djl.engine.NativeMemory;
import org.nas4j.djl.train.TrainingEvaluator;
import org.nas4j.eval.TrialContext;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.stats.Summary;
import org.nas4j.strategy.RandomSearch;
import org.nas4j.study.SearchLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "memory",
        mixinStandardHelpOptions = true,
        description = {"Whether native memory grows from trial to trial: trains random architectures of a study "
                + "config's space one after another, as a search does (a small sample of the embedded data, the "
                + "config's training recipe, the C allocator's free memory returned after each trial), and prints "
                + "the process's resident memory after each trial and its median per block of 10 trials."},
        footer = {"", "Examples:",
                "  ./nas4j bench memory",
                "  ./nas4j bench memory --trials 100 --json",
                "  ./nas4j bench memory --same-architecture"})
public final class MemoryCommand implements Callable<Integer> {
    private static final double MB = 1024.0 * 1024.0;
    private static final int BLOCK = 10;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Study config whose space is sampled and whose "
            + "training recipe is used. Default: ${DEFAULT-VALUE}.")
    Path config = Path.of("examples", "fashion-mnist.yaml");

    @Option(names = "--trials", paramLabel = "N", description = "Trials to run. Default: ${DEFAULT-VALUE}.")
    int trials = 50;

    @Option(names = "--images", paramLabel = "N", description = "Training images per trial, from the embedded sample. "
            + "Default: ${DEFAULT-VALUE}.")
    int images = 400;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the architectures and the data sample. "
            + "Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = "--same-architecture", description = "Train the first sampled architecture in every trial: "
            + "memory that still grows then grows per trial, not per new layer shape.")
    boolean sameArchitecture;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Flags.requirePositive(spec, "--trials", trials);
        Flags.requirePositive(spec, "--images", images);
        if (NativeMemory.residentBytes() < 0) {
            throw new UserInputException("this system has no /proc/self/status to read the resident memory from; "
                    + "'bench memory' runs on Linux");
        }
        StudyConfig study = ConfigFile.read(config);
        TrainTest data = DataSource.embedded().load();
        int perClass = Math.max(1, images / data.train().classes());
        ImageDataset training = data.train().stratifiedSample(perClass, seed);
        ImageDataset validation = data.test().stratifiedSample(10, seed);
        // Every sampled architecture trains: the config's parameter and latency limits would only skip some.
        TrainingEvaluator evaluator = new TrainingEvaluator(study.space(), Study.network(study, data),
                TrainingData.of(training, validation), study.training(), study.latency(), Constraints.NONE,
                updates -> { });
        Rng rng = new Rng(seed);
        PrintWriter out = spec.commandLine().getOut();
        double[] resident = new double[trials];
        ObjectNode result = Json.object();
        ArrayNode rows = result.putArray("trials");
        if (!json) {
            out.printf(Locale.ROOT, "%d trials of %,d training images each; memory after each trial (MB)%n",
                    trials, training.size());
            out.println("  trial   resident   JVM heap committed");
        }
        Architecture first = RandomSearch.sample(study.space(), rng).canonical();
        for (int i = 0; i < trials; i++) {
            Architecture architecture = i == 0 || sameArchitecture ? first
                    : RandomSearch.sample(study.space(), rng).canonical();
            evaluator.evaluate(architecture, new TrialContext(i, SearchLoop.trialSeed(seed, i)));
            resident[i] = NativeMemory.residentBytes() / MB;
            double heap = Runtime.getRuntime().totalMemory() / MB;
            ObjectNode row = rows.addObject();
            row.put("trial", i);
            row.put("resident_mb", resident[i]);
            row.put("heap_committed_mb", heap);
            if (!json) {
                out.printf(Locale.ROOT, "  %5d   %8.0f   %8.0f%n", i, resident[i], heap);
                out.flush();
            }
        }
        ArrayNode blocks = result.putArray("blocks");
        if (!json) {
            out.println("median resident memory per block of " + BLOCK + " trials (MB)");
        }
        for (int start = 0; start < trials; start += BLOCK) {
            int end = Math.min(trials, start + BLOCK);
            double median = Summary.of(Arrays.copyOfRange(resident, start, end)).median();
            ObjectNode block = blocks.addObject();
            block.put("first_trial", start);
            block.put("last_trial", end - 1);
            block.put("resident_mb", median);
            if (!json) {
                out.printf(Locale.ROOT, "  trials %3d-%3d: %6.0f%n", start, end - 1, median);
            }
        }
        if (json) {
            out.println(result);
        }
        return 0;
    }
}
