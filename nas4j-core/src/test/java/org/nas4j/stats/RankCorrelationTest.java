package org.nas4j.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RankCorrelationTest {
    @Test
    void tauCountsConcordantAndDiscordantPairs() {
        double[] x = {1, 2, 3, 4, 5};
        assertEquals(1.0, RankCorrelation.kendallTau(x, new double[] {10, 20, 30, 40, 50}), 1e-12);
        assertEquals(-1.0, RankCorrelation.kendallTau(x, new double[] {5, 4, 3, 2, 1}), 1e-12);
        // One swapped neighbour pair: 9 concordant, 1 discordant of 10 pairs.
        assertEquals(0.8, RankCorrelation.kendallTau(x, new double[] {1, 2, 3, 5, 4}), 1e-12);
    }

    @Test
    void tauBCorrectsForTies() {
        // x has one tied pair: 9 pairs not tied in x, 10 in y; concordant 9 -> 9 / sqrt(9 * 10).
        double tau = RankCorrelation.kendallTau(new double[] {1, 1, 2, 3, 4}, new double[] {1, 2, 3, 4, 5});
        assertEquals(9 / Math.sqrt(90), tau, 1e-12);
    }

    @Test
    void spearmanIsThePearsonCorrelationOfRanks() {
        assertEquals(1.0, RankCorrelation.spearman(new double[] {1, 5, 9}, new double[] {0.1, 0.2, 0.9}), 1e-12);
        // d = (0, 0, 1, -1) -> 1 - 6 * 2 / (4 * 15) = 0.8
        assertEquals(0.8, RankCorrelation.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 2, 4, 3}), 1e-12);
    }

    @Test
    void theBootstrapIntervalHoldsTheEstimateAndNarrowsWithMoreItems() {
        double[] small = new double[10];
        double[] smallNoisy = new double[10];
        double[] large = new double[200];
        double[] largeNoisy = new double[200];
        org.nas4j.random.Rng rng = new org.nas4j.random.Rng(3);
        for (int i = 0; i < large.length; i++) {
            large[i] = i;
            largeNoisy[i] = i + 40 * rng.nextGaussian();
            if (i < small.length) {
                small[i] = i;
                smallNoisy[i] = i + 2 * rng.nextGaussian();
            }
        }
        RankCorrelation.Interval a = RankCorrelation.kendallTauInterval(small, smallNoisy, 1000, 0.95, 1);
        RankCorrelation.Interval b = RankCorrelation.kendallTauInterval(large, largeNoisy, 1000, 0.95, 1);
        assertTrue(a.low() <= a.estimate() && a.estimate() <= a.high(), a.toString());
        assertTrue(b.low() <= b.estimate() && b.estimate() <= b.high(), b.toString());
        assertTrue(b.high() - b.low() < a.high() - a.low(), a + " vs " + b);
        assertEquals(a, RankCorrelation.kendallTauInterval(small, smallNoisy, 1000, 0.95, 1), "seeded");
    }

    @Test
    void topPrecisionIsTheShareOfTheEstimatedBestThatAreTrulyBest() {
        double[] truth = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        assertEquals(1.0, RankCorrelation.topPrecision(truth, truth, 0.2));
        assertEquals(0.5, RankCorrelation.topPrecision(new double[] {10, 1, 9, 2, 3, 4, 5, 6, 7, 8}, truth, 0.2));
        assertEquals(0.0, RankCorrelation.topPrecision(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, truth, 0.2));
    }
}
