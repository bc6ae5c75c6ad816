package org.nas4j.data;

import java.util.Objects;

/**
 * A dataset's training and test images: the search carves its validation split from {@code train} and never sees
 * {@code test}, which only retraining and prediction measure. Both hold images of one shape and the same classes.
 */
public record TrainTest(ImageDataset train, ImageDataset test) {
    public TrainTest {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (!train.shape().equals(test.shape())) {
            throw new DatasetException("the training images are " + train.shape() + " but the test images are "
                    + test.shape() + "; the two sets come from different datasets");
        }
        if (!train.classNames().equals(test.classNames())) {
            throw new DatasetException("the training and test images have different classes: " + train.classNames()
                    + " and " + test.classNames());
        }
    }

    /** Each image's shape, the same in both sets. */
    public ImageShape shape() {
        return train.shape();
    }

    public int classes() {
        return train.classes();
    }
}
