package org.nas4j.reward;

import org.nas4j.eval.Metrics;

/** What latency-aware rewards share. */
final class LatencyRewards {
    private LatencyRewards() {
    }

    static void requireTarget(double targetMs) {
        if (!(targetMs > 0) || !Double.isFinite(targetMs)) {
            throw new IllegalArgumentException("the latency target must be a positive number of ms, got " + targetMs);
        }
    }

    static void requireFinite(double value, String name) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + value);
        }
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
