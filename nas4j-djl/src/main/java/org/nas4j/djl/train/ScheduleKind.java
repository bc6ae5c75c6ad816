package org.nas4j.djl.train;

/**
 * How the learning rate moves over a training run ({@link LearningRateSchedule}); configs write the names in lower
 * case with '-' for '_' ({@code one-cycle}).
 */
public enum ScheduleKind {
    CONSTANT,
    /** Cosine decay to zero. */
    COSINE,
    /** Linear warm-up from lr/25 over the first 30% of updates, then cosine decay to lr/10^4 (Smith). */
    ONE_CYCLE
}
