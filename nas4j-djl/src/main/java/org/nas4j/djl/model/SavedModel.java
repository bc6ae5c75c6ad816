package org.nas4j.djl.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.space.SearchSpaceYaml;

/**
 * A trained network on disk, in a folder: {@code model.json} holds the search space, the architecture and what was
 * measured; {@code parameters.bin} holds the trained weights (and BatchNorm's running statistics) in DJL's format.
 * Loading rebuilds the network from the architecture and reads the weights into it.
 */
public final class SavedModel {
    public static final String DESCRIPTION = "model.json";
    public static final String PARAMETERS = "parameters.bin";
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A model read back: its architecture, the network with trained weights, and the saved measurements. */
    public record Loaded(Architecture architecture, SequentialBlock block, JsonNode info) {
    }

    private SavedModel() {
    }

    /** Writes the architecture, {@code info} (test accuracy, latency, ...) and the trained block's parameters. */
    public static void save(Path dir, Architecture architecture, Block trained, ObjectNode info) throws IOException {
        Files.createDirectories(dir);
        ObjectNode description = JSON.createObjectNode();
        description.put("format", "nas4j-model");
        description.put("version", FORMAT_VERSION);
        description.put("network", "fashion-mnist");
        description.set("space", SearchSpaceYaml.toNode(architecture.space()));
        description.set("architecture", architecture.toJsonNode());
        description.put("canonical", architecture.canonicalString());
        description.set("info", info);
        Files.writeString(dir.resolve(DESCRIPTION), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                description));
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(dir.resolve(PARAMETERS))))) {
            trained.saveParameters(out);
        }
    }

    /** Reads a saved model; its arrays belong to {@code manager}. */
    public static Loaded load(Path dir, NDManager manager) {
        Path descriptionFile = dir.resolve(DESCRIPTION);
        try {
            JsonNode description = JSON.readTree(Files.readString(descriptionFile));
            if (!"nas4j-model".equals(description.path("format").asText())
                    || description.path("version").asInt() != FORMAT_VERSION) {
                throw new IllegalArgumentException(descriptionFile + " is not a nas4j model of format version "
                        + FORMAT_VERSION + ": save it again with this nas4j");
            }
            SearchSpace space = SearchSpaceYaml.fromNode(description.get("space"));
            Architecture architecture = space.fromJson(description.get("architecture"));
            SequentialBlock block = NetworkBuilder.build(architecture);
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                    Files.newInputStream(dir.resolve(PARAMETERS))))) {
                block.loadParameters(manager, in);
            }
            return new Loaded(architecture, block, description.path("info"));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(dir + " is not a saved model: " + e.getFile() + " is missing", e);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalArgumentException("cannot read the model in " + dir + ": " + e.getMessage(), e);
        }
    }
}
