package org.nas4j.djl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.nas4j.data.ImageDataset;
import org.nas4j.djl.data.Batch;
import org.nas4j.djl.data.Batches;
import org.nas4j.djl.data.Normalization;

/** Running a trained network over a dataset, in inference mode (BatchNorm uses its running statistics). */
public final class Inference {
    private Inference() {
    }

    /** Top-1 accuracy of {@code block} on {@code data}; every batch is freed as soon as it is counted. */
    public static double accuracy(Block block, NDManager manager, ImageDataset data, int batchSize,
                                  Normalization normalization) {
        int[] predicted = predict(block, manager, data, batchSize, normalization);
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == data.label(i)) {
                correct++;
            }
        }
        return (double) correct / data.size();
    }

    /** A network's accuracy and mean cross-entropy loss on a dataset. */
    public record Score(double accuracy, double loss) {
    }

    /**
     * Top-1 accuracy and mean cross-entropy of {@code block} on {@code data}, in one pass; every batch is freed as
     * soon as it is counted.
     */
    public static Score score(Block block, NDManager manager, ImageDataset data, int batchSize,
                              Normalization normalization) {
        ParameterStore parameters = new ParameterStore(manager, false);
        long correct = 0;
        double lossSum = 0;
        for (Batch batch : Batches.inOrder(data, batchSize, normalization).epoch(manager, 0)) {
            try (batch) {
                NDList output = block.forward(parameters, batch.data(), false);
                output.attach(batch.manager());
                NDArray logits = output.singletonOrThrow();
                NDArray labels = batch.labels();
                long rows = logits.getShape().get(0);
                correct += logits.argMax(1).toType(labels.getDataType(), false).eq(labels).sum().toType(
                        ai.djl.ndarray.types.DataType.INT64, false).getLong();
                lossSum += CrossEntropy.of(logits, labels).getFloat() * rows;
            }
        }
        return new Score((double) correct / data.size(), lossSum / data.size());
    }

    /** The class {@code block} predicts for each image of {@code data}, in order. */
    public static int[] predict(Block block, NDManager manager, ImageDataset data, int batchSize,
                                Normalization normalization) {
        ParameterStore parameters = new ParameterStore(manager, false);
        int[] classes = new int[data.size()];
        int next = 0;
        for (Batch batch : Batches.inOrder(data, batchSize, normalization).epoch(manager, 0)) {
            try (batch) {
                NDList output = block.forward(parameters, batch.data(), false);
                NDArray predicted = output.singletonOrThrow().argMax(1);
                output.attach(batch.manager());
                for (long label : predicted.toLongArray()) {
                    classes[next++] = (int) label;
                }
            }
        }
        return classes;
    }
}
