package org.nas4j.cli.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nas4j.cli.ConfigFile;
import org.nas4j.cli.DataOptions;
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.ConsoleProgress;
import org.nas4j.cli.output.Json;
import org.nas4j.config.StudyConfig;
import org.nas4j.eval.Metrics;
import org.nas4j.search.SearchResult;
import org.nas4j.search.Study;
import org.nas4j.store.StorageException;
import org.nas4j.study.TrialState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "search",
        mixinStandardHelpOptions = true,
        description = {"Search a space on real images: train every candidate, measure its latency on this machine, "
                + "reward the trade-off, and record every trial in a study file that survives a crash.",
            "Data: the embedded Fashion-MNIST sample (6,000 training images), or --data DIR: a folder of IDX files "
                    + "(train-images-idx3-ubyte and the others, as MNIST and Fashion-MNIST ship) or of images by "
                    + "class (DIR/train/<class>/*.png, DIR/test/<class>/...). The validation split is carved from "
                    + "the training images with the study seed; the test images are not used while searching."},
        footer = {"", "Examples:",
                "  ./nas4j search examples/fashion-mnist.yaml --trials 5",
                "  ./nas4j search examples/fashion-mnist.yaml --data /usr/share/datasets/fashion-mnist",
                "  ./nas4j search my-study.yaml --data my-images --image-size 32",
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

    @Mixin
    DataOptions data;

    @Option(names = "--trials", paramLabel = "N", description = "Override the config's number of trials.")
    Integer trials;

    @Option(names = "--minutes", paramLabel = "M", description = "Override the config's study.time_budget_minutes: "
            + "start no new trial once the study's trials have taken this long (earlier runs included).")
    Double minutes;

    @Option(names = "--json", description = "End with one JSON line summarizing the study.")
    boolean json;

    @Override
    public Integer call() {
        StudyConfig read = ConfigFile.read(configFile);
        // Images chosen by flag become part of the study's config, so that retrain and report find them and a
        // resume with other images is refused; the config is then stored as YAML rather than as the file's text.
        if (data.given()) {
            data.source(read.data()); // a missing folder is reported with its flag
        }
        StudyConfig config = data.given() ? read.withData(applyFlags(read)) : read;
        int total = trials != null ? trials : config.study().trials();
        if (total < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--trials must be a positive integer, got " + total);
        }
        if (minutes != null && !(minutes > 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--minutes must be a positive number, got " + minutes);
        }
        Optional<Double> budget = Optional.ofNullable(minutes).or(() -> config.study().timeBudgetMinutes());
        Path dir = out != null ? out : Path.of("runs", config.study().name());
        Path file = dir.resolve("study.db");
        if (Files.exists(file) && !resume) {
            throw new UserInputException(file + " already holds a study: add --resume to continue it, or choose "
                    + "another --out");
        }
        PrintWriter err = spec.commandLine().getErr();
        Study study;
        try {
            Study.Builder builder = Study.builder(config).storage(file).listener(new ConsoleProgress(err));
            study = (data.given() ? builder : builder.configText(ConfigFile.text(configFile))).build();
        } catch (StorageException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        SearchResult result;
        try (study) {
            result = study.search(total, budget);
        }
        if (result.timeBudgetSpent()) {
            err.printf(Locale.ROOT, "stopped after %d of %d trials: the time budget of %s minutes is spent%n",
                    result.trials().size(), total, BigDecimal.valueOf(budget.orElseThrow()).stripTrailingZeros()
                            .toPlainString());
        }
        summarize(file, result);
        return 0;
    }

    private org.nas4j.search.DataSettings applyFlags(StudyConfig read) {
        try {
            return data.applyTo(read.data());
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    private void summarize(Path file, SearchResult result) {
        PrintWriter stdout = spec.commandLine().getOut();
        long completed = result.count(TrialState.COMPLETE);
        long failed = result.count(TrialState.FAILED);
        long pruned = result.count(TrialState.PRUNED);
        if (!json) {
            stdout.printf(Locale.ROOT, "study '%s' in %s: %d trials, %d complete, %d failed, %d rejected by a limit%n",
                    result.study(), file, result.trials().size(), completed, failed, pruned);
            result.best().ifPresent(b -> {
                Metrics m = b.metrics().orElseThrow();
                stdout.printf(Locale.ROOT, "best (trial %d): %s %.4f, latency %.3f ms, %,d parameters, "
                        + "%.1f MFLOPs, reward %.4f%n  %s%n", b.number(), m.isOneShot()
                        ? "one-shot validation accuracy (shared weights; retrain it to know its own)"
                        : "validation accuracy", m.accuracy(), m.latencyMs(), m.parameters(), m.flops() / 1e6,
                        b.reward(), b.architecture().canonicalString());
            });
            return;
        }
        ObjectNode summary = Json.object();
        summary.put("study", result.study());
        summary.put("trials", result.trials().size());
        summary.put("completed", completed);
        summary.put("failed", failed);
        summary.put("pruned", pruned);
        result.best().ifPresent(b -> {
            Metrics m = b.metrics().orElseThrow();
            ObjectNode node = summary.putObject("best");
            node.put("arch", b.architecture().canonicalString());
            node.put("val_acc", m.accuracy());
            node.put("method", m.method().text());
            node.put("latency_ms", m.latencyMs());
            node.put("params", m.parameters());
            node.put("flops", m.flops());
        });
        stdout.println(summary);
    }
}
