package org.nas4j.eval;

/**
 * Hears how a trial's training goes, epoch by epoch: the study records each report as the trial's learning curve,
 * and a pruner may stop the trial there by throwing {@link TrialPruned}.
 */
@FunctionalInterface
public interface TrialReporter {
    /** Hears nothing and stops nothing: for evaluations outside a study. */
    TrialReporter NONE = (epoch, accuracy, loss) -> { };

    /**
     * After epoch {@code epoch} (counted from 1) of the trial's training, its accuracy and loss on the validation
     * split (loss NaN when not measured).
     *
     * @throws TrialPruned when the trial should stop here
     */
    void report(int epoch, double accuracy, double loss);
}
