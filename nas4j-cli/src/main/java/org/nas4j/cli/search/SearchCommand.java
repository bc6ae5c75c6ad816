package org.nas4j.cli.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.nas4j.cli.ConfigFile;
import org.nas4j.cli.DataSource;
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.Json;
import org.nas4j.config.StudyConfig;
import org.nas4j.data.ImageDataset;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.profile.DeviceInfo;
import org.nas4j.djl.train.TrainingEvaluator;
import org.nas4j.eval.Metrics;
import org.nas4j.reward.Rewards;
import org.nas4j.store.SqliteStudyStorage;
import org.nas4j.store.StorageException;
import org.nas4j.strategy.Strategy;
import org.nas4j.study.StudyRunner;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.TrialResult;
import org.nas4j.study.TrialState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "search",
        mixinStandardHelpOptions = true,
        description = {"Search a space on real images: train every candidate, measure its latency on this machine, "
                + "reward the trade-off, and record every trial in a study file that survives a crash.",
            "Data: the embedded Fashion-MNIST sample (6,000 training images), or the full dataset with --data DIR "
                    + "(Debian: apt-get install dataset-fashion-mnist puts it in /usr/share/datasets/fashion-mnist). "
                    + "The validation split is carved from the training images with the study seed; the test images "
                    + "are not used while searching."},
        footer = {"", "Examples:",
                "  ./nas4j search examples/fashion-mnist.yaml --trials 5",
                "  ./nas4j search examples/fashion-mnist.yaml --data /usr/share/datasets/fashion-mnist",
                "  ./nas4j search examples/fashion-mnist.yaml --resume      after a crash or a stop"})
