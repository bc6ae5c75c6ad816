package org.nas4j.prune;

import java.util.Optional;

/**
 * Decides after each epoch of a trial whether it trains on: a rule over the validation accuracies the study's trials
 * reported at the same epoch. A stopped trial is PRUNED, keeps its partial curve, and its last accuracy goes to the
 * strategy as a result of lower fidelity. Pruners are values: the config names one and its settings.
 */
public sealed interface Pruner permits MedianRule, Asha, Hyperband, SuccessiveHalving {

    /** The name a config gives it ({@code median}, {@code asha}, ...), for messages and the trials' reasons. */
    String name();

    /**
     * Whether trial {@code trial}, which just reported {@code accuracy} after {@code epoch} of its
     * {@code epochs}, stops here: the reason when it does, empty when it trains on. {@code history} holds what the
     * study's other trials reported.
     */
    Optional<String> stop(int trial, int epoch, int epochs, double accuracy, PruningHistory history);

    /** Refuses settings that cannot work with trainings of {@code epochs} epochs; the message names the setting. */
    void checkEpochs(int epochs);
}
