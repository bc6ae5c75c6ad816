package org.nas4j.reward;

import org.nas4j.eval.Metrics;

/**
 * MnasNet's soft latency objective (Tan et al., CVPR 2019): {@code ACC x (LAT / T)^w}. With w &lt; 0 a model
 * slower than the target T pays, one faster gains a little; w = -0.07 is MnasNet's choice.
 */
public record MnasReward(double targetMs, double w) implements Reward {
    public MnasReward {
        LatencyRewards.requireTarget(targetMs);
        LatencyRewards.requireFinite(w, "the exponent w");
    }

    @Override
    public double of(Metrics metrics) {
        return metrics.accuracy() * Math.pow(LatencyRewards.latency(metrics) / targetMs, w);
    }

    @Override
    public String describe() {
        return "mnas: accuracy x (latency / " + targetMs + " ms)^" + w;
    }
}
