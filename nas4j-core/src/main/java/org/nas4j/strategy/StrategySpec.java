package org.nas4j.strategy;

import java.util.List;
import java.util.Objects;
import org.nas4j.space.Architecture;
import org.nas4j.strategy.model.ModelBased;
import org.nas4j.strategy.model.ModelSettings;
import org.nas4j.strategy.reinforce.PolicySpec;
import org.nas4j.strategy.reinforce.ReinforceSettings;

/**
 * Which strategy searches, with all of its settings: the value a config file or a Java caller hands to
 * {@link Strategies#create}. Each kind carries only its own settings, each checked where it is built.
 */
public sealed interface StrategySpec permits StrategySpec.Random, StrategySpec.Evolution, StrategySpec.Reinforce,
        StrategySpec.Model {

    /** The kind's name, as configs write it. */
    String kind();

    /** Uniform random search. */
    record Random() implements StrategySpec {
        @Override
        public String kind() {
            return "random";
        }
    }

    /**
     * Regularized evolution (Real et al., 2019).
     *
     * @param startFrom architectures proposed first, before the population is filled
     */
    record Evolution(EvolutionSettings settings, List<Architecture> startFrom) implements StrategySpec {
        public Evolution {
            Objects.requireNonNull(settings, "settings");
            startFrom = List.copyOf(startFrom);
            if (settings.initial() == EvolutionSettings.Initial.MUTATIONS && startFrom.isEmpty()) {
                throw new IllegalArgumentException("a first population of mutations mutates the start "
                        + "architectures, but none is given; give at least one start architecture or fill the "
                        + "first population at random");
            }
        }

        @Override
        public String kind() {
            return "evolution";
        }
    }

    /** REINFORCE with a moving-average baseline, training the policy it names. */
    record Reinforce(ReinforceSettings settings, PolicySpec policy) implements StrategySpec {
        public Reinforce {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(policy, "policy");
        }

        /** The default settings of this policy (its own learning rate). */
        public static Reinforce defaults(PolicySpec policy) {
            return new Reinforce(ReinforceSettings.defaults(policy.defaultLearningRate()), policy);
        }

        @Override
        public String kind() {
            return policy instanceof PolicySpec.Lstm ? "reinforce-lstm" : "reinforce";
        }
    }

    /** Bayesian optimization: a Gaussian process over the decisions ranks candidates by an acquisition rule. */
    record Model(ModelSettings settings) implements StrategySpec {
        public Model {
            Objects.requireNonNull(settings, "settings");
        }

        @Override
        public String kind() {
            return ModelBased.KIND;
        }
    }
}
