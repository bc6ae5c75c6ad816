package org.nas4j.djl.model;

/**
 * One layer of a stage with its channels and stride resolved: the form that {@link NetworkBuilder} builds and
 * {@link ModelCost} counts, so the two cannot disagree on a width.
 *
 * @param stage    the stage, counted from 1
 * @param index    the layer within its stage, counted from 1; layer 1 has the stage stride and changes the width
 * @param residual whether the layer adds its input to its output (layers 2..n of a stage with skip = identity)
 */
public record LayerSpec(int stage, int index, BlockType block, int kernel, int expansion, double seRatio,
        int inChannels, int outChannels, int stride, boolean residual) {

    public LayerSpec {
        if (residual && (stride != 1 || inChannels != outChannels)) {
            throw new IllegalArgumentException("an identity residual needs stride 1 and equal widths, got stride "
                    + stride + " and " + inChannels + " -> " + outChannels + " channels");
        }
    }

    /** Whether mbconv has its 1 x 1 expansion; with expansion 1 it would be an identity, so MnasNet leaves it out. */
    public boolean hasExpansion() {
        return block == BlockType.MBCONV && expansion > 1;
    }

    /** The width of the depthwise convolution (dwsep, mbconv): the input width times the expansion in mbconv. */
    public int depthwiseChannels() {
        return hasExpansion() ? Math.multiplyExact(inChannels, expansion) : inChannels;
    }

    /** Whether the layer has squeeze-and-excitation; a plain conv block has none whatever the ratio. */
    public boolean hasSqueezeExcitation() {
        return block != BlockType.CONV && seRatio > 0;
    }

    /**
     * The SE bottleneck width: max(1, round(ratio x the layer's INPUT channels)), as in MnasNet and EfficientNet
     * (not of the expanded width, which would make the SE of a 6x mbconv six times larger).
     */
    public int squeezeChannels() {
        return Math.max(1, (int) Math.round(seRatio * inChannels));
    }
}
