package org.nas4j.djl.model;

import java.util.List;

/**
 * The fixed parts of every network of the space, around the searched stages: the stem (conv k x k, BatchNorm,
 * ReLU), the stride of each stage (their number is the number of stages), and the head (conv 1 x 1 to
 * {@code headChannels}, BatchNorm, ReLU, global average pool, linear). The config's {@code network:} section.
 */
public record NetworkLayout(int stemChannels, int stemKernel, int stemStride, List<Integer> stageStrides,
                            int headChannels) {
    /** Stem 3 x 3 to 16 at stride 1, three stages at strides 1, 2, 2, head to 128: sized for 28 x 28 inputs. */
    public static final NetworkLayout DEFAULT = new NetworkLayout(16, 3, 1, List.of(1, 2, 2), 128);

    public NetworkLayout {
        requirePositive("stem_channels", stemChannels);
        requirePositive("stem_stride", stemStride);
        requirePositive("head_channels", headChannels);
        if (stemKernel < 1 || stemKernel % 2 == 0) {
            // Odd kernels only: padding kernel / 2 keeps the size ("same") only for odd kernels.
            throw new IllegalArgumentException("stem_kernel must be odd and positive, got " + stemKernel);
        }
        if (stageStrides == null || stageStrides.isEmpty()) {
            throw new IllegalArgumentException("stage_strides needs one stride per stage, got " + stageStrides);
        }
        stageStrides = List.copyOf(stageStrides);
        for (int stride : stageStrides) {
            requirePositive("stage_strides: every stride", stride);
        }
    }

    static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
