package org.nas4j.djl.data;

import java.util.Objects;
import org.nas4j.data.ImageDataset;

/**
 * The images a network trains on, the images it is then measured on (validation while searching, test when
 * retraining), and the normalization computed on the training images that both are fed through.
 */
public record TrainingData(ImageDataset train, ImageDataset evaluation, Normalization normalization) {
    public TrainingData {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(normalization, "normalization");
        if (!train.shape().equals(evaluation.shape())) {
            throw new IllegalArgumentException("the training images are " + train.shape() + " but the evaluation "
                    + "images are " + evaluation.shape());
        }
    }

    /** Trains on {@code train}, normalized with its own statistics, and measures on {@code evaluation}. */
    public static TrainingData of(ImageDataset train, ImageDataset evaluation) {
        return new TrainingData(train, evaluation, Normalization.of(train));
    }
}
