package org.nas4j.strategy;

import java.util.Objects;
import java.util.ServiceLoader;
import org.nas4j.random.Rng;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.model.ModelBased;
import org.nas4j.strategy.reinforce.FactorizedPolicy;
import org.nas4j.strategy.reinforce.LstmPolicyProvider;
import org.nas4j.strategy.reinforce.Policy;
import org.nas4j.strategy.reinforce.PolicySpec;
import org.nas4j.strategy.reinforce.Reinforce;

/** The one place where a {@link StrategySpec} becomes a strategy: for studies, benchmarks and toys alike. */
public final class Strategies {
    private Strategies() {
    }

    /**
     * The strategy of a study: it draws from a seed derived from the study's, and a learned policy's initial
     * weights from another one.
     */
    public static Strategy forStudy(StrategySpec spec, SearchSpace space, long studySeed) {
        return create(spec, space, Rng.derive(studySeed, "strategy"), Rng.derive(studySeed, "policy-init"));
    }

    /**
     * A new strategy over {@code space}, drawing from {@code seed}; a learned policy's initial weights draw from a
     * seed derived from it.
     */
    public static Strategy create(StrategySpec spec, SearchSpace space, long seed) {
        return create(spec, space, seed, Rng.derive(seed, "policy-init"));
    }

    private static Strategy create(StrategySpec spec, SearchSpace space, long seed, long policySeed) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(space, "space");
        // Java 17 has no pattern switch over the sealed kinds.
        if (spec instanceof StrategySpec.Random) {
            return new RandomSearch(space, seed);
        }
        if (spec instanceof StrategySpec.Evolution evolution) {
            return new RegularizedEvolution(space, evolution.settings(), evolution.startFrom(), seed);
        }
        if (spec instanceof StrategySpec.Reinforce reinforce) {
            return new Reinforce(policy(reinforce, space, policySeed), reinforce.settings(), seed);
        }
        if (spec instanceof StrategySpec.Model model) {
            return new ModelBased(space, model.settings(), seed);
        }
        throw new IllegalArgumentException("no strategy of kind " + spec.kind());
    }

    private static Policy policy(StrategySpec.Reinforce spec, SearchSpace space, long initSeed) {
        if (spec.policy() instanceof PolicySpec.Lstm lstm) {
            return ServiceLoader.load(LstmPolicyProvider.class).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the LSTM policy runs on the PyTorch engine, "
                            + "which is in nas4j-djl: add it to the classpath, or use the factorized policy"))
                    .create(space, lstm, spec.settings().adam(), initSeed);
        }
        return new FactorizedPolicy(space, spec.settings().adam());
    }
}
