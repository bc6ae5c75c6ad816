package org.nas4j.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;

/** One update: forward, mean cross-entropy, backward, optimizer step. Returns the loss before the step. */
public final class TrainingStep {
    private TrainingStep() {
    }

    public static double run(Trainer trainer, NDList images, NDArray labels) {
        double loss;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList output = trainer.forward(images);
            NDArray value = CrossEntropy.of(output.singletonOrThrow(), labels);
            collector.backward(value);
            loss = value.getFloat();
        }
        trainer.step();
        return loss;
    }
}
