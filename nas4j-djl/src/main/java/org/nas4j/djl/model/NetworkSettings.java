package org.nas4j.djl.model;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.nas4j.data.ImageDataset;
import org.nas4j.data.ImageShape;

/**
 * Everything about a network that the architecture does not choose: the input images' shape and the number of
 * classes, which come from the data, and the fixed {@link NetworkLayout} of stem, stage strides and head.
 */
public record NetworkSettings(ImageShape input, int classes, NetworkLayout layout) {

    public NetworkSettings {
        if (input == null || layout == null) {
            throw new IllegalArgumentException("a network needs its input shape and layout");
        }
        NetworkLayout.requirePositive("the number of classes", classes);
    }

    /** Networks for these images and classes, with the default layout. */
    public static NetworkSettings of(ImageShape input, int classes) {
        return new NetworkSettings(input, classes, NetworkLayout.DEFAULT);
    }

    public int inputChannels() {
        return input.channels();
    }

    public int imageHeight() {
        return input.height();
    }

    public int imageWidth() {
        return input.width();
    }

    public int stemChannels() {
        return layout.stemChannels();
    }

    public int stemKernel() {
        return layout.stemKernel();
    }

    public int stemStride() {
        return layout.stemStride();
    }

    public List<Integer> stageStrides() {
        return layout.stageStrides();
    }

    public int headChannels() {
        return layout.headChannels();
    }

    public int stageCount() {
        return layout.stageStrides().size();
    }

    /** The stride of stage {@code s}, counted from 1 as in the decision names. */
    public int stageStride(int stage) {
        return layout.stageStrides().get(stage - 1);
    }

    /** Whether these networks take the images and classes of {@code data}. */
    public boolean fits(ImageDataset data) {
        return data.shape().equals(input) && data.classes() == classes;
    }

    /** One input image's shape, without the batch: (channels, height, width). */
    public Shape imageShape() {
        return new Shape(input.channels(), input.height(), input.width());
    }
}
