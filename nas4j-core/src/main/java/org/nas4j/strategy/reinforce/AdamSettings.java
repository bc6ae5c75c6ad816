package org.nas4j.strategy.reinforce;

/** Adam's hyper-parameters (Kingma and Ba, 2015), validated on construction. */
public record AdamSettings(double learningRate, double beta1, double beta2, double epsilon) {
    public AdamSettings {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
        }
    }

    public static AdamSettings withLearningRate(double learningRate) {
        return new AdamSettings(learningRate, 0.9, 0.999, 1e-8);
    }
}
