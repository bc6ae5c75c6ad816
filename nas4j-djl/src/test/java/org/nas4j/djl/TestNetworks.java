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

    private static final SearchSpace EXAMPLE = readExampleSpace();

    private TestNetworks() {
    }

    /** The space of the shipped example study, {@code examples/fashion-mnist.yaml}. */
    public static SearchSpace exampleSpace() {
        return EXAMPLE;
    }

    private static SearchSpace readExampleSpace() {
        Path file = Path.of("..", "examples", "fashion-mnist.yaml");
        try {
            return SearchSpaceYaml.fromNode(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()).get("space"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A small network with each block type. */
    public static Architecture small() {
        return EXAMPLE.parse("stage1.block=conv,stage1.kernel=3,stage1.expansion=1,stage1.se=0,stage1.layers=1,"
                + "stage1.filters=16,stage1.skip=none,stage2.block=dwsep,stage2.kernel=3,stage2.expansion=1,"
                + "stage2.se=0,stage2.layers=1,stage2.filters=32,stage2.skip=none,stage3.block=mbconv,"
                + "stage3.kernel=3,stage3.expansion=3,stage3.se=0.25,stage3.layers=2,stage3.filters=64,"
                + "stage3.skip=identity");
    }

    /** A network with many times the work of {@link #small()}: every stage MBConv 7x7, expansion 6, SE, 3 layers. */
    public static Architecture heavy() {
        return EXAMPLE.parse("stage1.block=mbconv,stage1.kernel=7,stage1.expansion=6,stage1.se=0.25,"
                + "stage1.layers=3,stage1.filters=32,stage1.skip=identity,stage2.block=mbconv,stage2.kernel=7,"
                + "stage2.expansion=6,stage2.se=0.25,stage2.layers=3,stage2.filters=64,stage2.skip=identity,"
                + "stage3.block=mbconv,stage3.kernel=7,stage3.expansion=6,stage3.se=0.25,stage3.layers=3,"
                + "stage3.filters=128,stage3.skip=identity");
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
