package org.nas4j.djl.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.nas4j.space.Architecture;

/**
 * Builds the DJL block of a {@link NetworkSpec}: stem, the layers of every stage, head. The block maps
 * (N, inputChannels, height, width) to (N, classes) logits; initialize it with {@link #inputShape} before use.
 * Convolutions followed by BatchNorm have no bias, and every k x k convolution pads k / 2 ("same" at stride 1).
 *
 * <p>The block's weights save with {@code block.saveParameters(DataOutputStream)} and load into a block built again
 * from the same spec with {@code loadParameters(manager, DataInputStream)}, no {@code initialize} needed; the
 * stream holds the BatchNorm running statistics too. The stream does not describe the structure, so store the
 * architecture (its canonical string or JSON) beside it.
 */
public final class NetworkBuilder {
    private NetworkBuilder() {
    }

    public static SequentialBlock build(Architecture architecture) {
        return build(NetworkSpec.of(architecture));
    }

    public static SequentialBlock build(NetworkSpec spec) {
        NetworkSettings settings = spec.settings();
        SequentialBlock network = new SequentialBlock();
        network.add(conv(settings.stemChannels(), settings.stemKernel(), settings.stemStride(), 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        for (LayerSpec layer : spec.layers()) {
            network.add(layer(layer));
        }
        network.add(conv(settings.headChannels(), 1, 1, 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock())
                // Global pooling gives (N, C) on PyTorch; flattening keeps the head right on any engine.
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(settings.classes()).build());
        return network;
    }

    /** The shape to initialize the block with: (batch, inputChannels, height, width). */
    public static Shape inputShape(NetworkSettings settings, long batch) {
        return new Shape(batch, settings.inputChannels(), settings.imageHeight(), settings.imageWidth());
    }

    /** One layer, wrapped in an identity residual where the layer has one. */
    public static Block layer(LayerSpec layer) {
        Block body = body(layer);
        return layer.residual() ? residual(body) : body;
    }

    private static SequentialBlock body(LayerSpec layer) {
        int out = layer.outChannels();
        SequentialBlock block = new SequentialBlock();
        if (layer.block() == BlockType.CONV) {
            return block.add(conv(out, layer.kernel(), layer.stride(), 1))
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock());
        }
        int wide = layer.depthwiseChannels();
        if (layer.hasExpansion()) {
            block.add(conv(wide, 1, 1, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
        }
        block.add(conv(wide, layer.kernel(), layer.stride(), wide))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        if (layer.hasSqueezeExcitation()) {
            block.add(new SqueezeExcitation(wide, layer.squeezeChannels()));
        }
        block.add(conv(out, 1, 1, 1)).add(BatchNorm.builder().build());
        // mbconv's projection is linear (MobileNetV2): a ReLU there would discard information in the bottleneck.
        if (layer.block() == BlockType.DWSEP) {
            block.add(Activation.reluBlock());
        }
        return block;
    }

    /** output = body(x) + x, as DJL's own ResNet builds it. */
    private static ParallelBlock residual(Block body) {
        return new ParallelBlock(
                branches -> new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow())),
                List.of(body, Blocks.identityBlock()));
    }

    /** A k x k convolution without bias, padded k / 2; groups equal to the input width make it depthwise. */
    private static Conv2d conv(int filters, int kernel, int stride, int groups) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optGroups(groups)
                .setFilters(filters)
                .optBias(false)
                .build();
    }
}
