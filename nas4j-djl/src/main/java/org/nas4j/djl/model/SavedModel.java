package org.nas4j.djl.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nas4j.data.ImageShape;
import org.nas4j.djl.data.Normalization;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.space.SearchSpaceYaml;

/**
 * A trained network on disk, in a folder: {@code model.json} holds the search space, the architecture, what the
 * network takes (input shape, classes and their names, the fixed layout, the normalization it was trained with) and
 * what was measured; {@code parameters.bin} holds the trained weights (and BatchNorm's running statistics) in DJL's
 * format. Loading rebuilds the same network and reads the weights into it.
 *
 * <p>Format 3 added the network itself ({@code stages}: what each stage is, as built) and the {@link Scaling} that
 * made it from the architecture, so that a network grown by compound scaling, with layer counts and widths that are
 * no options of the space, loads as it was trained. Format 2 added the input; models of formats 1 and 2 are the
 * architecture's own network (unscaled), and a format-1 model takes 28 x 28 grayscale images of 10 classes with the
 * default layout and Fashion-MNIST's normalization.
 */
public final class SavedModel {
    public static final String DESCRIPTION = "model.json";
    public static final String PARAMETERS = "parameters.bin";
    public static final int FORMAT_VERSION = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What every format-1 model was: Fashion-MNIST's images and classes with the training set's statistics. */
    private static final Input FORMAT_1 = new Input(NetworkSettings.of(ImageShape.grayscale(28, 28), 10),
            Normalization.of(0.2860, 0.3530), org.nas4j.data.ImageDataset.numbered(10));

    /** What a network takes: its settings, how its pixels are normalized, and the names of the classes it outputs. */
    public record Input(NetworkSettings network, Normalization normalization, List<String> classNames) {
        public Input {
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(normalization, "normalization");
            classNames = List.copyOf(classNames);
            if (classNames.size() != network.classes()) {
                throw new IllegalArgumentException("the network has " + network.classes() + " classes but "
                        + classNames.size() + " class names were given");
            }
            if (normalization.channels() != network.inputChannels()) {
                throw new IllegalArgumentException("the network takes " + network.inputChannels() + " channels but "
                        + "the normalization has " + normalization.channels());
            }
        }
    }

    /**
     * A model read back: its architecture, how it was scaled from it, its input, the network as built (with its
     * trained weights) and the measurements.
     */
    public record Loaded(Architecture architecture, Scaling scaling, Input input, NetworkSpec network,
                         SequentialBlock block, JsonNode info) {
    }

    private SavedModel() {
    }

    /** Writes the architecture's own network: its input, {@code info} (test accuracy, ...) and trained parameters. */
    public static void save(Path dir, Architecture architecture, Input input, Block trained, ObjectNode info)
            throws IOException {
        save(dir, architecture, Scaling.NONE, input, trained, info);
    }

