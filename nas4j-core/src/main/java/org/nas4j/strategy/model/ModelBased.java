package org.nas4j.strategy.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.EvolutionSettings;
import org.nas4j.strategy.RandomSearch;
import org.nas4j.strategy.StateJson;
import org.nas4j.strategy.Strategy;

/**
 * Bayesian optimization over any search space: after {@code initial} random architectures, each proposal fits a
 * {@link GaussianProcess} to every reward told so far and proposes, of the unseen neighbours of the best
 * {@code parents} trials (one decision changed) and {@code candidates} random architectures, the one whose predicted
 * reward scores highest by the acquisition rule. Local candidates exploit what was learned, random ones keep the
 * model honest far from it. An architecture is proposed at most once (asks not yet told count too, so workers that
 * ask before others tell get different ones). Failed and rejected architectures are not proposed again and are left
 * out of the model.
 */
public final class ModelBased implements Strategy {
    public static final String KIND = "model";
    /** The most rewards a fit takes (the best half and the latest half of them), which bounds its cubic cost. */
    static final int MAX_FIT = 400;

    private record Observation(Architecture architecture, double reward) {
    }

    private final SearchSpace space;
    private final ModelSettings settings;
    private final List<Observation> observations = new ArrayList<>();
    private final Set<Architecture> seen = new LinkedHashSet<>();
    private Rng rng;
    private int asked;

    public ModelBased(SearchSpace space, ModelSettings settings, long seed) {
        this.space = space;
        this.settings = settings;
        this.rng = new Rng(seed);
    }

    @Override
    public SearchSpace space() {
        return space;
    }

    @Override
    public Architecture ask() {
        asked++;
        Architecture proposal = observations.size() < Math.max(settings.initial(), 2) ? unseenAtRandom()
                : bestCandidate();
        seen.add(proposal);
        return proposal;
    }

    private Architecture unseenAtRandom() {
        Architecture draw = RandomSearch.sample(space, rng).canonical();
        for (int redraw = 0; seen.contains(draw) && redraw < EvolutionSettings.MAX_REDRAWS; redraw++) {
            draw = RandomSearch.sample(space, rng).canonical();
        }
        return draw;
    }

    private Architecture bestCandidate() {
        List<Observation> fitted = fitted();
        GaussianProcess model = GaussianProcess.fit(space, fitted.stream().map(Observation::architecture).toList(),
                fitted.stream().mapToDouble(Observation::reward).toArray());
        double best = observations.stream().mapToDouble(Observation::reward).max().orElseThrow();
        Architecture chosen = null;
        double chosenScore = Double.NEGATIVE_INFINITY;
        for (Architecture candidate : candidates()) {
            GaussianProcess.Prediction p = model.predict(candidate);
            double score = settings.acquisition() == ModelSettings.Acquisition.UCB
                    ? p.mean() + settings.kappa() * p.sd() : expectedImprovement(p, best);
            if (score > chosenScore) {
                chosenScore = score;
                chosen = candidate;
            }
        }
        return chosen != null ? chosen : unseenAtRandom();
    }

    /** The unseen neighbours of the best trials, then unseen random architectures; each once, in that order. */
    private List<Architecture> candidates() {
        Set<Architecture> candidates = new LinkedHashSet<>();
        observations.stream().sorted(Comparator.comparingDouble(Observation::reward).reversed())
                .limit(settings.parents()).forEach(parent -> {
                    Architecture a = parent.architecture();
                    for (int d = 0; d < space.size(); d++) {
                        if (!space.applies(d, a)) {
                            continue;
                        }
                        for (int option = 0; option < space.decision(d).size(); option++) {
                            Architecture neighbour = a.with(d, option).canonical();
                            if (option != a.choice(d) && !seen.contains(neighbour)) {
                                candidates.add(neighbour);
                            }
                        }
                    }
                });
        for (int i = 0; i < settings.candidates(); i++) {
            Architecture draw = RandomSearch.sample(space, rng).canonical();
            if (!seen.contains(draw)) {
                candidates.add(draw);
            }
        }
        return new ArrayList<>(candidates);
    }

    /** What the model is fitted to: every reward, or past {@link #MAX_FIT} the best half and the latest half. */
    private List<Observation> fitted() {
        if (observations.size() <= MAX_FIT) {
            return observations;
        }
        Set<Observation> kept = new LinkedHashSet<>(observations.subList(observations.size() - MAX_FIT / 2,
                observations.size()));
        observations.stream().sorted(Comparator.comparingDouble(Observation::reward).reversed())
                .filter(o -> !kept.contains(o)).limit(MAX_FIT / 2).forEach(kept::add);
        return new ArrayList<>(kept);
    }

    /** How much a candidate is expected to beat {@code best} by, under its predicted normal distribution. */
    static double expectedImprovement(GaussianProcess.Prediction p, double best) {
        if (p.sd() <= 0) {
            return Math.max(p.mean() - best, 0);
        }
        double z = (p.mean() - best) / p.sd();
        return (p.mean() - best) * normalCdf(z) + p.sd() * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }

    /** The standard normal distribution function (Zelen and Severo, 26.2.17 of Abramowitz and Stegun; error 7.5e-8). */
    static double normalCdf(double z) {
        double t = 1 / (1 + 0.2316419 * Math.abs(z));
        double density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
        double tail = density * t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978
                + t * 1.330274429))));
        return z >= 0 ? 1 - tail : tail;
    }

    @Override
    public void tell(Architecture architecture, double reward) {
        Architecture canonical = architecture.canonical();
        seen.add(canonical);
        if (Double.isFinite(reward)) {
            observations.add(new Observation(canonical, reward));
        }
    }

    @Override
    public void tellFailed(Architecture architecture) {
        seen.add(architecture.canonical());
    }

    @Override
    public ObjectNode saveState() {
        ObjectNode state = StateJson.newState(KIND);
        state.put("rng", rng.state());
        state.put("asked", asked);
        ArrayNode told = state.putArray("observations");
        for (Observation o : observations) {
            told.addObject().put("architecture", o.architecture().canonicalString()).put("reward", o.reward());
        }
        ArrayNode proposed = state.putArray("seen");
        seen.forEach(a -> proposed.add(a.canonicalString()));
        return state;
    }

    @Override
    public void restoreState(JsonNode state) {
        StateJson.expect(state, KIND);
        rng = new Rng(StateJson.requireLong(state, "rng"));
        asked = (int) StateJson.requireLong(state, "asked");
        observations.clear();
        for (JsonNode o : state.path("observations")) {
            observations.add(new Observation(space.parse(o.get("architecture").asText()).canonical(),
                    o.get("reward").doubleValue()));
        }
        seen.clear();
        for (JsonNode a : state.path("seen")) {
            seen.add(space.parse(a.asText()).canonical());
        }
    }
}
