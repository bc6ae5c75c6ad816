package org.nas4j.djl.train;

import ai.djl.training.tracker.Tracker;

/**
 * The learning rate over the updates of a training run: constant, cosine decay to zero, or one-cycle (a linear
 * warm-up from lr/25 over the first 30% of updates, then cosine decay to lr/10^4, as in Smith's one-cycle policy),
 * which trains short budgets well.
 */
public final class LearningRateSchedule implements Tracker {
    private static final double WARM_UP_FRACTION = 0.3;

    private final ScheduleKind kind;
    private final double peak;
    private final int totalUpdates;

    public LearningRateSchedule(ScheduleKind kind, double peak, int totalUpdates) {
        java.util.Objects.requireNonNull(kind, "kind");
        if (!(peak > 0) || totalUpdates < 1) {
            throw new IllegalArgumentException("need a positive learning rate and at least one update, got " + peak
                    + " and " + totalUpdates);
        }
        this.kind = kind;
        this.peak = peak;
        this.totalUpdates = totalUpdates;
    }

    @Override
    public float getNewValue(int numUpdate) {
        double progress = Math.min(1.0, (double) numUpdate / totalUpdates);
        switch (kind) {
            case COSINE:
                return (float) (peak * 0.5 * (1 + Math.cos(Math.PI * progress)));
            case ONE_CYCLE:
                double start = peak / 25;
                if (progress < WARM_UP_FRACTION) {
                    return (float) (start + (peak - start) * progress / WARM_UP_FRACTION);
                }
                double end = peak / 1e4;
                double down = (progress - WARM_UP_FRACTION) / (1 - WARM_UP_FRACTION);
                return (float) (end + (peak - end) * 0.5 * (1 + Math.cos(Math.PI * down)));
            default:
                return (float) peak;
        }
    }
}
