package org.nas4j.eval;

/**
 * What evaluating one architecture measured.
 *
 * @param accuracy    the search signal, in [0, 1] for classification accuracy (a toy's simulated reward otherwise)
 * @param costSeconds what the evaluation cost, real or simulated, for budgets
 */
public record Metrics(double accuracy, double costSeconds) {
    public Metrics {
        if (Double.isNaN(accuracy)) {
            throw new IllegalArgumentException("accuracy is NaN");
        }
        if (!(costSeconds >= 0)) {
            throw new IllegalArgumentException("cost must be non-negative seconds, got " + costSeconds);
        }
    }

    public static Metrics ofAccuracy(double accuracy) {
        return new Metrics(accuracy, 0.0);
    }
}
