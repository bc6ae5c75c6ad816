package org.nas4j.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Mean softmax cross-entropy over a batch, from logits and int64 class labels, built only from operations without
 * scalar arguments: on the PyTorch engine a scalar argument is freed before autograd reads it (see
 * {@code LstmPolicy}), so nas4j keeps its training graph free of them.
 */
public final class CrossEntropy extends Loss {

    public CrossEntropy() {
        super("CrossEntropy");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return of(predictions.singletonOrThrow(), labels.singletonOrThrow());
    }

    /** The mean loss of logits (B x classes) against labels (B). */
    public static NDArray of(NDArray logits, NDArray labels) {
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray oneHot = labels.oneHot((int) logits.getShape().get(1)).toType(logProbabilities.getDataType(), false);
        return logProbabilities.mul(oneHot).sum(new int[] {1}).mean().neg();
    }
}