public final class SearchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", description = "The study config (YAML), e.g. examples/fashion-mnist.yaml.")
    Path configFile;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the study file (study.db) goes. Default: runs/<study name>.")
    Path out;

    @Option(names = "--resume", description = "Continue the study in --out where it stopped.")
    boolean resume;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Fashion-MNIST in IDX format (the four standard files), instead of the embedded sample.")
    Path data;

    @Option(names = "--trials", paramLabel = "N", description = "Override the config's number of trials.")
    Integer trials;

    @Option(names = "--minutes", paramLabel = "M", description = "Override the config's study.time_budget_minutes: "
            + "start no new trial once the study's trials have taken this long (earlier runs included).")
    Double minutes;

    @Option(names = "--json", description = "End with one JSON line summarizing the study.")
    boolean json;

    @Override
    public Integer call() {
        StudyConfig config = ConfigFile.read(configFile);
        int total = trials != null ? trials : config.study().trials();
        if (total < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--trials must be a positive integer, got " + total);
        }
        if (minutes != null && !(minutes > 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--minutes must be a positive number, got " + minutes);
        }
        Optional<Double> budgetMinutes = Optional.ofNullable(minutes).or(() -> config.study().timeBudgetMinutes());
        OptionalDouble budgetSeconds = budgetMinutes.map(m -> OptionalDouble.of(m * 60))
                .orElse(OptionalDouble.empty());
        Path dir = out != null ? out : Path.of("runs", config.study().name());
        Path file = dir.resolve("study.db");
        if (Files.exists(file) && !resume) {
            throw new UserInputException(file + " already holds a study: add --resume to continue it, or choose "
                    + "another --out");
        }
        ImageDataset.Split split = split(config);
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "candidates train on %,d images and are judged on %,d validation images%n",
                split.train().size(), split.validation().size());
        Progress progress = new Progress(err, total);
        TrainingEvaluator evaluator = new TrainingEvaluator(config.space(), NetworkSettings.FASHION_MNIST,
                split.train(), split.validation(), config.training(), config.latency(), config.constraints(),
                progress::batch);
        progress.updatesPerTrial(evaluator.updatesPerTrial());
        List<StoredTrial> stored;
        try (SqliteStudyStorage storage = SqliteStudyStorage.open(file);
             Strategy strategy = Strategies.of(config.strategy(), config.space(), config.study().seed())) {
            try {
                storage.openStudy(config.study().name(), config.hash(), configText(), provenance().toString());
            } catch (StorageException e) {
                throw new UserInputException(e.getMessage(), e);
            }
            StudyRunner runner = new StudyRunner(config.study().name(), storage, strategy, evaluator,
                    Rewards.of(config.reward()), config.study().seed());
            progress.start(runner.finishedTrials(), runner.bestReward());
            stored = runner.run(total, budgetSeconds, (result, s) -> progress.trial(result));
            int finished = runner.finishedTrials();
            if (finished < total) {
                err.printf(Locale.ROOT, "stopped after %d of %d trials: the time budget of %s minutes is spent%n",
                        finished, total, BigDecimal.valueOf(budgetMinutes.orElseThrow()).stripTrailingZeros()
                                .toPlainString());
            }
        }
        summarize(config, file, stored);
        return 0;
    }

    private String configText() {
        try {
            return Files.readString(configFile);
        } catch (java.io.IOException e) {
            throw new UserInputException("cannot read " + configFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * The study's validation split of the whole training set (the one the finalists are ranked on too), and a
     * stratified sample of at most {@code train_limit} of the rest to train candidates on: a cheaper fidelity
     * trains on fewer images but is not judged on fewer.
     */
    private ImageDataset.Split split(StudyConfig config) {
        Optional<Path> dir = Optional.ofNullable(data).or(() -> config.data().dir().map(Path::of));
        ImageDataset.Split split = DataSource.load(dir).train()
                .split(config.data().validationFraction(), config.study().seed());
        ImageDataset training = split.train();
        // A limit is a most: on a smaller set (the embedded sample, say) every image is used.
        if (config.data().trainLimit().isPresent() && config.data().trainLimit().get() < training.size()) {
            int perClass = (int) Math.max(1, config.data().trainLimit().get() / training.classes());
            training = training.stratifiedSample(perClass, config.study().seed());
        }
        return new ImageDataset.Split(training, split.validation());
    }

    private static ObjectNode provenance() {
        DeviceInfo device = DeviceInfo.current();
        ObjectNode node = Json.object();
        node.put("cpu", device.cpu());
        node.put("processors", device.processors());
        node.put("engine", device.engine() + " " + device.engineVersion());
        node.put("djl", device.djlVersion());
        node.put("java", device.javaVersion());
        node.put("os", device.os());
        return node;
    }

    private void summarize(StudyConfig config, Path file, List<StoredTrial> stored) {
        PrintWriter stdout = spec.commandLine().getOut();
        List<TrialResult> results = stored.stream().map(StoredTrial::result).toList();
        long completed = results.stream().filter(TrialResult::isComplete).count();
        long failed = results.stream().filter(r -> r.state() == TrialState.FAILED).count();
        long pruned = results.stream().filter(r -> r.state() == TrialState.PRUNED).count();
        Optional<TrialResult> best = results.stream().filter(TrialResult::isComplete)
                .max(Comparator.comparingDouble(TrialResult::reward));
        if (!json) {
            stdout.printf(Locale.ROOT, "study '%s' in %s: %d trials, %d complete, %d failed, %d rejected by a limit%n",
                    config.study().name(), file, results.size(), completed, failed, pruned);
            best.ifPresent(b -> {
                Metrics m = b.metrics().orElseThrow();
                stdout.printf(Locale.ROOT, "best (trial %d): validation accuracy %.4f, latency %.3f ms, "
                        + "%,d parameters, "
                        + "%.1f MFLOPs, reward %.4f%n  %s%n", b.number(), m.accuracy(), m.latencyMs(), m.parameters(),
                        m.flops() / 1e6, b.reward(), b.architecture().canonicalString());
            });
        }
        ObjectNode summary = Json.object();
        summary.put("study", config.study().name());
        summary.put("trials", results.size());
        summary.put("completed", completed);
        summary.put("failed", failed);
        summary.put("pruned", pruned);
        best.ifPresent(b -> {
            Metrics m = b.metrics().orElseThrow();
            ObjectNode node = summary.putObject("best");
            node.put("arch", b.architecture().canonicalString());
            node.put("val_acc", m.accuracy());
            node.put("latency_ms", m.latencyMs());
            node.put("params", m.parameters());
            node.put("flops", m.flops());
        });
        if (json) {
            stdout.println(summary);
        }
    }
}
