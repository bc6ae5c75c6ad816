package org.nas4j.reward;

import org.nas4j.eval.Metrics;

/**
 * A weighted sum: {@code ACC - latencyWeight x LAT_ms - paramsWeight x PARAMS_millions}. Simple to reason about,
 * but its weights must be chosen for the units at hand, unlike MnasNet's ratio to a target.
 */
public record WeightedReward(double latencyWeight, double paramsWeight) implements Reward {
    public WeightedReward {
        LatencyRewards.requireFinite(latencyWeight, "the latency weight");
        LatencyRewards.requireFinite(paramsWeight, "the parameters weight");
    }

    @Override
    public double of(Metrics metrics) {
        double reward = metrics.accuracy();
        if (latencyWeight != 0) {
            reward -= latencyWeight * LatencyRewards.latency(metrics);
        }
        if (paramsWeight != 0) {
            if (metrics.parameters() < 0) {
                throw new IllegalStateException("a parameter-weighted reward needs the parameter count, and the "
                        + "evaluator counted none");
            }
            reward -= paramsWeight * metrics.parameters() / 1e6;
        }
        return reward;
    }

    @Override
    public String describe() {
        return "weighted: accuracy - " + latencyWeight + " x latency (ms) - " + paramsWeight + " x parameters (M)";
    }
}
