package org.nas4j.strategy.reinforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nas4j.strategy.StateJson;

/**
 * The REINFORCE baseline: an exponential moving average of the rewards seen, b <- decay * b + (1 - decay) * r.
 * Subtracting it from the reward leaves the expected gradient unchanged and cuts its variance: only better-than-usual
 * architectures are reinforced.
 *
 * <p>The average starts at the first reward rather than at zero. Started at zero, it stays far below the rewards for
 * the first dozens of steps, every advantage is positive, and the controller reinforces whatever it happened to
 * sample, as without a baseline (measured on the kernel-size toy: P(best) &gt; 0.8 after 50 steps in 48% of runs
 * instead of 99%).
 */
public final class MovingAverageBaseline {
    private final double decay;
    private double value;
    private boolean started;

    public MovingAverageBaseline(double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("baseline decay must be in [0, 1), got " + decay);
        }
        this.decay = decay;
    }

    /** The current baseline; zero before the first reward. */
    public double value() {
        return value;
    }

    /** The advantage of this reward against the baseline so far; then folds the reward into the baseline. */
    public double advantageThenUpdate(double reward) {
        if (!started) {
            value = reward;
            started = true;
        }
        double advantage = reward - value;
        value = decay * value + (1 - decay) * reward;
        return advantage;
    }

    public ObjectNode saveState() {
        ObjectNode state = StateJson.MAPPER.createObjectNode();
        state.put("value", value);
        state.put("started", started);
        return state;
    }

    public void restoreState(JsonNode state) {
        value = state.path("value").doubleValue();
        started = state.path("started").booleanValue();
    }
}
