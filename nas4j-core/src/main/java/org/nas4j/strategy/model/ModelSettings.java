package org.nas4j.strategy.model;

import java.util.Objects;

/**
 * How {@link ModelBased} proposes.
 *
 * @param initial     architectures drawn at random before the model is fitted
 * @param candidates  random architectures scored at each proposal, beside the neighbours of the best ones
 * @param parents     the trials with the highest rewards whose neighbours (one decision changed) are scored
 * @param acquisition how a candidate's predicted reward and its uncertainty become one score
 * @param kappa       the weight of the uncertainty for {@link Acquisition#UCB}
 */
public record ModelSettings(int initial, int candidates, int parents, Acquisition acquisition, double kappa) {
    /** What did best on NAS-Bench-201 (docs/pruning-and-models.md): a fifth of its budget at random, then UCB. */
    public static final ModelSettings DEFAULT = new ModelSettings(20, 100, 3, Acquisition.UCB, 3.0);

    /** How the model's prediction of a candidate is scored. */
    public enum Acquisition {
        /** Expected improvement over the best reward so far. */
        EI,
        /** Upper confidence bound: the predicted mean plus {@code kappa} standard deviations. */
        UCB
    }

    public ModelSettings {
        Objects.requireNonNull(acquisition, "acquisition");
        if (initial < 1 || initial > 100_000) {
            throw new IllegalArgumentException("initial must be in [1, 100000] random trials, got " + initial);
        }
        if (candidates < 0 || candidates > 100_000) {
            throw new IllegalArgumentException("candidates must be in [0, 100000], got " + candidates);
        }
        if (parents < 0 || parents > 1000) {
            throw new IllegalArgumentException("parents must be in [0, 1000], got " + parents);
        }
        if (candidates == 0 && parents == 0) {
            throw new IllegalArgumentException("candidates and parents are both 0: the model would have nothing "
                    + "to score; give random candidates, parents whose neighbours to score, or both");
        }
        if (!(kappa >= 0 && kappa <= 100)) {
            throw new IllegalArgumentException("kappa must be in [0, 100], got " + kappa);
        }
    }
}
