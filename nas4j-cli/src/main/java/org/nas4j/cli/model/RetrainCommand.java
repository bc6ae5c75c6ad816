package org.nas4j.cli.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nas4j.cli.ArchitectureArgument;
import org.nas4j.cli.DataOptions;
import org.nas4j.cli.Flags;
import org.nas4j.cli.StudyFile;
import org.nas4j.cli.output.Json;
import org.nas4j.cli.output.ConsoleProgress;
import org.nas4j.djl.train.Retrainer;
import org.nas4j.search.FinalistResult;
import org.nas4j.search.RetrainResult;
import org.nas4j.search.RetrainTarget;
import org.nas4j.search.Study;
import org.nas4j.store.SqliteStudyStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "retrain",
        mixinStandardHelpOptions = true,
        description = {"Retrain a study's best architecture (or another trial's) from scratch on the whole training "
                + "set for more epochs, report its accuracy on the test set, which the search never saw, and save "
                + "the model (architecture, weights, input shape, classes and normalization) for 'nas4j predict' "
                + "and the Java API. The study file is only read."},
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

    @Mixin
    DataOptions data;

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
    public Integer call() {
        Path file = StudyFile.locate(study);
        Flags.requirePositiveIfGiven(spec, "--epochs", epochs);
        Flags.requirePositiveIfGiven(spec, "--finalists", finalists);
        Flags.requirePositiveIfGiven(spec, "--finalist-epochs", finalistEpochs);
        if (trial != null && arch != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--trial and --arch both choose what to retrain; give one of them");
        }
        if ((finalists != null || finalistEpochs != null) && (trial != null || arch != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--finalists chooses among the best trials; it does not go with --trial or --arch");
        }
        PrintWriter err = spec.commandLine().getErr();
        Path saveTo = modelDir != null ? modelDir : file.toAbsolutePath().getParent().resolve("model");
        RetrainResult result;
        try (SqliteStudyStorage storage = StudyFile.openReadOnly(file)) {
            // The study chosen as every command chooses it, with messages that name --study.
            String name = StudyFile.choose(file, storage.studies(), studyName).name();
            Study.Builder builder = Study.existing(storage, Optional.of(name));
            Study chosen = builder.data(data.source(builder.config().data())).listener(new ConsoleProgress(err)).build();
            RetrainTarget target = arch != null
                    ? new RetrainTarget.Given(ArchitectureArgument.parse(chosen.config().space(), arch))
                    : trial != null ? new RetrainTarget.Trial(trial)
                    : new RetrainTarget.Best(Optional.ofNullable(finalists), Optional.ofNullable(finalistEpochs));
            result = chosen.retrain(target, epochs != null ? epochs : chosen.config().retrain().epochs(), saveTo);
        }
        print(result, saveTo);
        return 0;
    }

    private void print(RetrainResult retrained, Path saveTo) {
        Retrainer.Result result = retrained.result();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = Json.object();
            retrained.trial().ifPresent(n -> node.put("trial", n));
            node.put("arch", retrained.architecture().canonicalString());
            node.put("test_acc", result.testAccuracy());
            node.put("latency_ms", result.latency().medianMs());
            result.besideReference().ifPresent(timed -> Retrainer.putBesideReference(timed, node));
            node.put("params", result.parameters());
            node.put("flops", result.flops());
            node.put("epochs", retrained.epochs());
            node.put("seconds", result.seconds());
            node.put("model", saveTo.toString());
            if (!retrained.finalists().isEmpty()) {
                ArrayNode list = node.putArray("finalists");
                for (FinalistResult f : retrained.finalists()) {
                    ObjectNode item = list.addObject();
                    item.put("trial", f.trial().number());
                    item.put("search_val_acc", f.trial().metrics().orElseThrow().accuracy());
                    item.put("reference", f.reference());
                    if (f.result().trained()) {
                        item.put("val_acc", f.result().validationAccuracy());
                    } else {
                        item.put("error", f.result().failure().orElseThrow());
                    }
                    item.put("seconds", f.result().seconds());
                }
            }
            out.println(node);
            return;
        }
        out.printf(Locale.ROOT, "%s retrained: test accuracy %.4f on %,d test images, latency %.3f ms (batch %d), "
                + "%,d parameters, %.1f MFLOPs (%.0f s)%n  %s%n", ConsoleProgress.label(retrained.trial()), result.testAccuracy(),
                retrained.testImages(), result.latency().medianMs(), result.latency().batchSize(),
                result.parameters(), result.flops() / 1e6, result.seconds(),
                retrained.architecture().canonicalString());
        result.besideReference().ifPresent(timed -> out.printf(Locale.ROOT, "latency beside the study's "
                + "reference, timed in turn (%d rounds, fastest of each): %.3f vs %.3f ms, %.3f x%n",
                Retrainer.REFERENCE_ROUNDS, timed.candidateMs(), timed.referenceMs(), timed.ratio()));
        out.printf("saved to %s%n", saveTo);
    }
}
