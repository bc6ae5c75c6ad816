package org.nas4j.djl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Squeeze-and-excitation (Hu et al., 2018) as in MnasNet: average each channel over the map, a 1 x 1 convolution
 * with bias down to {@code squeezeChannels}, ReLU, a 1 x 1 convolution with bias back to {@code channels}, sigmoid,
 * and the input scaled channel by channel by the result. Its parameters are the two convolutions' (children
 * "reduce" and "expand"), so it saves and loads like any DJL block.
 *
 * <p>The forward pass uses only array-with-array operations: on the PyTorch engine, {@code mul(Number)} and the
 * like free their scalar before autograd reads it (see {@code LstmPolicy}).
 */
public final class SqueezeExcitation extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int channels;
    private final int squeezeChannels;
    private final Block reduce;
    private final Block expand;

    public SqueezeExcitation(int channels, int squeezeChannels) {
        super(VERSION);
        if (channels < 1 || squeezeChannels < 1) {
            throw new IllegalArgumentException("squeeze-and-excitation needs positive widths, got " + channels
                    + " channels squeezed to " + squeezeChannels);
        }
        this.channels = channels;
        this.squeezeChannels = squeezeChannels;
        this.reduce = addChildBlock("reduce", pointwise(squeezeChannels));
        this.expand = addChildBlock("expand", pointwise(channels));
    }

    private static Conv2d pointwise(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(filters).optBias(true).build();
    }

    public int channels() {
        return channels;
    }

    public int squeezeChannels() {
        return squeezeChannels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        // One axis at a time: DJL's PyTorch mean takes a single axis.
        NDArray pooled = x.mean(new int[] {3}, true).mean(new int[] {2}, true);
        NDArray hidden = Activation.relu(reduce.forward(parameterStore, new NDList(pooled), training, params)
                .singletonOrThrow());
        NDArray gate = Activation.sigmoid(expand.forward(parameterStore, new NDList(hidden), training, params)
                .singletonOrThrow());
        return new NDList(x.mul(gate));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape input = inputShapes[0];
        if (input.dimension() != 4 || input.get(1) != channels) {
            throw new IllegalArgumentException("squeeze-and-excitation over " + channels
                    + " channels needs input (N, " + channels + ", H, W), got " + input);
        }
        reduce.initialize(manager, dataType, new Shape(input.get(0), channels, 1, 1));
        expand.initialize(manager, dataType, new Shape(input.get(0), squeezeChannels, 1, 1));
    }

    @Override
    public String toString() {
        return "SqueezeExcitation(" + channels + " -> " + squeezeChannels + " -> " + channels + ")";
    }
}
