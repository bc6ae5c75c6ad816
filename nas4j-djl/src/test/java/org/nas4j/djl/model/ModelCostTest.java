package org.nas4j.djl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nas4j.djl.model.MnasSpaces.arch;

import org.junit.jupiter.api.Test;
import org.nas4j.djl.TestNetworks;

class ModelCostTest {

    @Test
    void matchesAHandCount() {
        ModelCost cost = TestNetworks.cost(arch("conv 3 1 0 2 16 identity", "dwsep 3 1 0.25 1 32 none",
                "mbconv 3 3 0 1 64 none"));
        // Each term: weights (k*k*in/groups*out) + BatchNorm gamma and beta (2*out); SE and linear add biases.
        long stem = 9 * 1 * 16 + 2 * 16;                       // conv3x3 1->16 at 28x28
        long stage1 = 2 * (9 * 16 * 16 + 2 * 16);              // two conv3x3 16->16 at 28x28
        long stage2 = 9 * 16 + 2 * 16                          // depthwise 3x3 on 16, stride 2 -> 14x14
                + (16 * 4 + 4) + (4 * 16 + 16)                 // SE 16 -> round(0.25 * 16) = 4 -> 16, with biases
                + 16 * 32 + 2 * 32;                            // pointwise 16->32
        long stage3 = 32 * 96 + 2 * 96                         // expand 32 -> 32*3 at 14x14
                + 9 * 96 + 2 * 96                              // depthwise 3x3 on 96, stride 2 -> 7x7
                + 96 * 64 + 2 * 64;                            // project 96->64
        long head = 64 * 128 + 2 * 128 + (128 * 10 + 10);      // conv1x1 64->128, linear 128->10 with bias
        assertEquals(26_078, stem + stage1 + stage2 + stage3 + head);
        assertEquals(stem + stage1 + stage2 + stage3 + head, cost.parameters());
        // Running mean and variance of every BatchNorm channel: 16+16+16 | 16+32 | 96+96+64 | 128.
        assertEquals(2 * (16 + 16 + 16 + 16 + 32 + 96 + 96 + 64 + 128), cost.buffers());

        // Multiply-adds: out_h * out_w * out_c * k * k * in_c / groups.
        long flops = 28 * 28 * 16 * 9 * 1                      // stem
                + 2 * (28 * 28 * 16 * 9 * 16)                  // stage 1
                + 14 * 14 * 16 * 9                             // depthwise: one input channel per output
                + (16 * 4 + 4 * 16)                            // SE on the pooled 1x1 map
                + 14 * 14 * 32 * 16                            // pointwise
                + 14 * 14 * 96 * 32                            // expand (before the stride)
                + 7 * 7 * 96 * 9                               // depthwise, stride 2
                + 7 * 7 * 64 * 96                              // project
                + 7 * 7 * 128 * 64                             // head conv
                + 128 * 10;                                    // linear
        assertEquals(5_202_464, flops);
        assertEquals(flops, cost.flops());
    }

    @Test
    void unusedChoicesCostNothing() {
        ModelCost plain = TestNetworks.cost(arch("conv 5 1 0 1 24 none", "dwsep 3 1 0 1 48 none",
                "mbconv 7 3 0.25 1 96 none"));
        // Conv ignores expansion and SE, dwsep ignores expansion, a one-layer stage ignores the skip.
        assertEquals(plain, TestNetworks.cost(arch("conv 5 6 0.25 1 24 identity", "dwsep 3 6 0 1 48 identity",
                "mbconv 7 3 0.25 1 96 identity")));
        // An identity residual adds no parameters or multiply-adds.
        assertEquals(TestNetworks.cost(arch("mbconv 3 6 0.25 3 32 none", "conv 3 1 0 2 64 none",
                        "dwsep 5 1 0.25 2 128 none")),
                TestNetworks.cost(arch("mbconv 3 6 0.25 3 32 identity", "conv 3 1 0 2 64 identity",
                        "dwsep 5 1 0.25 2 128 identity")));
    }

    @Test
    void stridesShrinkTheMapAsTheBuilderPads() {
        assertEquals(28, ModelCost.outputSize(28, 7, 1));
        assertEquals(14, ModelCost.outputSize(28, 3, 2));
        assertEquals(14, ModelCost.outputSize(28, 7, 2));
        assertEquals(7, ModelCost.outputSize(14, 5, 2));
        assertEquals(4, ModelCost.outputSize(7, 3, 2));
    }
}
