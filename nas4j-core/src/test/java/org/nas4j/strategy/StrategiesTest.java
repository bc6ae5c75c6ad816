package org.nas4j.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.reinforce.FactorizedPolicy;
import org.nas4j.strategy.reinforce.PolicySpec;
import org.nas4j.strategy.reinforce.Reinforce;

class StrategiesTest {
    private static final SearchSpace SPACE = SearchSpace.builder().decision("a", 0, 1, 2).decision("b", "x", "y")
            .build();

    @Test
    void eachSpecBuildsItsStrategy() {
        assertInstanceOf(RandomSearch.class, Strategies.create(new StrategySpec.Random(), SPACE, 1));
        Architecture start = SPACE.parse("a=2,b=y");
        Strategy evolution = Strategies.create(new StrategySpec.Evolution(new EvolutionSettings(4, 2, true),
                List.of(start)), SPACE, 1);
        assertInstanceOf(RegularizedEvolution.class, evolution);
        assertEquals(start, evolution.ask(), "the start architecture first");
        Reinforce reinforce = assertInstanceOf(Reinforce.class, Strategies.create(
                StrategySpec.Reinforce.defaults(new PolicySpec.Factorized()), SPACE, 1));
        assertInstanceOf(FactorizedPolicy.class, reinforce.policy());
    }

    @Test
    void theSameSeedGivesTheSameProposalsAndAStudySeedIsDerived() {
        StrategySpec spec = new StrategySpec.Random();
        List<Architecture> first = proposals(Strategies.create(spec, SPACE, 5));
        assertEquals(first, proposals(Strategies.create(spec, SPACE, 5)));
        assertEquals(proposals(Strategies.create(spec, SPACE, org.nas4j.random.Rng.derive(5, "strategy"))),
                proposals(Strategies.forStudy(spec, SPACE, 5)), "a study's strategy draws from its own seed");
    }

    @Test
    void theLstmNeedsTheEngineModule() {
        // nas4j-core's tests run without nas4j-djl, which provides the LSTM.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Strategies.create(
                StrategySpec.Reinforce.defaults(PolicySpec.Lstm.defaults()), SPACE, 1));
        assertTrue(e.getMessage().contains("add it to the classpath"), e.getMessage());
    }

    @Test
    void aFirstPopulationOfMutationsNeedsAStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StrategySpec.Evolution(
                new EvolutionSettings(4, 2, true, EvolutionSettings.Initial.MUTATIONS), List.of()));
        assertTrue(e.getMessage().contains("none is given"), e.getMessage());
    }

    private static List<Architecture> proposals(Strategy strategy) {
        return List.of(strategy.ask(), strategy.ask(), strategy.ask());
    }
}
