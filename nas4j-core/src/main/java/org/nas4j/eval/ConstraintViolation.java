package org.nas4j.eval;

/**
 * Thrown by an evaluator that rejects an architecture before the expensive part of its evaluation, because it
 * breaks a hard limit (latency, parameters, FLOPs). The trial is PRUNED, costs nothing, and the search goes on.
 */
public class ConstraintViolation extends Exception {
    private final double excess;

    /**
     * @param excess how far over its limit the architecture is, as measured value / limit (above 1); a learned
     *               strategy uses it to tell "just over" from "far over"
     */
    public ConstraintViolation(String message, double excess) {
        super(message);
        if (!(excess > 1)) {
            throw new IllegalArgumentException("a violated limit is exceeded by a factor above 1, got " + excess);
        }
        this.excess = excess;
    }

    /** Measured value / limit, above 1. */
    public double excess() {
        return excess;
    }
}
