package org.nas4j.eval;

/**
 * What evaluating one architecture measured.
 *
 * @param accuracy    the search signal, in [0, 1] for classification accuracy (a toy's simulated reward otherwise)
 * @param costSeconds what the evaluation cost, real or simulated, for budgets
 * @param latencyMs   inference latency in milliseconds; NaN when not measured
 */
public record Metrics(double accuracy, double costSeconds, double latencyMs) {
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
    }

    /** Accuracy and cost, latency not measured. */
    public Metrics(double accuracy, double costSeconds) {
        this(accuracy, costSeconds, Double.NaN);
    }

    public static Metrics ofAccuracy(double accuracy) {
        return new Metrics(accuracy, 0.0);
    }

    public boolean hasLatency() {
        return !Double.isNaN(latencyMs);
    }
}
