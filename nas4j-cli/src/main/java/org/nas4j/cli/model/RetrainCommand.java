package org.nas4j.cli.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nas4j.cli.DataSource;
import org.nas4j.cli.StudyFile;
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.Json;
import org.nas4j.cli.output.ProgressBar;
import org.nas4j.config.StudyConfig;
import org.nas4j.data.FashionMnist;
import org.nas4j.djl.train.Retrainer;
import org.nas4j.space.Architecture;
import org.nas4j.store.SqliteStudyStorage;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.TrialResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "retrain",
        mixinStandardHelpOptions = true,
        description = {"Retrain a study's best architecture (or another trial's) from scratch on the whole training "
                + "set for more epochs, report its accuracy on the test set, which the search never saw, and save "
                + "the model (architecture and weights) for 'nas4j predict' and the Java API."},
        footer = {"", "Examples:",
                "  ./nas4j retrain runs/fashion-mnist",
                "  ./nas4j retrain runs/fashion-mnist --trial 7 --epochs 20 --data /usr/share/datasets/fashion-mnist",
                "  ./nas4j retrain runs/fashion-mnist --model runs/baseline --arch 'stage1.block=conv,stage1.kernel=3,...'"})
public final class RetrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "STUDY", description = "A study folder (holding study.db) or the study.db file.")
    Path study;

    @Option(names = "--study", paramLabel = "NAME", description = "The study, when the file holds several.")
    String studyName;

    @Option(names = "--trial", paramLabel = "N", description = "Retrain this trial instead of the best by reward.")
    Integer trial;

    @Option(names = "--arch", paramLabel = "ARCH", description = "Retrain this architecture of the study's space "
            + "instead, written as 'decision=value,...' (as 'nas4j report' and --json print it); for a baseline "
            + "trained with the same recipe.")
    String arch;

    @Option(names = "--epochs", paramLabel = "E", description = "Override the config's retrain.epochs.")
    Integer epochs;

    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST in IDX format instead of the config's "
            + "data or the embedded sample.")
    Path data;

    @Option(names = "--model", paramLabel = "DIR", description = "Where to save the model. Default: the study "
            + "folder's model/.")
    Path modelDir;

    @Option(names = "--json", description = "Print one JSON line.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Path file = StudyFile.locate(study);
        SqliteStudyStorage.StudyInfo info = StudyFile.choose(file, StudyFile.studies(file), studyName);
        if (epochs != null && epochs < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--epochs must be a positive integer, got " + epochs);
        }
        if (trial != null && arch != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--trial and --arch both choose what to retrain; give one of them");
        }
        StudyConfig config;
        Architecture chosen;
        Integer trialNumber = null;
        try (SqliteStudyStorage storage = SqliteStudyStorage.open(file)) {
            config = StudyConfig.parse(info.config());
            if (arch != null) {
                chosen = parseArchitecture(config);
            } else {
                List<TrialResult> trials = storage.trials(info.name(), config.space()).stream()
                        .map(StoredTrial::result).filter(TrialResult::isComplete).toList();
                TrialResult picked = pick(trials);
                chosen = picked.architecture();
                trialNumber = picked.number();
            }
        }
        Optional<Path> dir = Optional.ofNullable(data).or(() -> config.data().dir().map(Path::of));
        FashionMnist.TrainTest images = DataSource.load(dir);
        int retrainEpochs = epochs != null ? epochs : config.retrain().epochs();
        Path saveTo = modelDir != null ? modelDir : file.toAbsolutePath().getParent().resolve("model");
        PrintWriter err = spec.commandLine().getErr();
        int updatesPerEpoch = (images.train().size() + config.training().batchSize() - 1)
                / config.training().batchSize();
        String label = trialNumber == null ? "the given architecture" : "trial " + trialNumber;
        err.printf("retraining %s for %d epochs on %,d images of %s...%n", label, retrainEpochs,
                images.train().size(), DataSource.describe(dir));
        boolean bar = ProgressBar.onTerminal();
        long start = System.nanoTime();
        int totalUpdates = updatesPerEpoch * retrainEpochs;
        Retrainer.Result result = Retrainer.retrain(chosen, config.training(), config.latency(), retrainEpochs,
                images.train(), images.test(), config.study().seed(), saveTo, updates -> {
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    double fraction = (double) updates / totalUpdates;
                    if (updates % updatesPerEpoch == 0) {
                        err.printf(Locale.ROOT, bar ? "\r%-100s%n" : "%s%n", String.format(Locale.ROOT,
                                "  epoch %d/%d done (%.0f s)", updates / updatesPerEpoch, retrainEpochs, elapsed));
                        err.flush();
                    } else if (bar && updates % Math.max(1, totalUpdates / 200) == 0) {
                        err.print(ProgressBar.line("epoch " + (updates / updatesPerEpoch + 1) + "/" + retrainEpochs,
                                fraction, ProgressBar.eta(elapsed, fraction)));
                        err.flush();
                    }
                });
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = Json.object();
            if (trialNumber != null) {
                node.put("trial", trialNumber);
            }
            node.put("arch", chosen.canonicalString());
            node.put("test_acc", result.testAccuracy());
            node.put("latency_ms", result.latency().medianMs());
            node.put("params", result.parameters());
            node.put("flops", result.flops());
            node.put("epochs", retrainEpochs);
            node.put("seconds", result.seconds());
            node.put("model", saveTo.toString());
            out.println(node);
        } else {
            out.printf(Locale.ROOT, "%s retrained: test accuracy %.4f on %,d test images, latency %.3f ms (batch %d), "
                    + "%,d parameters, %.1f MFLOPs (%.0f s)%n  %s%nsaved to %s%n", label, result.testAccuracy(),
                    images.test().size(), result.latency().medianMs(), result.latency().batchSize(),
                    result.parameters(), result.flops() / 1e6, result.seconds(), chosen.canonicalString(), saveTo);
        }
        return 0;
    }

    private Architecture parseArchitecture(StudyConfig config) {
        try {
            return config.space().parse(arch).canonical();
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--arch: " + e.getMessage() + "; write every decision of the study's space "
                    + "as name=value in the space's order, separated by commas", e);
        }
    }

    private TrialResult pick(List<TrialResult> completed) {
        if (trial != null) {
            return completed.stream().filter(t -> t.number() == trial).findFirst()
                    .orElseThrow(() -> new UserInputException("trial " + trial + " is not a completed trial of the "
                            + "study; completed trials: " + completed.stream().map(TrialResult::number).toList()));
        }
        return completed.stream().max(Comparator.comparingDouble(TrialResult::reward))
                .orElseThrow(() -> new UserInputException("the study has no completed trial to retrain"));
    }
}
