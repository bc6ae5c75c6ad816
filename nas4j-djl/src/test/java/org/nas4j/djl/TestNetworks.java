package org.nas4j.djl;

import ai.djl.nn.SequentialBlock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.nas4j.data.ImageShape;
import org.nas4j.djl.data.Normalization;
import org.nas4j.djl.model.ModelCost;
import org.nas4j.djl.model.NetworkBuilder;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.space.SearchSpaceYaml;

/** The networks the engine tests build: for the embedded Fashion-MNIST sample's 28 x 28 gray images, 10 classes. */
public final class TestNetworks {
    public static final NetworkSettings GRAY_28 = NetworkSettings.of(ImageShape.grayscale(28, 28), 10);
    /** Fashion-MNIST's training pixels on [0, 1]: mean 0.2860, standard deviation 0.3530. */
    public static final Normalization FASHION = Normalization.of(0.2860, 0.3530);

    private TestNetworks() {
    }

    /** The space of the shipped example study, {@code examples/fashion-mnist.yaml}. */
    public static SearchSpace exampleSpace() {
        Path file = Path.of("..", "examples", "fashion-mnist.yaml");
        try {
            return SearchSpaceYaml.fromNode(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()).get("space"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NetworkSpec spec(Architecture architecture) {
        return NetworkSpec.of(architecture, GRAY_28);
    }

    public static SequentialBlock build(Architecture architecture) {
        return NetworkBuilder.build(spec(architecture));
    }

    public static SequentialBlock build(NetworkSpec spec) {
        return NetworkBuilder.build(spec);
    }

    public static ModelCost cost(Architecture architecture) {
        return ModelCost.of(spec(architecture));
    }

    public static ModelCost cost(NetworkSpec spec) {
        return ModelCost.of(spec);
    }
}
