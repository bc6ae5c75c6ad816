package org.nas4j.study;

import java.util.Optional;
import org.nas4j.eval.Metrics;
import org.nas4j.space.Architecture;

/**
 * One finished trial.
 *
 * @param metrics present when the trial completed
 * @param reward  the reward told to the strategy; NaN unless the trial completed
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

    /** Rejected by a hard constraint before its evaluation. */
    public static TrialResult pruned(int number, Architecture architecture, String reason) {
        return new TrialResult(number, architecture, TrialState.PRUNED, Optional.empty(), Double.NaN,
                Optional.of(reason));
    }

    public boolean isComplete() {
        return state == TrialState.COMPLETE;
    }
}
