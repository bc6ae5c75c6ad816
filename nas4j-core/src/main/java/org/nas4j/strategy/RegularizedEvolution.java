package org.nas4j.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * Regularized ("aging") evolution (Real et al., AAAI 2019). The first {@code populationSize} architectures are
 * the given start architectures (a known good design, say), then random ones (or mutations of the population so far,
 * see {@link EvolutionSettings.Initial}); after that each proposal is a mutation of a tournament winner: draw
 * {@code tournamentSize} members of the population uniformly, take the one with the highest reward, and change one
 * of its decisions to a different option. Every result joins the population and the oldest member leaves, so an
 * architecture survives only by having good offspring, not by one lucky evaluation.
 */
public final class RegularizedEvolution implements Strategy {
    public static final String KIND = "evolution";

    /** A population member. */
    private record Member(Architecture architecture, double reward) {
    }

    private final SearchSpace space;
    private final EvolutionSettings settings;
    private final Deque<Member> population = new ArrayDeque<>();
    private final Set<Architecture> seen = new LinkedHashSet<>();
    private final List<Architecture> startFrom;
    private int asked;
    private int told;
    private Rng rng;

    public RegularizedEvolution(SearchSpace space, EvolutionSettings settings, long seed) {
        this(space, settings, List.of(), seed);
    }

    /** Evolution whose first proposals are {@code startFrom}, in order. */
    public RegularizedEvolution(SearchSpace space, EvolutionSettings settings, List<Architecture> startFrom,
                                long seed) {
        this.space = space;
        this.settings = settings;
        this.startFrom = startFrom.stream().map(Architecture::canonical).toList();
        this.rng = new Rng(seed);
    }

    @Override
    public SearchSpace space() {
        return space;
    }

    @Override
    public Architecture ask() {
        if (asked < startFrom.size()) {
            Architecture start = startFrom.get(asked++);
            seen.add(start);
            return start;
        }
        asked++;
        // Canonical, so that architectures differing only in decisions that do not apply count as one.
        Architecture proposal = propose().canonical();
        for (int redraw = 0; settings.skipSeen() && seen.contains(proposal) && redraw < EvolutionSettings.MAX_REDRAWS;
             redraw++) {
            proposal = propose().canonical();
        }
        if (settings.skipSeen()) {
            seen.add(proposal);
        }
        return proposal;
    }

    private Architecture propose() {
        if (population.isEmpty()) {
            return RandomSearch.sample(space, rng);
        }
        if (told < settings.populationSize()) {
            if (settings.initial() == EvolutionSettings.Initial.RANDOM) {
                return RandomSearch.sample(space, rng);
            }
            List<Member> members = new ArrayList<>(population);
            return mutate(members.get(rng.nextInt(members.size())).architecture(), space, rng);
        }
        return mutate(tournament().architecture(), space, rng);
    }

    @Override
    public void tell(Architecture architecture, double reward) {
        told++;
        population.addLast(new Member(architecture, reward));
        if (population.size() > settings.populationSize()) {
            population.removeFirst();
        }
    }

    /** The best of {@code tournamentSize} members drawn uniformly (with replacement, as in the reference). */
    private Member tournament() {
        List<Member> members = new ArrayList<>(population);
        Member best = null;
        for (int i = 0; i < settings.tournamentSize(); i++) {
            Member candidate = members.get(rng.nextInt(members.size()));
            if (best == null || candidate.reward() > best.reward()) {
                best = candidate;
            }
        }
        return best;
    }

    /**
     * Changes one decision, drawn uniformly among those with more than one option that apply to the parent, to a
     * different option drawn uniformly: changing a decision that does not apply (the expansion of a conv stage) would
     * give the same network back. A parent without such a decision has nothing to mutate and is given back.
     */
    public static Architecture mutate(Architecture parent, SearchSpace space, Rng rng) {
        int mutable = 0;
        for (int d = 0; d < space.size(); d++) {
            mutable += mutable(d, parent, space) ? 1 : 0;
        }
        if (mutable == 0) {
            return parent;
        }
        int pick = rng.nextInt(mutable);
        int decision = -1;
        for (int d = 0; d < space.size() && pick >= 0; d++) {
            if (mutable(d, parent, space)) {
                decision = d;
                pick--;
            }
        }
        int current = parent.choice(decision);
        int option = rng.nextInt(space.decision(decision).size() - 1);
        return parent.with(decision, option >= current ? option + 1 : option);
    }

    private static boolean mutable(int decision, Architecture parent, SearchSpace space) {
        return space.decision(decision).size() > 1 && space.applies(decision, parent);
    }

    @Override
    public ObjectNode saveState() {
        ObjectNode state = StateJson.newState(KIND);
        state.put("rng", rng.state());
        state.put("asked", asked);
        state.put("told", told);
        ArrayNode members = state.putArray("population");
        for (Member member : population) {
            ObjectNode node = members.addObject();
            node.set("architecture", member.architecture().toJsonNode());
            node.put("reward", member.reward());
        }
        ArrayNode proposed = state.putArray("seen");
        for (Architecture architecture : seen) {
            proposed.add(architecture.canonicalString());
        }
        return state;
    }

    @Override
    public void restoreState(JsonNode state) {
        StateJson.expect(state, KIND);
        rng = new Rng(StateJson.requireLong(state, "rng"));
        told = (int) StateJson.requireLong(state, "told");
        asked = state.has("asked") ? (int) StateJson.requireLong(state, "asked") : told;
        population.clear();
        for (JsonNode node : state.path("population")) {
            population.addLast(new Member(space.fromJson(node.get("architecture")), node.get("reward").doubleValue()));
        }
        seen.clear();
        for (JsonNode canonical : state.path("seen")) {
            seen.add(space.parse(canonical.asText()).canonical()); // states saved before proposals were canonical
        }
    }
}
