package org.nas4j.reward;

import org.nas4j.eval.Metrics;

/**
 * The absolute-value latency objective (as in TuNAS, Bender et al., CVPR 2020): {@code ACC + beta x |LAT / T - 1|}.
 * With beta &lt; 0 every deviation from the target T costs, so the search aims at T rather than below it.
 */
public record AbsoluteReward(double targetMs, double beta) implements Reward {
    public AbsoluteReward {
        LatencyRewards.requireTarget(targetMs);
        LatencyRewards.requireFinite(beta, "beta");
    }

    @Override
    public double of(Metrics metrics) {
        return metrics.accuracy() + beta * Math.abs(LatencyRewards.latency(metrics) / targetMs - 1);
    }

    @Override
    public String describe() {
        return "abs: accuracy + " + beta + " x |latency / " + targetMs + " ms - 1|";
    }
}
