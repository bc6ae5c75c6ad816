package org.nas4j.djl.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.Strategies;
import org.nas4j.strategy.StrategySpec;
import org.nas4j.strategy.reinforce.PolicySpec;
import org.nas4j.strategy.reinforce.Reinforce;

/** Core's one strategy factory builds the LSTM controller found on the classpath, with the spec's settings. */
class LstmProviderTest {

    @Test
    void theFactoryBuildsTheLstmOfTheSpec() {
        SearchSpace space = SearchSpace.builder().decision("a", 1, 2, 3, 4, 5).decision("b", "x", "y", "z")
                .decision("c", 0, 1).build();
        PolicySpec.Lstm spec = new PolicySpec.Lstm(12, 2.0, 1.5);
        try (Reinforce strategy = (Reinforce) Strategies.create(StrategySpec.Reinforce.defaults(spec), space, 3)) {
            LstmPolicy policy = assertInstanceOf(LstmPolicy.class, strategy.policy());
            assertEquals(spec, policy.settings().lstm());
            assertEquals(PolicySpec.Lstm.defaults().defaultLearningRate(), policy.settings().adam().learningRate());
            try (Reinforce again = (Reinforce) Strategies.create(StrategySpec.Reinforce.defaults(spec), space, 3);
                 Reinforce other = (Reinforce) Strategies.create(StrategySpec.Reinforce.defaults(spec), space, 4)) {
                List<Architecture> first = asks(strategy);
                assertEquals(first, asks(again), "the same seed, the same proposals");
                assertNotEquals(first, asks(other), "another seed, other proposals");
            }
        }
    }

    private static List<Architecture> asks(Reinforce strategy) {
        List<Architecture> proposals = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            proposals.add(strategy.ask());
        }
        return proposals;
    }
}
