package org.nas4j.cli.search;

import org.nas4j.config.StudyConfig.StrategySettings;
import org.nas4j.djl.controller.LstmPolicy;
import org.nas4j.djl.controller.LstmPolicySettings;
import org.nas4j.random.Rng;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.EvolutionSettings;
import org.nas4j.strategy.RandomSearch;
import org.nas4j.strategy.RegularizedEvolution;
import org.nas4j.strategy.Strategy;
import org.nas4j.strategy.reinforce.AdamSettings;
import org.nas4j.strategy.reinforce.FactorizedPolicy;
import org.nas4j.strategy.reinforce.Reinforce;
import org.nas4j.strategy.reinforce.ReinforceSettings;

/** The strategy a study config asks for. */
final class Strategies {
    private Strategies() {
    }

    static Strategy of(StrategySettings settings, SearchSpace space, long seed) {
        long strategySeed = Rng.derive(seed, "strategy");
        AdamSettings adam = AdamSettings.withLearningRate(settings.learningRate());
        ReinforceSettings reinforce = new ReinforceSettings(adam, true, settings.baselineDecay(),
                settings.entropyWeight(), 1);
        switch (settings.kind()) {
            case "random":
                return new RandomSearch(space, strategySeed);
            case "evolution":
                EvolutionSettings evolution = new EvolutionSettings(settings.population(), settings.tournament(),
                        true, settings.initialPopulation());
                return new RegularizedEvolution(space, evolution, settings.startFrom(), strategySeed);
            case "reinforce-lstm":
                return new Reinforce(new LstmPolicy(space, LstmPolicySettings.defaults(adam),
                        Rng.derive(seed, "policy-init")), reinforce, strategySeed);
            default:
                return new Reinforce(new FactorizedPolicy(space, adam), reinforce, strategySeed);
        }
    }
}
