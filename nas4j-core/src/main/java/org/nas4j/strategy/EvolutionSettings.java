package org.nas4j.strategy;

/**
 * Regularized evolution's settings.
 *
 * @param populationSize architectures kept alive; the oldest dies when a new one arrives
 * @param tournamentSize architectures drawn from the population to pick each parent (the best of them)
 * @param skipSeen       propose no architecture twice: redraw a child (up to {@link #MAX_REDRAWS} times) that was
 *                       proposed before, since its result is known already
 */
public record EvolutionSettings(int populationSize, int tournamentSize, boolean skipSeen) {
    public static final int MAX_REDRAWS = 100;

    public EvolutionSettings {
        if (populationSize < 1) {
            throw new IllegalArgumentException("population size must be at least 1, got " + populationSize);
        }
        if (tournamentSize < 1 || tournamentSize > populationSize) {
            throw new IllegalArgumentException("tournament size must be in [1, population size " + populationSize
                    + "], got " + tournamentSize);
        }
    }
}
