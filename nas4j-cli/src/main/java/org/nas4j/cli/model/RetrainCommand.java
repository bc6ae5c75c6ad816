package org.nas4j.cli.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.nas4j.cli.ArchitectureArgument;
import org.nas4j.cli.DataSource;
import org.nas4j.cli.Flags;
import org.nas4j.cli.StudyFile;
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.Json;
import org.nas4j.cli.output.ProgressBar;
import org.nas4j.config.StudyConfig;
import org.nas4j.data.FashionMnist;
import org.nas4j.data.ImageDataset;
import org.nas4j.djl.train.Finalists;
import org.nas4j.djl.train.Retrainer;
import org.nas4j.space.Architecture;
import org.nas4j.store.SqliteStudyStorage;
import org.nas4j.study.FinalistChoice;
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
                "  ./nas4j retrain runs/fashion-mnist --finalists 5 --finalist-epochs 3",
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

    @Option(names = "--finalists", paramLabel = "N", description = "Train the N best trials by reward for "
            + "--finalist-epochs on the training set less the validation split (with the study's latency reference "
            + "beside them), and retrain the most accurate on validation. Default: the config's retrain.finalists "
            + "(1: retrain the best by reward).")
    Integer finalists;

    @Option(names = "--finalist-epochs", paramLabel = "E", description = "Override the config's "
            + "retrain.finalist_epochs.")
    Integer finalistEpochs;

    @Option(names = "--json", description = "Print one JSON line.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Path file = StudyFile.locate(study);
        SqliteStudyStorage.StudyInfo info = StudyFile.choose(file, StudyFile.studies(file), studyName);
        Flags.requirePositiveIfGiven(spec, "--epochs", epochs);
        Flags.requirePositiveIfGiven(spec, "--finalists", finalists);
        Flags.requirePositiveIfGiven(spec, "--finalist-epochs", finalistEpochs);
        if (trial != null && arch != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--trial and --arch both choose what to retrain; give one of them");
        }
        if (finalists != null && (trial != null || arch != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--finalists chooses among the best trials; it does not go with --trial or --arch");
        }
        StudyConfig config;
        List<TrialResult> completed = List.of();
        try (SqliteStudyStorage storage = SqliteStudyStorage.open(file)) {
            config = StudyConfig.parse(info.config());
            if (arch == null) {
                completed = storage.trials(info.name(), config.space()).stream()
                        .map(StoredTrial::result).filter(TrialResult::isComplete).toList();
            }
        }
        Optional<Path> dir = Optional.ofNullable(data).or(() -> config.data().dir().map(Path::of));
        FashionMnist.TrainTest images = DataSource.load(dir);
        PrintWriter err = spec.commandLine().getErr();

        Architecture chosen;
        Integer trialNumber = null;
        List<Finalists.Finalist> finalistResults = List.of();
        List<TrialResult> finalistTrials = List.of();
        int finalistCount = finalists != null ? finalists : config.retrain().finalists();
        Optional<Architecture> reference = config.constraints().relativeLatency()
                .map(StudyConfig.RelativeLatency::reference);
        if (arch != null) {
            chosen = ArchitectureArgument.parse(config.space(), arch);
        } else if (trial != null || finalistCount == 1) {
            TrialResult picked = pick(completed);
            chosen = picked.architecture();
            trialNumber = picked.number();
        } else {
            if (completed.isEmpty()) {
                throw new UserInputException("the study has no completed trial to retrain");
            }
            List<TrialResult> byReward = FinalistChoice.bestByReward(completed, finalistCount);
            finalistTrials = FinalistChoice.withReference(byReward, completed, reference);
            finalistResults = runFinalists(finalistTrials, byReward.size(), config, images, dir, err, reference);
            Finalists.Finalist best = Finalists.best(finalistResults).orElseThrow(() -> new UserInputException(
                    "every finalist diverged in training; lower training.learning_rate or retrain one with --trial"));
            int index = finalistResults.indexOf(best);
            chosen = best.architecture();
            trialNumber = finalistTrials.get(index).number();
        }

        int retrainEpochs = epochs != null ? epochs : config.retrain().epochs();
        Path saveTo = modelDir != null ? modelDir : file.toAbsolutePath().getParent().resolve("model");
        int updatesPerEpoch = updatesPerEpoch(images.train().size(), config);
        String label = trialNumber == null ? "the given architecture" : "trial " + trialNumber;
        err.printf("retraining %s for %d epochs on %,d images of %s...%n", label, retrainEpochs,
                images.train().size(), DataSource.describe(dir));
        Retrainer.Result result = Retrainer.retrain(chosen, config.training(), config.latency(), reference,
                retrainEpochs, images.train(), images.test(), config.study().seed(), saveTo,
                progress(err, "retrain", updatesPerEpoch, retrainEpochs));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = Json.object();
            if (trialNumber != null) {
                node.put("trial", trialNumber);
            }
            node.put("arch", chosen.canonicalString());
            node.put("test_acc", result.testAccuracy());
            node.put("latency_ms", result.latency().medianMs());
            result.besideReference().ifPresent(timed -> Retrainer.putBesideReference(timed, node));
            node.put("params", result.parameters());
            node.put("flops", result.flops());
            node.put("epochs", retrainEpochs);
            node.put("seconds", result.seconds());
            node.put("model", saveTo.toString());
            if (!finalistResults.isEmpty()) {
                ArrayNode list = node.putArray("finalists");
                for (int i = 0; i < finalistResults.size(); i++) {
                    Finalists.Finalist f = finalistResults.get(i);
                    ObjectNode item = list.addObject();
                    item.put("trial", finalistTrials.get(i).number());
                    item.put("search_val_acc", finalistTrials.get(i).metrics().orElseThrow().accuracy());
                    item.put("reference", FinalistChoice.isReference(finalistTrials.get(i), reference));
                    if (f.trained()) {
                        item.put("val_acc", f.validationAccuracy());
                    } else {
                        item.put("error", f.failure().orElseThrow());
                    }
                    item.put("seconds", f.seconds());
                }
            }
            out.println(node);
        } else {
            out.printf(Locale.ROOT, "%s retrained: test accuracy %.4f on %,d test images, latency %.3f ms (batch %d), "
                    + "%,d parameters, %.1f MFLOPs (%.0f s)%n  %s%n", label, result.testAccuracy(),
                    images.test().size(), result.latency().medianMs(), result.latency().batchSize(),
                    result.parameters(), result.flops() / 1e6, result.seconds(), chosen.canonicalString());
            result.besideReference().ifPresent(timed -> out.printf(Locale.ROOT, "latency beside the study's "
                    + "reference, timed in turn (%d rounds, fastest of each): %.3f vs %.3f ms, %.3f x%n",
                    Retrainer.REFERENCE_ROUNDS, timed.candidateMs(), timed.referenceMs(), timed.ratio()));
            out.printf("saved to %s%n", saveTo);
        }
        return 0;
    }

    /** Trains the finalists on the training images less the study's validation split, telling each result. */
    private List<Finalists.Finalist> runFinalists(List<TrialResult> trials, int bestByReward, StudyConfig config,
                                                  FashionMnist.TrainTest images, Optional<Path> dir,
                                                  PrintWriter err, Optional<Architecture> reference) {
        ImageDataset.Split split = images.train().split(config.data().validationFraction(), config.study().seed());
        int stageEpochs = finalistEpochs != null ? finalistEpochs : config.retrain().finalistEpochs();
        List<TrialResult> best = trials.subList(0, bestByReward);
        String besideReference = bestByReward < trials.size()
                ? " and the latency reference (trial " + trials.get(bestByReward).number() + ")" : "";
        err.printf("finalists: the %d best trials by reward (%s)%s train %d epochs on %,d images of %s; the most "
                        + "accurate on %,d validation images is retrained%n", best.size(),
                best.stream().map(t -> String.valueOf(t.number())).collect(Collectors.joining(", ")),
                besideReference, stageEpochs, split.train().size(), DataSource.describe(dir),
                split.validation().size());
        int[] next = {0};
        return Finalists.train(trials.stream().map(TrialResult::architecture).toList(), config.training(),
                stageEpochs, split, config.study().seed(),
                progress(err, "finalist", updatesPerEpoch(split.train().size(), config), stageEpochs),
                finalist -> {
                    TrialResult t = trials.get(next[0]++);
                    err.printf(Locale.ROOT, "  trial %d%s: %s (search: %.4f) in %.0f s%n", t.number(),
                            FinalistChoice.isReference(t, reference) ? " (reference)" : "",
                            finalist.trained()
                                    ? String.format(Locale.ROOT, "validation accuracy %.4f",
                                            finalist.validationAccuracy())
                                    : "FAILED, " + finalist.failure().orElseThrow(),
                            t.metrics().orElseThrow().accuracy(), finalist.seconds());
                    err.flush();
                });
    }

    /** Prints each finished epoch and, on a terminal, a bar with the time left. */
    private static IntConsumer progress(PrintWriter err, String what, int updatesPerEpoch, int epochs) {
        boolean bar = ProgressBar.onTerminal();
        int totalUpdates = updatesPerEpoch * epochs;
        long[] start = {System.nanoTime()};
        return updates -> {
            if (updates == 1) {
                start[0] = System.nanoTime();
            }
            double elapsed = (System.nanoTime() - start[0]) / 1e9;
            double fraction = (double) updates / totalUpdates;
            if (updates % updatesPerEpoch == 0) {
                err.printf(Locale.ROOT, bar ? "\r%-100s%n" : "%s%n", String.format(Locale.ROOT,
                        "  %s epoch %d/%d done (%.0f s)", what, updates / updatesPerEpoch, epochs, elapsed));
                err.flush();
            } else if (bar && updates % Math.max(1, totalUpdates / 200) == 0) {
                err.print(ProgressBar.line(what + " epoch " + (updates / updatesPerEpoch + 1) + "/" + epochs,
                        fraction, ProgressBar.eta(elapsed, fraction)));
                err.flush();
            }
        };
    }

    private static int updatesPerEpoch(int images, StudyConfig config) {
        return (images + config.training().batchSize() - 1) / config.training().batchSize();
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
