package org.nas4j.study;

import java.util.Optional;
import org.nas4j.eval.Metrics;
import org.nas4j.space.Architecture;

/**
 * One finished trial.
 *
 * @param metrics present when the trial completed, or when a pruner stopped it (what it measured by then)
 * @param reward  the reward told to the strategy; NaN unless the trial completed or was stopped early
 * @param error   why the trial failed or was pruned; empty otherwise
 */
public record TrialResult(int number, Architecture architecture, TrialState state, Optional<Metrics> metrics,
                          double reward, Optional<String> error) {

    public static TrialResult completed(int number, Architecture architecture, Metrics metrics, double reward) {
        return new TrialResult(number, architecture, TrialState.COMPLETE, Optional.of(metrics), reward,
                Optional.empty());
    }

    public static TrialResult failed(int number, Architecture architecture, String error) {
        return new TrialResult(number, architecture, TrialState.FAILED, Optional.empty(), Double.NaN,
                Optional.of(error));
    }

    /**
     * Stopped early by a pruner: what it measured up to the stop ({@code metrics}, its accuracy that of its last
     * epoch), the reward of that, told to the strategy as a result of lower fidelity, and why it stopped.
     */
    public static TrialResult stoppedEarly(int number, Architecture architecture, Metrics metrics, double reward,
                                           String reason) {
        return new TrialResult(number, architecture, TrialState.PRUNED, Optional.of(metrics), reward,
                Optional.of(reason));
    }

    /** Rejected by a hard constraint before its evaluation. */
    public static TrialResult pruned(int number, Architecture architecture, String reason) {
        return new TrialResult(number, architecture, TrialState.PRUNED, Optional.empty(), Double.NaN,
                Optional.of(reason));
    }

    public boolean isComplete() {
        return state == TrialState.COMPLETE;
    }

    /** Whether a pruner stopped it after some epochs (a trial over a limit is PRUNED without metrics). */
    public boolean isStoppedEarly() {
        return state == TrialState.PRUNED && metrics.isPresent();
    }
}
