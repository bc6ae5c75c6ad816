package org.nas4j.eval;

/**
 * What evaluating one architecture measured.
 *
 * @param accuracy    the search signal, in [0, 1] for classification accuracy (a toy's simulated reward otherwise)
 * @param costSeconds what the evaluation cost, real or simulated, for budgets
 * @param latencyMs   inference latency in milliseconds; NaN when not measured
 * @param parameters  trainable parameters; -1 when unknown
 * @param flops       multiply-adds of one inference on one input; -1 when unknown
 */
public record Metrics(double accuracy, double costSeconds, double latencyMs, long parameters, long flops) {
    public Metrics {
        if (Double.isNaN(accuracy)) {
            throw new IllegalArgumentException("accuracy is NaN");
        }
        if (!(costSeconds >= 0)) {
            throw new IllegalArgumentException("cost must be non-negative seconds, got " + costSeconds);
        }
        if (latencyMs < 0 || Double.isInfinite(latencyMs)) {
            throw new IllegalArgumentException("latency must be a non-negative number of ms, got " + latencyMs);
        }
        if (parameters < -1 || flops < -1) {
            throw new IllegalArgumentException("parameters and FLOPs must be counts (-1: unknown), got " + parameters
                    + " and " + flops);
        }
    }

    /** Accuracy, cost and latency; sizes unknown. */
    public Metrics(double accuracy, double costSeconds, double latencyMs) {
        this(accuracy, costSeconds, latencyMs, -1, -1);
    }

    /** Accuracy and cost, nothing else measured. */
    public Metrics(double accuracy, double costSeconds) {
        this(accuracy, costSeconds, Double.NaN, -1, -1);
    }

    public static Metrics ofAccuracy(double accuracy) {
        return new Metrics(accuracy, 0.0);
    }

    public boolean hasLatency() {
        return !Double.isNaN(latencyMs);
    }
}
