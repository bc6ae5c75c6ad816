package org.nas4j.reward;

import org.nas4j.eval.Metrics;

/**
 * Turns what was measured into the one number a strategy maximizes. The kinds are closed: each is a record that
 * checks its own settings, so a reward built in code and one read from a config go through the same checks.
 */
public sealed interface Reward permits Reward.Accuracy, WeightedReward, MnasReward, AbsoluteReward {

    double of(Metrics metrics);

    /** The reward in words, with its settings, for reports. */
    String describe();

    /** The reward is the accuracy itself. */
    static Reward accuracy() {
        return new Accuracy();
    }

    /** The accuracy, nothing else. */
    record Accuracy() implements Reward {
        @Override
        public double of(Metrics metrics) {
            return metrics.accuracy();
        }

        @Override
        public String describe() {
            return "accuracy";
        }
    }
}
