package org.nas4j.reward;

import org.nas4j.eval.Metrics;

/** What latency-aware rewards share. */
final class LatencyRewards {
    private LatencyRewards() {
    }

    /** The measured latency; an error if the evaluator measured none, since the reward would be meaningless. */
    static double latency(Metrics metrics) {
        if (!metrics.hasLatency()) {
            throw new IllegalStateException("a latency-aware reward needs measured latency, and the evaluator "
                    + "measured none");
        }
        return metrics.latencyMs();
    }
}
