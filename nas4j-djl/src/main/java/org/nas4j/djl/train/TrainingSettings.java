package org.nas4j.djl.train;

import java.util.Objects;

/**
 * How each candidate is trained: epochs, batch size, optimizer, peak learning rate, its schedule and weight decay.
 */
public record TrainingSettings(int epochs, int batchSize, OptimizerKind optimizer, double learningRate,
                               ScheduleKind schedule, double weightDecay) {
    /** One epoch of batches of 128, Adam at 0.003 on the one-cycle schedule, no weight decay. */
    public static final TrainingSettings DEFAULT = new TrainingSettings(1, 128, OptimizerKind.ADAM, 0.003,
            ScheduleKind.ONE_CYCLE, 0.0);

    public TrainingSettings {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        if (epochs < 1 || epochs > 10_000) {
            throw new IllegalArgumentException("epochs must be in [1, 10000], got " + epochs);
        }
        if (batchSize < 1 || batchSize > 65_536) {
            throw new IllegalArgumentException("batch_size must be in [1, 65536], got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning_rate must be a positive number, got " + learningRate);
        }
        if (!(weightDecay >= 0 && weightDecay <= 1)) {
            throw new IllegalArgumentException("weight_decay must be in [0, 1], got " + weightDecay);
        }
    }

    public TrainingSettings withEpochs(int count) {
        return new TrainingSettings(count, batchSize, optimizer, learningRate, schedule, weightDecay);
    }

    public TrainingSettings withBatchSize(int size) {
        return new TrainingSettings(epochs, size, optimizer, learningRate, schedule, weightDecay);
    }

    /** Updates an epoch over {@code images} takes (the last batch may be smaller). */
    public int updatesPerEpoch(int images) {
        return (images + batchSize - 1) / batchSize;
    }
}
