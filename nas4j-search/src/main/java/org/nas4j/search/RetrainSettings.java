package org.nas4j.search;

/**
 * Retraining the winner from scratch. With {@code finalists} above 1, the best trials by reward first train for
 * {@code finalistEpochs} on the whole training set less its validation split, and the most accurate on validation is
 * the one retrained: the search's short training ranks close candidates poorly.
 */
public record RetrainSettings(int epochs, int finalists, int finalistEpochs) {
    /** Five epochs, the best by reward, no finalists stage. */
    public static final RetrainSettings DEFAULT = new RetrainSettings(5, 1, 3);

    public RetrainSettings {
        if (epochs < 1 || epochs > 10_000) {
            throw new IllegalArgumentException("epochs must be in [1, 10000], got " + epochs);
        }
        if (finalists < 1 || finalists > 1_000) {
            throw new IllegalArgumentException("finalists must be in [1, 1000], got " + finalists);
        }
        if (finalistEpochs < 1 || finalistEpochs > 10_000) {
            throw new IllegalArgumentException("finalist_epochs must be in [1, 10000], got " + finalistEpochs);
        }
    }
}
