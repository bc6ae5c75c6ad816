package org.nas4j.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.nas4j.data.ImageDataset;
import org.nas4j.djl.data.Batch;
import org.nas4j.djl.data.Batches;

/** Running a trained network over a dataset, in inference mode (BatchNorm uses its running statistics). */
public final class Inference {
    private Inference() {
    }

    /** Top-1 accuracy of {@code block} on {@code data}; every batch is freed as soon as it is counted. */
    public static double accuracy(Block block, NDManager manager, ImageDataset data, int batchSize) {
        ParameterStore parameters = new ParameterStore(manager, false);
        long correct = 0;
        for (Batch batch : Batches.inOrder(data, batchSize).epoch(manager, 0)) {
            try (batch) {
                NDList output = block.forward(parameters, batch.data(), false);
                NDArray predicted = output.singletonOrThrow().argMax(1);
                output.attach(batch.manager());
                correct += predicted.eq(batch.labels()).countNonzero().getLong();
            }
        }
        return (double) correct / data.size();
    }
}
