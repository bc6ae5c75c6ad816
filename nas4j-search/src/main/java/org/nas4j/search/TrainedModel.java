package org.nas4j.search;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nas4j.data.ImageDataset;
import org.nas4j.data.ImageFolder;
import org.nas4j.data.ImageSize;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.SavedModel;
import org.nas4j.djl.model.Scaling;
import org.nas4j.djl.train.Evaluation;
import org.nas4j.djl.train.Inference;
import org.nas4j.djl.train.Retrainer;
import org.nas4j.space.Architecture;

/**
 * A model saved by {@link Study#retrain}, loaded for use: rebuilt with the input shape, classes and normalization
 * it was trained with. It holds native memory: close it.
 *
 * <pre>
 * try (TrainedModel model = TrainedModel.load(Path.of("runs/mine/model"))) {
 *     Evaluation test = model.evaluate(images.test());
 *     List&lt;Prediction&gt; labels = model.classify(List.of(Path.of("shoe.png")));
 * }
 * </pre>
 */
public final class TrainedModel implements AutoCloseable {
    private static final int BATCH = 256;
    private final NDManager manager;
    private final SavedModel.Loaded loaded;

    /** One image's predicted class. */
    public record Prediction(Path file, int label, String className) {
    }

    private TrainedModel(NDManager manager, SavedModel.Loaded loaded) {
        this.manager = manager;
        this.loaded = loaded;
    }

    /** Loads the model saved in {@code dir}; an error names what is missing or damaged. */
    public static TrainedModel load(Path dir) {
        NDManager manager = NDManager.newBaseManager();
        try {
            return new TrainedModel(manager, SavedModel.load(dir, manager));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public Architecture architecture() {
        return loaded.architecture();
    }

    /** How the network was scaled from its architecture's own ({@link Scaling#NONE} unless compound scaling made it). */
    public Scaling scaling() {
        return loaded.scaling();
    }

    /** What the network takes: shape, classes and their names, normalization. */
    public SavedModel.Input input() {
        return loaded.input();
    }

    /** What retraining measured and saved with the model (test accuracy, latency, ...). */
    public JsonNode info() {
        return loaded.info();
    }

    /**
     * The images the model was trained on, resized to its input: the folder saved with it, or the embedded sample
     * when it names none. A folder that is no longer there is an error that says so.
     */
    public DataSettings trainingData() {
        JsonNode saved = info().path(Retrainer.DATA_FOLDER);
        Optional<Path> folder = saved.isTextual() ? Optional.of(Path.of(saved.asText())) : Optional.empty();
        if (folder.isPresent() && !Files.isDirectory(folder.get())) {
            throw new StudyException("the model was trained on " + folder.get() + ", which is not here: give its "
                    + "test images another way (--data DIR on the command line)");
        }
        return sizedForInput(folder);
    }

    /** The embedded sample, or with {@code withDir} any folder, resized to the model's input. */
    public DataSettings sizedForInput() {
        return sizedForInput(Optional.empty());
    }

    private DataSettings sizedForInput(Optional<Path> folder) {
        NetworkSettings network = input().network();
        return new DataSettings(folder, DataSettings.EMBEDDED.validationFraction(), Optional.empty(),
                Optional.of(new ImageSize(network.imageHeight(), network.imageWidth())));
    }

    /** Accuracy on labelled images of the model's shape, overall and per class. */
    public Evaluation evaluate(ImageDataset data) {
        NetworkSettings network = input().network();
        if (!network.fits(data)) {
            throw new StudyException("the model takes " + network.input() + " images of " + network.classes()
                    + " classes, but these are " + data.shape() + " images of " + data.classes() + ": give the "
                    + "images the model was trained on (or their test set)");
        }
        return Evaluation.of(Inference.predict(loaded.block(), manager, data, BATCH, input().normalization()), data);
    }

    /** The class of each image file, each decoded and made to fit the model's input (channels, size). */
    public List<Prediction> classify(List<Path> files) {
        ImageDataset images = ImageFolder.decode(files, input().network().input(), input().classNames());
        int[] labels = Inference.predict(loaded.block(), manager, images, BATCH, input().normalization());
        List<Prediction> predictions = new ArrayList<>(files.size());
        for (int i = 0; i < labels.length; i++) {
            predictions.add(new Prediction(files.get(i), labels[i], input().classNames().get(labels[i])));
        }
        return predictions;
    }

    @Override
    public void close() {
        manager.close();
    }
}
