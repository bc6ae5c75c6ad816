package org.nas4j.pareto;

/** One architecture on the accuracy-latency plane; {@code id} says which (a trial number, a table row). */
public record ParetoPoint(int id, double accuracy, double latencyMs) {
    public ParetoPoint {
        if (!Double.isFinite(accuracy) || !Double.isFinite(latencyMs)) {
            throw new IllegalArgumentException("a Pareto point needs finite accuracy and latency, got " + accuracy
                    + " and " + latencyMs);
        }
    }

    /** At least as accurate and as fast, and strictly better in one of the two. */
    public boolean dominates(ParetoPoint other) {
        return accuracy >= other.accuracy && latencyMs <= other.latencyMs
                && (accuracy > other.accuracy || latencyMs < other.latencyMs);
    }
}
