package org.nas4j.eval;

import java.util.Optional;

/**
 * A trial stopped early by a pruner, after {@code epoch} epochs: thrown by {@link TrialReporter#report} and on out
 * of the evaluator, which adds what it measured so far ({@link #withMetrics}). The study records the trial as
 * PRUNED, keeps its partial curve, and tells the strategy its last accuracy as a result of lower fidelity.
 */
public final class TrialPruned extends RuntimeException {
    private final int epoch;
    private final double accuracy;
    private final String rule;
    private final String reason;
    private final transient Optional<Metrics> metrics;

    /**
     * @param epoch    the last epoch the trial trained
     * @param accuracy its validation accuracy then
     * @param rule     the pruner that stopped it, as the config names it ({@code median}, {@code asha}, ...)
     * @param reason   why, in words
     */
    public TrialPruned(int epoch, double accuracy, String rule, String reason) {
        this(epoch, accuracy, rule, reason, Optional.empty());
    }

    private TrialPruned(int epoch, double accuracy, String rule, String reason, Optional<Metrics> metrics) {
        super("pruned by " + rule + " after epoch " + epoch + ": " + reason, null, false, false);
        if (epoch < 1) {
            throw new IllegalArgumentException("a trial is pruned after an epoch (from 1), got " + epoch);
        }
        this.epoch = epoch;
        this.accuracy = accuracy;
        this.rule = rule;
        this.reason = reason;
        this.metrics = metrics;
    }

    /** The same stop with what the evaluator measured before it: latency, size, and the accuracy at the stop. */
    public TrialPruned withMetrics(Metrics measured) {
        return new TrialPruned(epoch, accuracy, rule, reason, Optional.of(measured));
    }

    public int epoch() {
        return epoch;
    }

    public double accuracy() {
        return accuracy;
    }

    public String rule() {
        return rule;
    }

    public String reason() {
        return reason;
    }

    /** What the evaluator measured; empty when it added nothing (then only the accuracy is known). */
    public Optional<Metrics> metrics() {
        return metrics;
    }
}
