package org.nas4j.djl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nas4j.djl.TestNetworks;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.RandomSearch;

/** The shipped example's space is the one the network builder reads. */
class ExampleConfigTest {

    @Test
    void everyArchitectureOfTheExampleSpaceHasANetwork() {
        SearchSpace space = TestNetworks.exampleSpace();
        Rng rng = new Rng(4);
        for (int i = 0; i < 200; i++) {
            Architecture architecture = RandomSearch.sample(space, rng);
            ModelCost raw = TestNetworks.cost(architecture);
            ModelCost canonical = TestNetworks.cost(architecture.canonical());
            assertEquals(raw, canonical, "decisions that do not apply cost nothing: " + architecture);
            assertTrue(raw.parameters() > 0 && raw.flops() > 0);
        }
    }
}
