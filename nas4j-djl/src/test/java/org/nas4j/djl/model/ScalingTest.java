package org.nas4j.djl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.SequentialBlock;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.data.ImageDataset;
import org.nas4j.data.ImageShape;
import org.nas4j.djl.TestNetworks;
import org.nas4j.space.Architecture;

/** The scaling rules: layers ceil(d x n), channels to multiples of 8, images round(r x size); 1 changes nothing. */
class ScalingTest {

    @Test
    void depthRoundsLayersUpAndAWholeProductStaysWhole() {
        Scaling scaling = new Scaling(1.2, 1, 1);
        assertEquals(2, scaling.layers(1), "ceil(1.2)");
        assertEquals(3, scaling.layers(2), "ceil(2.4)");
        assertEquals(6, scaling.layers(5), "1.2 x 5 is 6 in decimals, 6.000000000000001 in doubles: still 6");
        assertEquals(2, new Scaling(1.44, 1, 1).layers(1));
    }

    @Test
    void widthRoundsToTheNearestMultipleOfEightNeverBelowEightNorTenPercentUnder() {
        Scaling scaling = new Scaling(1, 1.1, 1);
        assertEquals(32, scaling.channels(32), "35.2 rounds to 32, within 10% of it");
        assertEquals(72, scaling.channels(64), "70.4 rounds to 72");
        assertEquals(8, new Scaling(1, 1.1, 1).channels(3), "never below 8");
        assertEquals(24, new Scaling(1, 1.05, 1).channels(20), "21 to the nearest multiple is 24");
        // 1.3 x 13 = 16.9 rounds to 16 (5% under, kept); 1.9 x 10 = 19 rounds to 16, 16% under: one more step.
        assertEquals(16, new Scaling(1, 1.3, 1).channels(13));
        assertEquals(24, new Scaling(1, 1.9, 1).channels(10));
        assertEquals(20, new Scaling(1, 1, 1.3).channels(20), "width 1 keeps channels that are no multiple of 8");
    }

    @Test
    void resolutionRoundsTheImageSize() {
        assertEquals(32, new Scaling(1, 1, 1.15).size(28), "32.2");
        assertEquals(37, new Scaling(1, 1, 1.3225).size(28), "37.03");
        assertEquals(28, new Scaling(1.5, 1.5, 1).size(28));
    }

    @Test
    void noScalingGivesTheBaseNetworkBack() {
        NetworkSpec base = TestNetworks.spec(TestNetworks.small());
        assertEquals(base, Scaling.NONE.apply(base));
    }

    @Test
    void aScaledNetworkGrowsItsStagesStemHeadAndInput() {
        NetworkSpec base = TestNetworks.spec(TestNetworks.small());
        NetworkSpec scaled = new Scaling(1.2, 1.1, 1.15).apply(base);
        assertEquals(ImageShape.grayscale(32, 32), scaled.settings().input());
        assertEquals(16, scaled.settings().stemChannels(), "17.6 rounds to 16");
        assertEquals(144, scaled.settings().headChannels(), "140.8 rounds to 144");
        assertEquals(base.settings().classes(), scaled.settings().classes());
        // small(): 1 layer of 16, 1 of 32, 2 of 64; x1.2 deeper is 2, 2, 3 layers; x1.1 wider is 17.6, 35.2, 70.4.
        assertEquals(java.util.List.of(2, 2, 3), scaled.stages().stream().map(StageSpec::layers).toList());
        assertEquals(java.util.List.of(16, 32, 72), scaled.stages().stream().map(StageSpec::filters).toList());
        for (int s = 0; s < base.stages().size(); s++) {
            StageSpec was = base.stages().get(s);
            StageSpec now = scaled.stages().get(s);
            assertEquals(was.block(), now.block());
            assertEquals(was.kernel(), now.kernel());
            assertEquals(was.expansion(), now.expansion());
            assertEquals(was.seRatio(), now.seRatio());
            assertEquals(was.stride(), now.stride());
        }
    }

    @Test
    void aScalingNeedsPositiveFiniteMultipliers() {
        assertThrows(IllegalArgumentException.class, () -> new Scaling(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Scaling(1, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new Scaling(1, 1, Double.POSITIVE_INFINITY));
    }

    @Test
    void aScaledModelLoadsAsTheNetworkItWasSavedAs(@TempDir Path dir) throws Exception {
        Architecture architecture = TestNetworks.small();
        Scaling scaling = new Scaling(1.44, 1.21, 1.3225);
        NetworkSpec network = scaling.apply(NetworkSpec.of(architecture, TestNetworks.GRAY_28));
        SavedModel.Input input = new SavedModel.Input(network.settings(), TestNetworks.FASHION,
                ImageDataset.numbered(10));
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = NetworkBuilder.build(network);
            block.initialize(manager, DataType.FLOAT32, NetworkBuilder.inputShape(network.settings(), 1));
            SavedModel.save(dir, architecture, scaling, input, block, new ObjectMapper().createObjectNode());
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            SavedModel.Loaded loaded = SavedModel.load(dir, manager);
            assertEquals(network, loaded.network(), "the layers and widths as built, no options of the space");
            assertEquals(scaling, loaded.scaling());
            assertEquals(architecture, loaded.architecture());
            assertEquals(ImageShape.grayscale(37, 37), loaded.input().network().input());
            assertEquals(ModelCost.of(network).parameters() + ModelCost.of(network).buffers(),
                    loaded.block().getParameters().stream().mapToLong(p -> p.getValue().getArray().size()).sum());
        }
    }

    @Test
    void anUnscaledModelSaysSo(@TempDir Path dir) throws Exception {
        Architecture architecture = TestNetworks.small();
        SavedModel.Input input = new SavedModel.Input(TestNetworks.GRAY_28, TestNetworks.FASHION,
                ImageDataset.numbered(10));
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = NetworkBuilder.build(NetworkSpec.of(architecture, TestNetworks.GRAY_28));
            block.initialize(manager, DataType.FLOAT32, NetworkBuilder.inputShape(TestNetworks.GRAY_28, 1));
            SavedModel.save(dir, architecture, input, block, new ObjectMapper().createObjectNode());
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            SavedModel.Loaded loaded = SavedModel.load(dir, manager);
            assertEquals(Scaling.NONE, loaded.scaling());
            assertEquals(NetworkSpec.of(architecture, TestNetworks.GRAY_28), loaded.network());
        }
    }
}
