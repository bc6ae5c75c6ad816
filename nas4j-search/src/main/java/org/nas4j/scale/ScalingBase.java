package org.nas4j.scale;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.train.Retrainer;
import org.nas4j.search.TrainedModel;
import org.nas4j.space.Architecture;

/**
 * The network a scaling run grows: an architecture of a space, built for the images and classes of
 * {@code settings}.
 *
 * @param origin     what it came from, for tables and the study record ("study runs/x, trial 7", ...)
 * @param dataFolder the folder of the images it was found on, when known; empty for the embedded sample
 */
public record ScalingBase(Architecture architecture, NetworkSettings settings, String origin,
                          Optional<Path> dataFolder) {

    public ScalingBase {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(dataFolder, "dataFolder");
        try {
            NetworkSpec.of(architecture, settings);
        } catch (IllegalArgumentException e) {
            throw new ScalingException("the base is no network of the MnasNet-style space (" + e.getMessage()
                    + "): give a saved model, a study or an architecture of such a space", e);
        }
    }

    /**
     * A saved model's network as the base, found on the images saved with it; a model that is itself scaled is
     * refused (scale its base instead: the members would not be what their multipliers say).
     */
    public static ScalingBase of(TrainedModel model, Path dir) {
        if (!model.scaling().equals(org.nas4j.djl.model.Scaling.NONE)) {
            throw new ScalingException("the model in " + dir + " is already scaled (" + model.scaling() + "): give "
                    + "the model, study or architecture it was scaled from");
        }
        JsonNode folder = model.info().path(Retrainer.DATA_FOLDER);
        return new ScalingBase(model.architecture(), model.input().network(), "model " + dir,
                folder.isTextual() ? Optional.of(Path.of(folder.asText())) : Optional.empty());
    }

    /** The base network itself, B0. */
    public NetworkSpec network() {
        return NetworkSpec.of(architecture, settings);
    }
}
