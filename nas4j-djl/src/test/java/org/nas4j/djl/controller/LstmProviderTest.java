package org.nas4j.djl.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.Strategies;
import org.nas4j.strategy.StrategySpec;
import org.nas4j.strategy.reinforce.PolicySpec;
import org.nas4j.strategy.reinforce.Reinforce;

/** Core's one strategy factory builds the LSTM controller found on the classpath, with the spec's settings. */
class LstmProviderTest {

    @Test
    void theFactoryBuildsTheLstmOfTheSpec() {
        SearchSpace space = SearchSpace.builder().decision("a", 1, 2, 3).decision("b", "x", "y").build();
        PolicySpec.Lstm spec = new PolicySpec.Lstm(12, 2.0, 1.5);
        try (Reinforce strategy = (Reinforce) Strategies.create(StrategySpec.Reinforce.defaults(spec), space, 3)) {
            LstmPolicy policy = assertInstanceOf(LstmPolicy.class, strategy.policy());
            assertEquals(spec, policy.settings().lstm());
            assertEquals(PolicySpec.Lstm.defaults().defaultLearningRate(), policy.settings().adam().learningRate());
            try (Reinforce again = (Reinforce) Strategies.create(StrategySpec.Reinforce.defaults(spec), space, 3)) {
                assertEquals(strategy.ask(), again.ask(), "the same seed, the same first proposal");
            }
        }
    }
}
