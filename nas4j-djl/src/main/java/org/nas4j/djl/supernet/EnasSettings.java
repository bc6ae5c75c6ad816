package org.nas4j.djl.supernet;

import java.util.Objects;
import org.nas4j.strategy.StrategySpec;
import org.nas4j.strategy.reinforce.PolicySpec;

/**
 * The controller of ENAS-style supernet training ({@link PathSampling#ENAS}): its policy (factorized or LSTM, with
 * the REINFORCE defaults of that policy), how many weight steps pass between its turns and how many updates each
 * turn makes, each rewarded by one validation batch.
 */
public record EnasSettings(PolicySpec policy, int every, int steps) {
    /** A factorized controller that learns for 10 steps after every 50 weight steps. */
    public static final EnasSettings DEFAULT = new EnasSettings(new PolicySpec.Factorized(), 50, 10);

    public EnasSettings {
        Objects.requireNonNull(policy, "policy");
        if (every < 1 || steps < 1) {
            throw new IllegalArgumentException("controller_every and controller_steps must be positive, got "
                    + every + " and " + steps);
        }
    }

    /** The controller as a strategy spec. */
    public StrategySpec.Reinforce controller() {
        return StrategySpec.Reinforce.defaults(policy);
    }
}