    /**
     * Writes the network that {@code scaling} makes of the architecture; {@code input} is what that network takes
     * (its images at the scaled resolution, its scaled stem and head).
     */
    public static void save(Path dir, Architecture architecture, Scaling scaling, Input input, Block trained,
                            ObjectNode info) throws IOException {
        NetworkSpec network = scaled(architecture, scaling, input.network());
        Files.createDirectories(dir);
        ObjectNode description = JSON.createObjectNode();
        description.put("format", "nas4j-model");
        description.put("version", FORMAT_VERSION);
        description.set("space", SearchSpaceYaml.toNode(architecture.space()));
        description.set("architecture", architecture.toJsonNode());
        description.put("canonical", architecture.canonicalString());
        ObjectNode scalingNode = description.putObject("scaling");
        scalingNode.put("depth", scaling.depth());
        scalingNode.put("width", scaling.width());
        scalingNode.put("resolution", scaling.resolution());
        description.set("stages", stagesJson(network));
        description.set("input", inputJson(input));
        description.set("info", info);
        Files.writeString(dir.resolve(DESCRIPTION), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                description));
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(dir.resolve(PARAMETERS))))) {
            trained.saveParameters(out);
        }
    }

    /**
     * The network that {@code scaling} makes of the architecture, given the scaled network's own settings: the
     * stages are scaled from the architecture's, the settings are taken as they are.
     */
    private static NetworkSpec scaled(Architecture architecture, Scaling scaling, NetworkSettings settings) {
        NetworkSpec own = NetworkSpec.of(architecture, settings);
        return new NetworkSpec(settings, scaling.apply(own).stages());
    }

    /** Reads a saved model; its arrays belong to {@code manager}. */
    public static Loaded load(Path dir, NDManager manager) {
        Path descriptionFile = dir.resolve(DESCRIPTION);
        JsonNode description;
        try {
            description = JSON.readTree(Files.readString(descriptionFile));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(dir + " is not a saved model: " + e.getFile() + " is missing", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the model in " + dir + ": " + e.getMessage(), e);
        }
        int version = description.path("version").asInt();
        if (!"nas4j-model".equals(description.path("format").asText()) || version < 1 || version > FORMAT_VERSION) {
            throw new IllegalArgumentException(descriptionFile + " is not a nas4j model of format version 1 to "
                    + FORMAT_VERSION + ": save it again with this nas4j, or read it with the one that wrote it");
        }
        try {
            SearchSpace space = SearchSpaceYaml.fromNode(description.get("space"));
            Architecture architecture = space.fromJson(description.get("architecture"));
            Input input = version == 1 ? FORMAT_1 : parseInput(description.path("input"), descriptionFile);
            Scaling scaling = version < 3 ? Scaling.NONE : parseScaling(description.path("scaling"));
            NetworkSpec network = version < 3 ? NetworkSpec.of(architecture, input.network())
                    : new NetworkSpec(input.network(), parseStages(description.path("stages"), descriptionFile));
            SequentialBlock block = NetworkBuilder.build(network);
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                    Files.newInputStream(dir.resolve(PARAMETERS))))) {
                block.loadParameters(manager, in);
            }
            return new Loaded(architecture, scaling, input, network, block, description.path("info"));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(dir + " is not a saved model: " + e.getFile() + " is missing", e);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the model in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ArrayNode stagesJson(NetworkSpec network) {
        ArrayNode stages = JSON.createArrayNode();
        for (StageSpec stage : network.stages()) {
            ObjectNode node = stages.addObject();
            node.put("block", stage.block().text());
            node.put("kernel", stage.kernel());
            node.put("expansion", stage.expansion());
            node.put("se", stage.seRatio());
            node.put("layers", stage.layers());
            node.put("filters", stage.filters());
            node.put("skip", stage.skip().text());
            node.put("stride", stage.stride());
        }
        return stages;
    }

    private static List<StageSpec> parseStages(JsonNode node, Path file) {
        if (!node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException(file + " has no 'stages' (the network as built): the file is damaged; "
                    + "save the model again");
        }
        List<StageSpec> stages = new ArrayList<>();
        int s = 1;
        for (JsonNode stage : node) {
            stages.add(new StageSpec(BlockType.fromText("stages[" + s + "].block", stage.path("block").asText()),
                    stage.path("kernel").asInt(), stage.path("expansion").asInt(), stage.path("se").asDouble(),
                    stage.path("layers").asInt(), stage.path("filters").asInt(),
                    Skip.fromText("stages[" + s + "].skip", stage.path("skip").asText()),
                    stage.path("stride").asInt()));
            s++;
        }
        return stages;
    }

    private static Scaling parseScaling(JsonNode node) {
        return new Scaling(node.path("depth").asDouble(1), node.path("width").asDouble(1),
                node.path("resolution").asDouble(1));
    }

    private static ObjectNode inputJson(Input input) {
        NetworkSettings network = input.network();
        ObjectNode node = JSON.createObjectNode();
        node.put("channels", network.inputChannels());
        node.put("height", network.imageHeight());
        node.put("width", network.imageWidth());
        node.put("classes", network.classes());
        ArrayNode names = node.putArray("class_names");
        input.classNames().forEach(names::add);
        ObjectNode layout = node.putObject("layout");
        layout.put("stem_channels", network.stemChannels());
        layout.put("stem_kernel", network.stemKernel());
        layout.put("stem_stride", network.stemStride());
        ArrayNode strides = layout.putArray("stage_strides");
        network.stageStrides().forEach(strides::add);
        layout.put("head_channels", network.headChannels());
        ObjectNode normalization = node.putObject("normalization");
        ArrayNode mean = normalization.putArray("mean");
        input.normalization().mean().forEach(mean::add);
        ArrayNode std = normalization.putArray("std");
        input.normalization().std().forEach(std::add);
        return node;
    }

    private static Input parseInput(JsonNode node, Path file) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(file + " has no 'input' (shape, classes, normalization): the file is "
                    + "damaged; save the model again");
        }
        JsonNode layout = node.path("layout");
        NetworkLayout networkLayout = new NetworkLayout(layout.path("stem_channels").asInt(),
                layout.path("stem_kernel").asInt(), layout.path("stem_stride").asInt(),
                integers(layout.path("stage_strides")), layout.path("head_channels").asInt());
        NetworkSettings network = new NetworkSettings(new ImageShape(node.path("channels").asInt(),
                node.path("height").asInt(), node.path("width").asInt()), node.path("classes").asInt(),
                networkLayout);
        List<String> names = new ArrayList<>();
        node.path("class_names").forEach(name -> names.add(name.asText()));
        Normalization normalization = new Normalization(doubles(node.path("normalization").path("mean")),
                doubles(node.path("normalization").path("std")));
        return new Input(network, normalization, names);
    }

    private static List<Integer> integers(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asInt()));
        return values;
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asDouble()));
        return values;
    }
}
