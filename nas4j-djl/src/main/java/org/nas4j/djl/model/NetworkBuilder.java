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
import org.nas4j.data.ImageShape;

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

    public static SequentialBlock build(NetworkSpec spec) {
        // Each layer is one child block (a sequence, or a residual around one), so that a saved model's parameters
        // keep their structure: stem operations, one child per layer, head operations.
        SequentialBlock network = sequence(NetworkOps.stem(spec.settings()));
        for (LayerSpec layer : spec.layers()) {
            network.add(layer(layer));
        }
        addAll(network, NetworkOps.head(spec));
        return network;
    }

    /** The shape to initialize the block with: (batch, inputChannels, height, width). */
    public static Shape inputShape(NetworkSettings settings, long batch) {
        return inputShape(settings.input(), batch);
    }

    /** The shape of a batch of {@code batch} images of this shape: (B, C, H, W). */
    public static Shape inputShape(ImageShape image, long batch) {
        return new Shape(batch, image.channels(), image.height(), image.width());
    }

    /** One layer, wrapped in an identity residual where the layer has one. */
    public static Block layer(LayerSpec layer) {
        List<Op> ops = NetworkOps.layer(layer);
        // A residual layer is the one Residual operation; a plain layer, its operations in sequence.
        return ops.size() == 1 && ops.get(0) instanceof Op.Residual residual ? block(residual) : sequence(ops);
    }

    /** The operations in order, as one block. */
    public static SequentialBlock sequence(List<Op> ops) {
        SequentialBlock block = new SequentialBlock();
        addAll(block, ops);
        return block;
    }

    private static void addAll(SequentialBlock block, List<Op> ops) {
        for (Op op : ops) {
            if (op instanceof Op.GlobalAveragePool) {
                // Global pooling gives (N, C) on PyTorch; flattening keeps the head right on any engine.
                block.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
            } else {
                block.add(block(op));
            }
        }
    }

    private static Block block(Op op) {
        if (op instanceof Op.Conv c) {
            return conv(c.out(), c.kernel(), c.stride(), c.groups(), c.bias());
        } else if (op instanceof Op.BatchNorm) {
            return BatchNorm.builder().build();
        } else if (op instanceof Op.Relu) {
            return Activation.reluBlock();
        } else if (op instanceof Op.SqueezeExcite se) {
            return new SqueezeExcitation(se.channels(), se.squeeze());
        } else if (op instanceof Op.Residual r) {
            return residual(sequence(r.body()));
        } else if (op instanceof Op.Linear l) {
            return Linear.builder().setUnits(l.out()).build();
        }
        // Global pooling is two blocks, added by addAll.
        throw new IllegalArgumentException("no single block for " + op);
    }

    /** output = body(x) + x, as DJL's own ResNet builds it. */
    private static ParallelBlock residual(Block body) {
        return new ParallelBlock(
                branches -> new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow())),
                List.of(body, Blocks.identityBlock()));
    }

    /** A k x k convolution padded k / 2; groups equal to the input width make it depthwise. */
    private static Conv2d conv(int filters, int kernel, int stride, int groups, boolean bias) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optGroups(groups)
                .setFilters(filters)
                .optBias(bias)
                .build();
    }
}
