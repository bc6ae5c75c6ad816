package org.nas4j.cli.search;

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
import org.nas4j.config.StudyConfig;
import org.nas4j.search.SearchResult;
import org.nas4j.search.Study;
import org.nas4j.store.StorageException;
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

    @Option(names = "--storage", paramLabel = "URL", description = "Search a study that workers share "
            + "(postgresql://host/database?user=NAME, or a file), as one more worker: see 'nas4j worker'. Default: "
            + "the config's storage:, if it has one.")
    String storage;

    @Mixin
    DataOptions data;

    @Mixin
    BudgetOptions budgetOptions;

    @Option(names = "--json", description = "End with one JSON line summarizing the study.")
    boolean json;

    @Override
    public Integer call() {
        StudyConfig config = SharedStudy.config(configFile, data);
        int total = budgetOptions.total(config);
        Optional<String> shared = SharedStudy.location(storage, config);
        if (shared.isPresent()) {
            if (out != null || resume) {
                throw new UserInputException("--out and --resume are for a study file of one process; a study in a "
                        + "shared storage is joined as it stands (drop them, or the storage)");
            }
            SearchResult result = SharedStudy.work(config, configFile, data, shared.get(), total,
                    budgetOptions.minutes(config), WorkerCommand.defaultName(), spec.commandLine().getErr());
            SearchSummary.print(spec.commandLine().getOut(), json, SharedStudy.printable(shared.get()), result);
            return 0;
        }
        Optional<Double> budget = budgetOptions.minutes(config);
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
        SearchSummary.print(spec.commandLine().getOut(), json, file.toString(), result);
        return 0;
    }
}
