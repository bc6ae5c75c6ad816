package org.nas4j.strategy.reinforce;

/**
 * How REINFORCE learns.
 *
 * @param adam          the controller's optimizer
 * @param useBaseline   subtract a moving-average baseline from rewards; without it the loss is the plain
 *                      {@code -log p(a) * reward}
 * @param baselineDecay the baseline's decay, in [0, 1)
 * @param entropyWeight weight of the entropy bonus that keeps the controller exploring; 0 turns it off
 * @param batchSize     rewards collected before each controller update
 */
public record ReinforceSettings(AdamSettings adam, boolean useBaseline, double baselineDecay, double entropyWeight,
                                int batchSize) {
    /** Adam's default step for independent logits. */
    public static final double FACTORIZED_LEARNING_RATE = 0.1;
    /**
     * Adam's default step for the LSTM controller: its thousands of weights all move by about the learning rate at
     * each step, and at 0.05 it collapses onto a wrong choice in some runs of the kernel-size toy.
     */
    public static final double LSTM_LEARNING_RATE = 0.005;

    public ReinforceSettings {
        if (adam == null) {
            throw new IllegalArgumentException("REINFORCE needs optimizer settings");
        }
        if (!(baselineDecay >= 0 && baselineDecay < 1)) {
            throw new IllegalArgumentException("baseline decay must be in [0, 1), got " + baselineDecay);
        }
        if (!(entropyWeight >= 0) || !Double.isFinite(entropyWeight)) {
            throw new IllegalArgumentException("entropy weight must be a non-negative number, got " + entropyWeight);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
    }

    /** Adam at this learning rate, baseline with decay 0.9, no entropy bonus, an update after every reward. */
    public static ReinforceSettings defaults(double learningRate) {
        return new ReinforceSettings(AdamSettings.withLearningRate(learningRate), true, 0.9, 0.0, 1);
    }

    public ReinforceSettings withoutBaseline() {
        return new ReinforceSettings(adam, false, baselineDecay, entropyWeight, batchSize);
    }

    public ReinforceSettings withEntropyWeight(double weight) {
        return new ReinforceSettings(adam, useBaseline, baselineDecay, weight, batchSize);
    }

    public ReinforceSettings withBaselineDecay(double decay) {
        return new ReinforceSettings(adam, useBaseline, decay, entropyWeight, batchSize);
    }

    public ReinforceSettings withBatchSize(int size) {
        return new ReinforceSettings(adam, useBaseline, baselineDecay, entropyWeight, size);
    }
}
