package org.nas4j.djl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.SequentialBlock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.data.ImageDataset;
import org.nas4j.data.ImageShape;
import org.nas4j.djl.TestNetworks;
import org.nas4j.djl.data.Normalization;
import org.nas4j.space.Architecture;

/** A saved model remembers what its network takes, and models of the first format still load. */
class SavedModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static void save(Path dir, Architecture architecture, SavedModel.Input input) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = NetworkBuilder.build(NetworkSpec.of(architecture, input.network()));
            block.initialize(manager, DataType.FLOAT32, NetworkBuilder.inputShape(input.network(), 1));
            SavedModel.save(dir, architecture, input, block, JSON.createObjectNode().put("test_accuracy", 0.5));
        }
    }

    @Test
    void aColourModelLoadsWithItsShapeClassesLayoutAndNormalization(@TempDir Path dir) throws Exception {
        Architecture architecture = TestNetworks.small();
        NetworkSettings network = new NetworkSettings(new ImageShape(3, 16, 20), 4,
                new NetworkLayout(8, 5, 1, List.of(1, 2, 2), 48));
        SavedModel.Input input = new SavedModel.Input(network, new Normalization(List.of(0.1, 0.2, 0.3),
                List.of(0.4, 0.5, 0.6)), List.of("ne", "nw", "se", "sw"));
        save(dir, architecture, input);
        try (NDManager manager = NDManager.newBaseManager()) {
            SavedModel.Loaded loaded = SavedModel.load(dir, manager);
            assertEquals(input, loaded.input());
            assertEquals(architecture, loaded.architecture());
            assertEquals(0.5, loaded.info().get("test_accuracy").asDouble());
        }
    }

    @Test
    void aFirstFormatModelIsAFashionMnistNetwork(@TempDir Path dir) throws Exception {
        Architecture architecture = TestNetworks.small();
        save(dir, architecture, new SavedModel.Input(TestNetworks.GRAY_28, TestNetworks.FASHION,
                ImageDataset.numbered(10)));
        Path description = dir.resolve(SavedModel.DESCRIPTION);
        ObjectNode json = (ObjectNode) JSON.readTree(Files.readString(description));
        json.put("version", 1);
        json.remove("input");
        Files.writeString(description, json.toString());
        try (NDManager manager = NDManager.newBaseManager()) {
            SavedModel.Loaded loaded = SavedModel.load(dir, manager);
            assertEquals(TestNetworks.GRAY_28, loaded.input().network());
            assertEquals(TestNetworks.FASHION, loaded.input().normalization());
        }
        json.put("version", SavedModel.FORMAT_VERSION + 1);
        Files.writeString(description, json.toString());
        IllegalArgumentException newer = assertThrows(IllegalArgumentException.class,
                () -> SavedModel.load(dir, null));
        assertTrue(newer.getMessage().contains("is not a nas4j model of format version 1 to "
                + SavedModel.FORMAT_VERSION), newer.getMessage());
    }
}
