package org.nas4j.djl.supernet;

import java.util.ArrayList;
import java.util.List;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.RandomSearch;

/**
 * The paths of each training step, a function of the seed and the step alone: a resumed training draws the same
 * paths as an uninterrupted one without any saved state. Paths are canonical architectures of the space.
 */
public final class PathSampler {
    private final SupernetSpace space;
    private final PathSampling sampling;
    private final int randomPaths;
    private final long seed;
    private final Architecture largest;
    private final Architecture smallest;

    /** @param randomPaths the random paths a sandwich step adds to the largest and smallest */
    public PathSampler(SupernetSpace space, PathSampling sampling, int randomPaths, long seed) {
        if (randomPaths < 0) {
            throw new IllegalArgumentException("the random paths of a sandwich step cannot be negative, got "
                    + randomPaths);
        }
        this.space = space;
        this.sampling = sampling;
        this.randomPaths = randomPaths;
        this.seed = seed;
        this.largest = space.extreme(true);
        this.smallest = space.extreme(false);
    }

    public PathSampling sampling() {
        return sampling;
    }

    /** The paths of step {@code step}; under the sandwich rule the largest comes first. */
    public List<Architecture> paths(long step) {
        Rng rng = new Rng(Rng.derive(seed, "supernet paths " + step));
        SearchSpace searchSpace = space.space();
        switch (sampling) {
            case UNIFORM:
                return List.of(RandomSearch.sample(searchSpace, rng).canonical());
            case SANDWICH:
                List<Architecture> sandwich = new ArrayList<>(List.of(largest, smallest));
                for (int i = 0; i < randomPaths; i++) {
                    sandwich.add(RandomSearch.sample(searchSpace, rng).canonical());
                }
                return sandwich;
            case FAIR:
                return fair(searchSpace, rng);
            default:
                throw new IllegalStateException("ENAS draws its paths from its controller, not from the sampler");
        }
    }

    /**
     * The paths a step runs: one for uniform and ENAS sampling; the largest, the smallest and the random ones for
     * the sandwich rule; for fair sampling, as many as the largest decision has options.
     */
    public int pathsPerStep() {
        return switch (sampling) {
            case UNIFORM, ENAS -> 1;
            case SANDWICH -> 2 + randomPaths;
            case FAIR -> space.space().decisions().stream().mapToInt(d -> d.size()).max().orElse(1);
        };
    }

    private List<Architecture> fair(SearchSpace searchSpace, Rng rng) {
        int paths = pathsPerStep();
        int[][] choices = new int[paths][searchSpace.size()];
        for (int d = 0; d < searchSpace.size(); d++) {
            int options = searchSpace.decision(d).size();
            int[] deck = new int[0];
            int dealt = 0;
            for (int p = 0; p < paths; p++) {
                if (dealt == deck.length) {
                    deck = shuffled(options, rng);
                    dealt = 0;
                }
                choices[p][d] = deck[dealt++];
            }
        }
        List<Architecture> result = new ArrayList<>(paths);
        for (int[] path : choices) {
            result.add(searchSpace.architecture(path).canonical());
        }
        return result;
    }

    private static int[] shuffled(int count, Rng rng) {
        int[] deck = new int[count];
        for (int i = 0; i < count; i++) {
            deck[i] = i;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int swap = deck[i];
            deck[i] = deck[j];
            deck[j] = swap;
        }
        return deck;
    }
}
