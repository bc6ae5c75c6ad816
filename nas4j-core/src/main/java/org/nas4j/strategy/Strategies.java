package org.nas4j.strategy;

import java.util.ServiceLoader;
import org.nas4j.random.Rng;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.reinforce.FactorizedPolicy;
import org.nas4j.strategy.reinforce.LstmPolicyProvider;
import org.nas4j.strategy.reinforce.Policy;
import org.nas4j.strategy.reinforce.PolicySpec;
import org.nas4j.strategy.reinforce.Reinforce;

/** The one place where a {@link StrategySpec} becomes a strategy: for studies, benchmarks and toys alike. */
public final class Strategies {
    private Strategies() {
    }

    /** The strategy of a study, seeded with its own seed derived from the study's. */
    public static Strategy forStudy(StrategySpec spec, SearchSpace space, long studySeed) {
        return create(spec, space, Rng.derive(studySeed, "strategy"));
    }

    /**
     * A new strategy over {@code space}, drawing from {@code seed}; a learned policy's initial weights draw from a
     * seed derived from it.
     */
    public static Strategy create(StrategySpec spec, SearchSpace space, long seed) {
        // Java 17 has no pattern switch; the spec is sealed, so these three are every kind.
        if (spec instanceof StrategySpec.Evolution evolution) {
            return new RegularizedEvolution(space, evolution.settings(), evolution.startFrom(), seed);
        }
        if (spec instanceof StrategySpec.Reinforce reinforce) {
            return new Reinforce(policy(reinforce, space, seed), reinforce.settings(), seed);
        }
        return new RandomSearch(space, seed);
    }

    private static Policy policy(StrategySpec.Reinforce spec, SearchSpace space, long seed) {
        if (spec.policy() instanceof PolicySpec.Lstm lstm) {
            return ServiceLoader.load(LstmPolicyProvider.class).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the LSTM policy runs on the PyTorch engine, "
                            + "which is in nas4j-djl: add it to the classpath, or use the factorized policy"))
                    .create(space, lstm, spec.settings().adam(), Rng.derive(seed, "policy-init"));
        }
        return new FactorizedPolicy(space, spec.settings().adam());
    }
}
