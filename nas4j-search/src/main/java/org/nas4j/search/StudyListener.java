package org.nas4j.search;

import java.util.OptionalDouble;
import org.nas4j.djl.supernet.SupernetTrainer;
import org.nas4j.study.TrialResult;

/**
 * What a {@link Study} tells as it works, for progress displays and logs; every method does nothing unless
 * overridden. Called on the thread that runs the study.
 */
public interface StudyListener {
    /** Tells nothing. */
    StudyListener SILENT = new StudyListener() {
    };

    /** What is trained at a moment: a search's candidate, a supernet, a finalist, or the retrained winner. */
    enum Phase {
        CANDIDATE, SUPERNET, FINALIST, RETRAIN
    }

    /** A one-shot search is about to train its supernet (or resume training it from a checkpoint). */
    default void supernetStarting(SupernetPlan plan) {
    }

    /** The supernet is trained; the search on its shared weights begins. */
    default void supernetTrained(SupernetTrainer.Result result) {
    }

    /**
     * The search is about to start.
     *
     * @param trainImages no training or validation images when candidates are looked up in a table
     * @param trialsDone trials that earlier runs of the study finished
     * @param bestReward the best reward among them, empty when none completed
     * @param updatesPerTrial training updates of one candidate; 0 when candidates are scored on a trained supernet
     *                        without training of their own (one-shot)
     */
    default void searchStarting(int trainImages, int validationImages, int trialsDone, int totalTrials,
                                OptionalDouble bestReward, int updatesPerTrial) {
    }

    /** A network of {@code phase} has finished {@code updates} of its {@code totalUpdates} training updates. */
    default void trainingProgress(Phase phase, int updates, int totalUpdates) {
    }

    /** A trial ended: completed, failed or rejected by a limit. */
    default void trialFinished(TrialResult result) {
    }

    /** The finalists are about to train. */
    default void finalistsStarting(FinalistsPlan plan) {
    }

    /** One finalist has trained (or diverged). */
    default void finalistFinished(FinalistResult finalist) {
    }

    /** The winner is about to be retrained. */
    default void retrainStarting(RetrainPlan plan) {
    }
}
