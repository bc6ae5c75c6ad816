package org.nas4j.cli.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nas4j.cli.DataOptions;
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.Json;
import org.nas4j.data.DataSource;
import org.nas4j.data.ImageFolder;
import org.nas4j.djl.train.Evaluation;
import org.nas4j.djl.model.Scaling;
import org.nas4j.search.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "predict",
        mixinStandardHelpOptions = true,
        description = {"Load a saved model and report its accuracy on a test set, overall and per class (the test "
                + "images of the data it was trained on, or of --data), or classify image files with --images.",
            "The model is rebuilt with the input shape, classes and normalization it was trained with; images to "
                    + "classify are converted to its channels and resized to its size."},
        footer = {"", "Examples:",
                "  ./nas4j predict runs/fashion-mnist/model",
                "  ./nas4j predict runs/fashion-mnist/model --data /usr/share/datasets/fashion-mnist",
                "  ./nas4j predict runs/mine/model --images photos/"})
public final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "A model folder saved by 'nas4j retrain'.")
    Path model;

    @Mixin
    DataOptions data;

    @Option(names = "--images", paramLabel = "PATH", split = ",", description = "Classify these image files, or "
            + "every image of these folders, instead of measuring a test set.")
    List<Path> images;

    @Option(names = "--json", description = "Print one JSON line.")
    boolean json;

    @Override
    public Integer call() {
        if (!Files.isDirectory(model)) {
            throw new UserInputException(model + " is not a model folder: give the folder 'nas4j retrain' saved "
                    + "(its --model, by default the study folder's model/)");
        }
        try (TrainedModel trained = load()) {
            if (images != null) {
                classify(trained);
            } else {
                evaluate(trained);
            }
        }
        return 0;
    }

    private TrainedModel load() {
        try {
            return TrainedModel.load(model);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    private void evaluate(TrainedModel trained) {
        // The images the model was trained on unless --data says otherwise, resized to what it takes.
        DataSource source = data.source(data.given() ? trained.sizedForInput() : trained.trainingData());
        Evaluation evaluation = trained.evaluate(source.load().test());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = Json.object();
            node.put("model", model.toString());
            node.put("arch", trained.architecture().canonicalString());
            if (!trained.scaling().equals(Scaling.NONE)) {
                node.putObject("scaling").put("depth", trained.scaling().depth())
                        .put("width", trained.scaling().width()).put("resolution", trained.scaling().resolution());
            }
            node.put("test_acc", evaluation.accuracy());
            node.put("images", evaluation.images());
            ArrayNode classes = node.putArray("per_class");
            for (Evaluation.ClassAccuracy c : evaluation.perClass()) {
                classes.addObject().put("class", c.name()).put("images", c.images()).put("correct", c.correct());
            }
            out.println(node);
            return;
        }
        out.printf(Locale.ROOT, "%s: accuracy %.4f on %,d test images of %s%n  %s%s%n", model,
                evaluation.accuracy(), evaluation.images(), source.describe(),
                trained.architecture().canonicalString(), trained.scaling().equals(Scaling.NONE) ? ""
                        : "\n  scaled: " + trained.scaling() + ", input " + trained.input().network().input());
        int width = evaluation.perClass().stream().mapToInt(c -> c.name().length()).max().orElse(5);
        for (Evaluation.ClassAccuracy c : evaluation.perClass()) {
            out.printf(Locale.ROOT, "  %-" + width + "s  %.4f  (%d of %d)%n", c.name(), c.accuracy(), c.correct(),
                    c.images());
        }
    }

    private void classify(TrainedModel trained) {
        List<Path> files = images.stream().flatMap(p -> Files.isDirectory(p) ? ImageFolder.imagesIn(p).stream()
                : java.util.stream.Stream.of(p)).toList();
        if (files.isEmpty()) {
            throw new UserInputException("no image files in " + images + ": give PNG, JPEG, BMP or GIF files or "
                    + "folders holding them");
        }
        List<TrainedModel.Prediction> predictions = trained.classify(files);
        PrintWriter out = spec.commandLine().getOut();
        for (TrainedModel.Prediction p : predictions) {
            if (json) {
                out.println(Json.object().put("file", p.file().toString()).put("class", p.className())
                        .put("label", p.label()));
            } else {
                out.printf("%s: %s%n", p.file(), p.className());
            }
        }
    }
}
