package org.nas4j.djl.model;

import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * The fixed parts of every network of the space: the input, the stem before the searched stages, the stride of
 * each stage, and the head after them. The stem is conv k x k (no bias), BatchNorm, ReLU; the head is conv 1 x 1 to
 * {@code headChannels} (no bias), BatchNorm, ReLU, global average pool, and a linear layer (with bias) to
 * {@code classes}. The number of stages is the number of stage strides.
 */
public record NetworkSettings(int inputChannels, int imageHeight, int imageWidth, int classes, int stemChannels,
        int stemKernel, int stemStride, List<Integer> stageStrides, int headChannels) {

    /** Fashion-MNIST: 1 x 28 x 28 grayscale, 10 classes; stem 3 x 3 to 16 at stride 1, stages at 1, 2, 2. */
    public static final NetworkSettings FASHION_MNIST = new NetworkSettings(1, 28, 28, 10, 16, 3, 1,
            List.of(1, 2, 2), 128);

    public NetworkSettings {
        requirePositive("inputChannels", inputChannels);
        requirePositive("imageHeight", imageHeight);
        requirePositive("imageWidth", imageWidth);
        requirePositive("classes", classes);
        requirePositive("stemChannels", stemChannels);
        requirePositive("stemStride", stemStride);
        requirePositive("headChannels", headChannels);
        if (stemKernel < 1 || stemKernel % 2 == 0) {
            // Odd kernels only: padding kernel / 2 keeps the size ("same") only for odd kernels.
            throw new IllegalArgumentException("stemKernel must be odd and positive, got " + stemKernel);
        }
        if (stageStrides == null || stageStrides.isEmpty()) {
            throw new IllegalArgumentException("stageStrides needs one stride per stage, got " + stageStrides);
        }
        stageStrides = List.copyOf(stageStrides);
        for (int stride : stageStrides) {
            requirePositive("every stage stride", stride);
        }
    }

    public int stageCount() {
        return stageStrides.size();
    }

    /** The stride of stage {@code s}, counted from 1 as in the decision names. */
    public int stageStride(int stage) {
        return stageStrides.get(stage - 1);
    }

    private static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    /** One input image's shape, without the batch: (channels, height, width). */
    public Shape imageShape() {
        return new Shape(inputChannels, imageHeight, imageWidth);
    }
}
