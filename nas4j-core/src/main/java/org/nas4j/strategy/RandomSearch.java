package org.nas4j.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/** Samples every decision uniformly and independently; the baseline every other strategy must beat. */
public final class RandomSearch implements Strategy {
    public static final String KIND = "random";

    private final SearchSpace space;
    private Rng rng;

    public RandomSearch(SearchSpace space, long seed) {
        this.space = space;
        this.rng = new Rng(seed);
    }

    /** A uniformly random architecture of the space. */
    public static Architecture sample(SearchSpace space, Rng rng) {
        int[] choices = new int[space.size()];
        for (int i = 0; i < choices.length; i++) {
            choices[i] = rng.nextInt(space.decision(i).size());
        }
        return space.architecture(choices);
    }

    @Override
    public SearchSpace space() {
        return space;
    }

    @Override
    public Architecture ask() {
        return sample(space, rng);
    }

    @Override
    public void tell(Architecture architecture, double reward) {
        // Random search learns nothing from results.
    }

    @Override
    public ObjectNode saveState() {
        ObjectNode state = StateJson.newState(KIND);
        state.put("rng", rng.state());
        return state;
    }

    @Override
    public void restoreState(JsonNode state) {
        rng = new Rng(StateJson.requireLong(StateJson.expect(state, KIND), "rng"));
    }
}
