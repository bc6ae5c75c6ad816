package org.nas4j.eval;

/**
 * Thrown by an evaluator that rejects an architecture before the expensive part of its evaluation, because it
 * breaks a hard limit (latency, parameters, FLOPs). The trial is PRUNED, costs nothing, and the search goes on.
 */
public class ConstraintViolation extends Exception {
    public ConstraintViolation(String message) {
        super(message);
    }
}
