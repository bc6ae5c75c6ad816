package org.nas4j.toy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nas4j.eval.TrialContext;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

class ChainToyTest {

    @Test
    void dynamicProgrammingFindsTheBruteForceOptimum() {
        ChainToy toy = ChainToy.standard();
        SearchSpace space = toy.space();
        assertEquals(6, space.size());
        Architecture bestSeen = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        int secondTies = 0;
        int[] c = new int[6];
        for (int i = 0; i < 15_625; i++) {
            int rest = i;
            for (int d = 5; d >= 0; d--) {
                c[d] = rest % 5;
                rest /= 5;
            }
            Architecture a = space.architecture(c);
            double value = toy.expectedReward(a);
            if (value > bestValue + 1e-12) {
                bestValue = value;
                bestSeen = a;
                secondTies = 0;
            } else if (Math.abs(value - bestValue) <= 1e-12) {
                secondTies++;
            }
        }
        assertEquals(bestSeen, toy.best());
        assertEquals(1.0, bestValue, 1e-12);
        assertEquals(0, secondTies, "the optimum is unique");
    }

    @Test
    void noiseIsSeededPerTrialAndCentredOnTheExpectedReward() {
        ChainToy toy = ChainToy.standard();
        Architecture best = toy.best();
        assertEquals(toy.evaluate(best, new TrialContext(0, 5)), toy.evaluate(best, new TrialContext(0, 5)));
        assertNotEquals(toy.evaluate(best, new TrialContext(0, 5)), toy.evaluate(best, new TrialContext(0, 6)));
        double sum = 0;
        for (int seed = 0; seed < 2000; seed++) {
            sum += toy.evaluate(best, new TrialContext(seed, seed)).accuracy();
        }
        assertEquals(1.0, sum / 2000, 0.003);
    }

    @Test
    void theEarlierChoiceDecidesTheBestNextChoice() {
        ChainToy pair = new ChainToy(2, 5, 0.0, 3);
        java.util.Set<Integer> bestSecond = new java.util.HashSet<>();
        for (int first = 0; first < 5; first++) {
            int best = 0;
            for (int k = 1; k < 5; k++) {
                if (pair.expectedReward(pair.space().architecture(first, k))
                        > pair.expectedReward(pair.space().architecture(first, best))) {
                    best = k;
                }
            }
            bestSecond.add(best);
        }
        assertEquals(5, bestSecond.size(), "each first choice has its own best second choice");
        assertTrue(pair.expectedReward(pair.best()) > 0.99);
    }
}
