package org.nas4j.djl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nas4j.djl.model.MnasSpaces.arch;

import java.util.List;
import org.nas4j.data.ImageShape;
import org.junit.jupiter.api.Test;
import org.nas4j.djl.TestNetworks;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.space.SearchSpaceException;

class NetworkSpecTest {

    @Test
    void parsesEveryStageByName() {
        NetworkSpec spec = TestNetworks.spec(arch("conv 5 6 0.25 2 24 identity", "dwsep 7 3 0 1 48 none",
                "mbconv 3 6 0.25 3 128 identity"));
        assertEquals(new StageSpec(BlockType.CONV, 5, 6, 0.25, 2, 24, Skip.IDENTITY, 1), spec.stages().get(0));
        assertEquals(new StageSpec(BlockType.DWSEP, 7, 3, 0.0, 1, 48, Skip.NONE, 2), spec.stages().get(1));
        assertEquals(new StageSpec(BlockType.MBCONV, 3, 6, 0.25, 3, 128, Skip.IDENTITY, 2), spec.stages().get(2));
        assertEquals(128, spec.lastChannels());
    }

    @Test
    void layersResolveWidthsStridesAndResiduals() {
        List<LayerSpec> layers = TestNetworks.spec(arch("conv 3 1 0 2 24 identity", "dwsep 3 1 0.25 1 48 identity",
                "mbconv 5 6 0.25 3 96 none")).layers();
        assertEquals(6, layers.size());
        // Stage 1: 16 (stem) -> 24 at stride 1, then 24 -> 24 with the residual.
        assertEquals(new LayerSpec(1, 1, BlockType.CONV, 3, 1, 0, 16, 24, 1, false), layers.get(0));
        assertEquals(new LayerSpec(1, 2, BlockType.CONV, 3, 1, 0, 24, 24, 1, true), layers.get(1));
        // A one-layer stage has no residual whatever its skip.
        assertEquals(new LayerSpec(2, 1, BlockType.DWSEP, 3, 1, 0.25, 24, 48, 2, false), layers.get(2));
        assertFalse(layers.get(0).hasSqueezeExcitation(), "conv ignores SE");
        assertTrue(layers.get(2).hasSqueezeExcitation());
        assertEquals(6, layers.get(2).squeezeChannels(), "0.25 x 24 input channels");
        LayerSpec expanded = layers.get(3);
        assertEquals(48, expanded.inChannels());
        assertEquals(2, expanded.stride());
        assertEquals(288, expanded.depthwiseChannels(), "48 x 6");
        assertEquals(12, expanded.squeezeChannels(), "SE width from the input (48), not the expanded width");
        assertFalse(layers.get(4).residual(), "skip none");
        assertEquals(96, layers.get(5).inChannels());
    }

    @Test
    void mbconvWithExpansionOneHasNoExpansionConv() {
        LayerSpec layer = TestNetworks.spec(arch("mbconv 3 1 0 1 16 none", "conv 3 1 0 1 32 none",
                "conv 3 1 0 1 64 none")).layers().get(0);
        assertFalse(layer.hasExpansion());
        assertEquals(16, layer.depthwiseChannels());
        LayerSpec dwsep = TestNetworks.spec(arch("dwsep 3 6 0 1 16 none", "conv 3 1 0 1 32 none",
                "conv 3 1 0 1 64 none")).layers().get(0);
        assertFalse(dwsep.hasExpansion(), "only mbconv expands");
        assertEquals(16, dwsep.depthwiseChannels());
    }

    @Test
    void badValuesNameTheirDecision() {
        assertEquals("decision 'stage2.block' must be conv, dwsep or mbconv, got 'resnet'",
                parseError("stage2.block", "resnet"));
        assertBadValue("stage2.kernel", 4, "odd kernel size");
        assertBadValue("stage3.kernel", 0, "from 1");
        assertBadValue("stage1.expansion", 0, "from 1");
        assertBadValue("stage2.se", 1.5, "[0, 1]");
        assertBadValue("stage3.layers", 0, "from 1");
        assertBadValue("stage1.filters", -8, "from 1");
        assertBadValue("stage2.skip", "dense", "none or identity");
        assertBadValue("stage1.kernel", "large", "not an integer");
    }

    private static void assertBadValue(String decision, Object bad, String expected) {
        String message = parseError(decision, bad);
        assertTrue(message.contains("'" + decision + "'") && message.contains(expected), message);
    }

    /** The message of parsing a one-architecture space that is valid except for one decision. */
    private static String parseError(String decision, Object bad) {
        SearchSpace.Builder builder = SearchSpace.builder();
        Architecture valid = arch("conv 3 1 0 1 16 none", "dwsep 5 3 0.25 2 32 identity", "mbconv 7 6 0 3 64 none");
        for (String name : valid.space().names()) {
            builder.decision(name, name.equals(decision) ? bad : valid.value(name).scalar());
        }
        SearchSpace space = builder.build();
        return assertThrows(SearchSpaceException.class, () -> TestNetworks.spec(space.architecture(new int[space.size()])))
                .getMessage();
    }

    @Test
    void missingDecisionIsNamed() {
        SearchSpace noSkip = SearchSpace.builder().decision("stage1.block", "conv").decision("stage1.kernel", 3)
                .decision("stage1.expansion", 1).decision("stage1.se", 0).decision("stage1.layers", 1)
                .decision("stage1.filters", 16).build();
        NetworkSettings oneStage = new NetworkSettings(ImageShape.grayscale(28, 28), 10, new NetworkLayout(16, 3, 1, List.of(1), 128));
        String message = assertThrows(SearchSpaceException.class,
                () -> NetworkSpec.of(noSkip.architecture(new int[noSkip.size()]), oneStage)).getMessage();
        assertTrue(message.contains("'stage1.skip'"), message);
    }
}
