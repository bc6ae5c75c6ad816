package org.nas4j.strategy;

import java.util.Objects;

/**
 * Regularized evolution's settings.
 *
 * @param populationSize architectures kept alive; the oldest dies when a new one arrives
 * @param tournamentSize architectures drawn from the population to pick each parent (the best of them)
 * @param skipSeen       propose no architecture twice: redraw a child (up to {@link #MAX_REDRAWS} times) that was
 *                       proposed before, since its result is known already
 * @param initial        how the population is filled before it first holds {@code populationSize} results
 */
public record EvolutionSettings(int populationSize, int tournamentSize, boolean skipSeen, Initial initial) {
    public static final int MAX_REDRAWS = 100;

    /** How the first population is filled, after the start architectures. */
    public enum Initial {
        /** Architectures drawn uniformly from the space, as in the paper. */
        RANDOM,
        /**
         * Mutations of members drawn uniformly from the population so far (the start architectures first): the
         * neighbourhood of a known good design, where a random architecture would mostly break a limit or score low.
         */
        MUTATIONS
    }

    /** Settings whose first population is random. */
    public EvolutionSettings(int populationSize, int tournamentSize, boolean skipSeen) {
        this(populationSize, tournamentSize, skipSeen, Initial.RANDOM);
    }

    public EvolutionSettings {
        Objects.requireNonNull(initial, "initial");
        if (populationSize < 1) {
            throw new IllegalArgumentException("population must be at least 1, got " + populationSize);
        }
        if (tournamentSize < 1 || tournamentSize > populationSize) {
            throw new IllegalArgumentException("tournament must be in [1, population " + populationSize
                    + "], got " + tournamentSize);
        }
    }
}
