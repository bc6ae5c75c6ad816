package org.nas4j.strategy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nas4j.eval.TrialContext;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.space.SearchSpaceYaml;
import org.nas4j.strategy.RandomSearch;
import org.nas4j.strategy.Strategy;
import org.nas4j.toy.ChainToy;

class ModelBasedTest {
    private static final ChainToy TOY = new ChainToy(6, 5, 0.0, 3);
    private static final ModelSettings QUICK = new ModelSettings(8, 100, 3, ModelSettings.Acquisition.UCB, 3.0);

    private static double reward(Architecture a) {
        return TOY.evaluate(a, new TrialContext(0, 0)).accuracy();
    }

    /** The best reward each strategy found in {@code trials}, over seeds. */
    private static double meanBest(java.util.function.LongFunction<Strategy> strategies, int trials) {
        double sum = 0;
        for (long seed = 0; seed < 10; seed++) {
            Strategy strategy = strategies.apply(seed);
            double best = 0;
            for (int t = 0; t < trials; t++) {
                Architecture a = strategy.ask();
                double r = reward(a);
                strategy.tell(a, r);
                best = Math.max(best, r);
            }
            sum += best;
        }
        return sum / 10;
    }

    @Test
    void learnsFromItsTrialsAndBeatsRandomSearchOnTheToy() {
        double model = meanBest(seed -> new ModelBased(TOY.space(), QUICK, seed), 60);
        double random = meanBest(seed -> new RandomSearch(TOY.space(), seed), 60);
        // 15,625 architectures: 60 random draws rarely come near the one chain that scores 1.
        assertTrue(model > random + 0.1, "model " + model + " vs random " + random);
    }

    @Test
    void neverProposesAnArchitectureTwiceAndWorkersAskingAheadGetDifferentOnes() {
        ModelBased strategy = new ModelBased(TOY.space(), QUICK, 5);
        Set<Architecture> proposed = new HashSet<>();
        for (int t = 0; t < 30; t++) {
            Architecture a = strategy.ask();
            Architecture ahead = strategy.ask(); // asked before the first is told, as a second worker would
            assertTrue(proposed.add(a) && proposed.add(ahead), "proposed twice at trial " + t);
            strategy.tell(ahead, reward(ahead));
            if (t % 5 == 0) {
                strategy.tellFailed(a);
            } else {
                strategy.tell(a, reward(a));
            }
        }
    }

    /** A hard limit on the toy that rejects 84% of its architectures: the sum of the choices above 8. */
    private static boolean overTheLimit(Architecture a) {
        int sum = 0;
        for (int choice : a.choices()) {
            sum += choice;
        }
        return sum > 8;
    }

    /** How many of 60 proposals the limit rejects, over 5 seeds, with rejections told as such or as failures. */
    private static int rejections(boolean toldAsRejected) {
        int count = 0;
        for (long seed = 0; seed < 5; seed++) {
            ModelBased strategy = new ModelBased(TOY.space(), QUICK, seed);
            for (int t = 0; t < 60; t++) {
                Architecture a = strategy.ask();
                if (!overTheLimit(a)) {
                    strategy.tell(a, reward(a));
                } else if (toldAsRejected) {
                    count++;
                    strategy.tellRejected(a, 1.5);
                } else {
                    count++;
                    strategy.tellFailed(a);
                }
            }
        }
        return count;
    }

    @Test
    void learnsWhichArchitecturesTheLimitsRejectAndStopsProposingThem() {
        int learned = rejections(true);
        int blind = rejections(false);
        assertTrue(learned * 3 < blind * 2, "rejected " + learned + " of 300 proposals, " + blind + " without the "
                + "model of the limits");
    }

    @Test
    void resumesExactlyAndTheSameSeedGivesTheSameProposals() {
        ModelBased original = new ModelBased(TOY.space(), QUICK, 9);
        for (int t = 0; t < 16; t++) {
            Architecture a = original.ask();
            if (t % 4 == 3) {
                original.tellRejected(a, 1.2); // the model of the limits is saved and restored too
            } else {
                original.tell(a, reward(a));
            }
        }
        ModelBased restored = new ModelBased(TOY.space(), QUICK, 0);
        restored.restoreState(original.saveState());
        assertEquals(original.saveState(), restored.saveState());
        List<Architecture> next = new ArrayList<>();
        List<Architecture> again = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            Architecture a = original.ask();
            original.tell(a, reward(a));
            next.add(a);
            Architecture b = restored.ask();
            restored.tell(b, reward(b));
            again.add(b);
        }
        assertEquals(next, again);
    }

    @Test
    void theProcessFitsWhatItSawAndIsUnsureFarFromIt() {
        SearchSpace space = SearchSpaceYaml.parse("""
                decisions:
                  - {name: a, options: [0, 1, 2]}
                  - {name: b, options: [0, 1, 2]}
                  - {name: c, options: [0, 1, 2]}
                """);
        List<Architecture> seen = List.of(space.architecture(0, 0, 0), space.architecture(1, 0, 0),
                space.architecture(0, 1, 0), space.architecture(1, 1, 0));
        double[] rewards = {0.1, 0.5, 0.3, 0.7}; // a = 1 adds 0.4, b = 1 adds 0.2
        GaussianProcess gp = GaussianProcess.fit(space, seen, rewards);
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(rewards[i], gp.predict(seen.get(i)).mean(), 0.05, "fits trial " + i);
        }
        double near = gp.predict(space.architecture(1, 1, 0)).sd();
        double far = gp.predict(space.architecture(2, 2, 2)).sd();
        assertTrue(far > 2 * near, "unsure far from what it saw: " + far + " vs " + near);
        assertEquals(0.5, ModelBased.normalCdf(0), 1e-7);
        assertEquals(0.97725, ModelBased.normalCdf(2), 1e-5);
        assertEquals(0.0, ModelBased.expectedImprovement(new GaussianProcess.Prediction(0.2, 0), 0.5));
        assertTrue(ModelBased.expectedImprovement(new GaussianProcess.Prediction(0.2, 0.3), 0.5) > 0);
    }

    @Test
    void settingsThatLeaveNothingToScoreAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ModelSettings(10, 0, 0,
                ModelSettings.Acquisition.EI, 1));
        assertThrows(IllegalArgumentException.class, () -> new ModelSettings(0, 10, 1,
                ModelSettings.Acquisition.EI, 1));
    }
}
