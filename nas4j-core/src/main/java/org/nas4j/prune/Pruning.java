package org.nas4j.prune;

import java.util.Objects;

/**
 * A study's pruning: its rule and the epochs its trials train, checked to fit each other.
 *
 * @param epochs how many epochs a trial trains when nothing stops it
 */
public record Pruning(Pruner pruner, int epochs) {
    public Pruning {
        Objects.requireNonNull(pruner, "pruner");
        pruner.checkEpochs(epochs);
    }
}
