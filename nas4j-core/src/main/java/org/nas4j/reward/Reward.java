package org.nas4j.reward;

import org.nas4j.eval.Metrics;

/** Turns what was measured into the one number a strategy maximizes. */
@FunctionalInterface
public interface Reward {

    double of(Metrics metrics);

    /** The reward is the accuracy itself. */
    static Reward accuracy() {
        return Metrics::accuracy;
    }
}
