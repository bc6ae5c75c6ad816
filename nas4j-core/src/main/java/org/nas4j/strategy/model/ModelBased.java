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
 * ask before others tell get different ones). Failed architectures are not proposed again and are left out of the
 * model. Rejected ones (over a hard limit) are not proposed again either, and once there are some, a second process
 * learns which architectures the limits let through: fitted to +1 for every architecture told a reward and -1 for
 * every rejected one, it gives each candidate a probability of passing, and only candidates more likely to pass than
 * not are scored (the likeliest to pass when none is), as constrained Bayesian optimization does; so a space whose
 * limits reject most architectures does not spend its trials proposing the ones they reject.
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
    /** Every architecture rejected by a hard limit, in the order told. */
    private final List<Architecture> rejected = new ArrayList<>();
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
        // Rejections count towards the random start: from them on, the limits are modelled too.
        Architecture proposal = observations.isEmpty()
                || observations.size() + rejected.size() < Math.max(settings.initial(), 2) ? unseenAtRandom()
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

    /**
     * The candidate that scores highest by the acquisition rule, of those more likely than not to pass the limits;
     * with a single reward told, there is nothing to model but the limits: the likeliest to pass.
     */
    private Architecture bestCandidate() {
        List<Observation> fitted = fitted();
        GaussianProcess model = fitted.size() < 2 ? null : GaussianProcess.fit(space,
                fitted.stream().map(Observation::architecture).toList(),
                fitted.stream().mapToDouble(Observation::reward).toArray());
        double best = observations.stream().mapToDouble(Observation::reward).max().orElseThrow();
        GaussianProcess passing = rejected.isEmpty() ? null : passingModel();
        Architecture chosen = null;
        double chosenScore = Double.NEGATIVE_INFINITY;
        Architecture likeliest = null;
        double likeliestToPass = -1;
        for (Architecture candidate : candidates()) {
            if (passing != null) {
                double pass = probabilityOfPassing(passing.predict(candidate));
                if (pass > likeliestToPass) {
                    likeliestToPass = pass;
                    likeliest = candidate;
                }
                if (pass < 0.5) {
                    continue;
                }
            }
            if (model == null) {
                continue;
            }
            GaussianProcess.Prediction p = model.predict(candidate);
            double score = settings.acquisition() == ModelSettings.Acquisition.UCB
                    ? p.mean() + settings.kappa() * p.sd() : expectedImprovement(p, best);
            if (score > chosenScore) {
                chosenScore = score;
                chosen = candidate;
            }
        }
        if (chosen == null) {
            chosen = likeliest;
        }
        return chosen != null ? chosen : unseenAtRandom();
    }

    /**
     * The process of which architectures pass the hard limits: +1 for the latest architectures told a reward, -1
     * for the latest rejected, {@link #MAX_FIT} at most in all, half of each kind where both have that many.
     */
    private GaussianProcess passingModel() {
        int rejections = Math.min(rejected.size(), Math.max(MAX_FIT / 2, MAX_FIT - observations.size()));
        int passes = Math.min(observations.size(), MAX_FIT - rejections);
        List<Architecture> architectures = new ArrayList<>();
        observations.subList(observations.size() - passes, observations.size())
                .forEach(o -> architectures.add(o.architecture()));
        architectures.addAll(rejected.subList(rejected.size() - rejections, rejected.size()));
        double[] labels = new double[architectures.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < passes ? 1 : -1;
        }
        return GaussianProcess.fit(space, architectures, labels);
    }

    /** The chance that a predicted label is above 0, halfway between a rejection's -1 and a pass's +1. */
    static double probabilityOfPassing(GaussianProcess.Prediction label) {
        return label.sd() <= 0 ? (label.mean() > 0 ? 1 : 0) : normalCdf(label.mean() / label.sd());
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
    public void tellRejected(Architecture architecture, double excess) {
        Architecture canonical = architecture.canonical();
        seen.add(canonical);
        rejected.add(canonical);
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
        ArrayNode over = state.putArray("rejected");
        rejected.forEach(a -> over.add(a.canonicalString()));
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
        rejected.clear();
        for (JsonNode a : state.path("rejected")) {
            rejected.add(space.parse(a.asText()).canonical());
        }
        seen.clear();
        for (JsonNode a : state.path("seen")) {
            seen.add(space.parse(a.asText()).canonical());
        }
    }
}
