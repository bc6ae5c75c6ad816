package org.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nas4j.config.StudyConfig;
import org.nas4j.space.Architecture;
import org.nas4j.strategy.Strategies;
import org.nas4j.strategy.Strategy;

class ExampleStrategyTest {

    /** The hand-designed baseline of the example config (given by its applicable decisions) is proposed first. */
    @Test
    void evolutionStartsFromTheConfiguredArchitectures() throws Exception {
        String baseline = "stage1.block=conv,stage1.kernel=3,stage1.expansion=1,stage1.se=0,stage1.layers=2,"
                + "stage1.filters=32,stage1.skip=none,stage2.block=conv,stage2.kernel=3,stage2.expansion=1,"
                + "stage2.se=0,stage2.layers=2,stage2.filters=64,stage2.skip=none,stage3.block=conv,stage3.kernel=3,"
                + "stage3.expansion=1,stage3.se=0,stage3.layers=2,stage3.filters=128,stage3.skip=none";
        StudyConfig config = StudyConfig.read(Path.of("..", "examples", "fashion-mnist.yaml"));
        Strategy evolution = Strategies.forStudy(config.strategy(), config.space(), config.study().seed());
        Architecture first = evolution.ask();
        assertEquals(baseline, first.canonicalString());
        evolution.tell(first, 0.9);
        Architecture second = evolution.ask();
        int changed = 0;
        for (int d = 0; d < config.space().size(); d++) {
            changed += first.choice(d) == second.choice(d) ? 0 : 1;
        }
        assertEquals(1, changed, "then mutations of it fill the population (initial_population): " + second);
    }
}
