package org.nas4j.djl.controller;

import org.nas4j.strategy.reinforce.AdamSettings;

/**
 * How the LSTM controller is built and trained.
 *
 * @param hiddenSize   size of the LSTM state and of the choice embeddings (Zoph and Le, ENAS: 64 to 100)
 * @param temperature  the logits are divided by it before the softmax; 1 leaves them as they are (ENAS: 5)
 * @param tanhConstant when positive, logits become {@code tanhConstant * tanh(logits / temperature)}, which bounds
 *                     them and keeps the controller exploring (ENAS: 2.5); 0 turns this off
 * @param adam         the controller's optimizer. Adam moves every parameter by about the learning rate per step,
 *                     and the LSTM has thousands that act together, so it wants a much smaller rate than the
 *                     factorized policy: 0.001 to 0.01 (on the toys, 0.05 sometimes collapses onto a wrong option)
 */
public record LstmPolicySettings(int hiddenSize, double temperature, double tanhConstant, AdamSettings adam) {
    public static final int DEFAULT_HIDDEN_SIZE = 64;

    public LstmPolicySettings {
        if (hiddenSize < 1 || hiddenSize > 4096) {
            throw new IllegalArgumentException("LSTM hidden size must be in [1, 4096], got " + hiddenSize);
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("LSTM controller temperature must be a positive number, got "
                    + temperature);
        }
        if (!(tanhConstant >= 0) || !Double.isFinite(tanhConstant)) {
            throw new IllegalArgumentException("LSTM controller tanh constant must be a non-negative number"
                    + " (0 turns it off), got " + tanhConstant);
        }
        if (adam == null) {
            throw new IllegalArgumentException("the LSTM controller needs optimizer settings");
        }
    }

    /** Hidden size 64, temperature 1, no tanh bound, Adam with these settings. */
    public static LstmPolicySettings defaults(AdamSettings adam) {
        return new LstmPolicySettings(DEFAULT_HIDDEN_SIZE, 1.0, 0.0, adam);
    }

    /** {@link #defaults(AdamSettings)} with Adam at this learning rate. */
    public static LstmPolicySettings withLearningRate(double learningRate) {
        return defaults(AdamSettings.withLearningRate(learningRate));
    }

    public LstmPolicySettings withHiddenSize(int size) {
        return new LstmPolicySettings(size, temperature, tanhConstant, adam);
    }

    /** ENAS's bounded logits, {@code constant * tanh(logits / temperature)}. */
    public LstmPolicySettings withTanh(double constant, double logitTemperature) {
        return new LstmPolicySettings(hiddenSize, logitTemperature, constant, adam);
    }
}
