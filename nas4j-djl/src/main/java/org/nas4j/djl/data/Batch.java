package org.nas4j.djl.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * One batch of images and labels on the engine. It owns the sub-manager that holds its arrays (and whatever the
 * caller attaches to it): close it, best in try-with-resources, and its native memory is freed at once.
 */
public final class Batch implements AutoCloseable {
    private final NDManager manager;
    private final NDArray images;
    private final NDArray labels;
    private final int[] indices;

    Batch(NDManager manager, NDArray images, NDArray labels, int[] indices) {
        this.manager = manager;
        this.images = images;
        this.labels = labels;
        this.indices = indices;
    }

    /** float32 of shape (B, 1, rows, cols), normalized. */
    public NDArray images() {
        return images;
    }

    /**
     * int64 class indices of shape (B): the sparse labels that {@code Loss.softmaxCrossEntropyLoss()} expects by
     * default, and PyTorch's own index type, so its gather needs no conversion.
     */
    public NDArray labels() {
        return labels;
    }

    /** The images as the single input of a block's forward pass. */
    public NDList data() {
        return new NDList(images);
    }

    /** The labels as the label list of a loss or evaluator. */
    public NDList labelList() {
        return new NDList(labels);
    }

    /** B, the number of images. */
    public int size() {
        return indices.length;
    }

    /** The dataset index of each image, in batch order. */
    public int[] indices() {
        return indices.clone();
    }

    /** The batch's sub-manager: arrays computed from the batch can be attached here to be freed with it. */
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
