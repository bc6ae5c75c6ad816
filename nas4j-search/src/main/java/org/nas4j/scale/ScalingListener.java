package org.nas4j.scale;

/** What a scaling run tells as it works, for progress displays; every method does nothing unless overridden. */
public interface ScalingListener {
    ScalingListener SILENT = new ScalingListener() {
    };

    /**
     * A network is about to train: a grid point ({@code member} null) or a member with one of its seeds.
     *
     * @param what    "grid 3/7: alpha 1.2, beta 1.1, gamma 1.15" or "B2, seed 1 of 2"
     * @param epochs  its epochs of training
     * @param updates its training updates
     */
    default void trainingStarting(String what, int epochs, int updates) {
    }

    /** The network in training has done {@code updates} of its {@code total}. */
    default void trainingProgress(int updates, int total) {
    }

    /** A grid point has trained and been judged on the validation images. */
    default void gridPointDone(ScalingResult.GridPoint point) {
    }

    /** The grid search has picked its coefficients. */
    default void coefficientsChosen(Coefficients coefficients) {
    }

    /** One member has trained with one seed (or failed). */
    default void memberDone(Member member, int seed, ScalingResult.Trained trained) {
    }
}
