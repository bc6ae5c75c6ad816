package org.nas4j.prune;

import java.util.List;

/** What a pruner may know of the study's other trials: the validation accuracy each reported after an epoch. */
@FunctionalInterface
public interface PruningHistory {
    /** A trial's accuracy after an epoch, and whether that trial has since run to its end. */
    record Reported(int trial, double accuracy, boolean completed) {
    }

    /** Every trial's report after {@code epoch}, by trial number; the asking trial's own included once recorded. */
    List<Reported> at(int epoch);

    /** No other trial: nothing is ever stopped for want of company. */
    PruningHistory EMPTY = epoch -> List.of();
}
