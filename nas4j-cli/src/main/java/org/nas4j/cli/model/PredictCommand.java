package org.nas4j.cli.model;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nas4j.cli.DataSource;
import org.nas4j.cli.UserInputException;
import org.nas4j.cli.output.Json;
import org.nas4j.data.FashionMnist;
import org.nas4j.djl.model.SavedModel;
import org.nas4j.djl.train.Inference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "predict",
        mixinStandardHelpOptions = true,
        description = "Load a saved model and report its accuracy on the Fashion-MNIST test images.",
        footer = {"", "Examples:",
                "  ./nas4j predict runs/fashion-mnist/model",
                "  ./nas4j predict runs/fashion-mnist/model --data /usr/share/datasets/fashion-mnist"})
public final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "A model folder saved by 'nas4j retrain'.")
    Path model;

    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST in IDX format instead of the "
            + "embedded sample.")
    Path data;

    @Option(names = "--json", description = "Print one JSON line.")
    boolean json;

    @Override
    public Integer call() {
        FashionMnist.TrainTest images = DataSource.load(Optional.ofNullable(data));
        try (NDManager manager = NDManager.newBaseManager()) {
            SavedModel.Loaded loaded;
            try {
                loaded = SavedModel.load(model, manager);
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage(), e);
            }
            double accuracy = Inference.accuracy(loaded.block(), manager, images.test(), 256);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode node = Json.object();
                node.put("model", model.toString());
                node.put("arch", loaded.architecture().canonicalString());
                node.put("test_acc", accuracy);
                node.put("images", images.test().size());
                out.println(node);
            } else {
                out.printf(Locale.ROOT, "%s: accuracy %.4f on %,d test images of %s%n  %s%n", model, accuracy,
                        images.test().size(), DataSource.describe(Optional.ofNullable(data)),
                        loaded.architecture().canonicalString());
            }
        }
        return 0;
    }
}
