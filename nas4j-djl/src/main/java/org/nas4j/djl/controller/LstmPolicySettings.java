package org.nas4j.djl.controller;

import java.util.Objects;
import org.nas4j.strategy.reinforce.AdamSettings;
import org.nas4j.strategy.reinforce.PolicySpec;

/**
 * How the LSTM controller is built ({@link PolicySpec.Lstm}) and trained.
 *
 * @param adam the controller's optimizer. Adam moves every parameter by about the learning rate per step, and the
 *             LSTM has thousands that act together, so it wants a much smaller rate than the factorized policy:
 *             0.001 to 0.01 (on the toys, 0.05 sometimes collapses onto a wrong option)
 */
public record LstmPolicySettings(PolicySpec.Lstm lstm, AdamSettings adam) {
    public LstmPolicySettings {
        Objects.requireNonNull(lstm, "lstm");
        Objects.requireNonNull(adam, "the LSTM controller needs optimizer settings");
    }

    /** Hidden size 64, temperature 1, no tanh bound, Adam with these settings. */
    public static LstmPolicySettings defaults(AdamSettings adam) {
        return new LstmPolicySettings(PolicySpec.Lstm.defaults(), adam);
    }

    /** {@link #defaults(AdamSettings)} with Adam at this learning rate. */
    public static LstmPolicySettings withLearningRate(double learningRate) {
        return defaults(AdamSettings.withLearningRate(learningRate));
    }

    public LstmPolicySettings withHiddenSize(int size) {
        return new LstmPolicySettings(new PolicySpec.Lstm(size, lstm.temperature(), lstm.tanhConstant()), adam);
    }

    /** ENAS's bounded logits, {@code constant * tanh(logits / temperature)}. */
    public LstmPolicySettings withTanh(double constant, double logitTemperature) {
        return new LstmPolicySettings(new PolicySpec.Lstm(lstm.hiddenSize(), logitTemperature, constant), adam);
    }

    public int hiddenSize() {
        return lstm.hiddenSize();
    }

    public double temperature() {
        return lstm.temperature();
    }

    public double tanhConstant() {
        return lstm.tanhConstant();
    }
}
