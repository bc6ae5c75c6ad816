package org.nas4j.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {

    @Test
    void sameSeedGivesSameSequenceAndStateResumesIt() {
        Rng a = new Rng(42);
        Rng b = new Rng(42);
        for (int i = 0; i < 10; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        Rng resumed = new Rng(a.state());
        for (int i = 0; i < 10; i++) {
            assertEquals(a.nextDouble(), resumed.nextDouble());
        }
        assertNotEquals(new Rng(1).nextLong(), new Rng(2).nextLong());
    }

    @Test
    void nextIntIsInRangeAndRoughlyUniform() {
        Rng rng = new Rng(7);
        int[] counts = new int[5];
        for (int i = 0; i < 50_000; i++) {
            counts[rng.nextInt(5)]++;
        }
        for (int count : counts) {
            assertEquals(10_000, count, 400, "each of 5 values about 10,000 times");
        }
        assertThrows(IllegalArgumentException.class, () -> rng.nextInt(0));
    }

    @Test
    void gaussianHasUnitVarianceAndCategoricalFollowsProbabilities() {
        Rng rng = new Rng(3);
        double sum = 0;
        double squares = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            double x = rng.nextGaussian();
            sum += x;
            squares += x * x;
        }
        assertEquals(0.0, sum / n, 0.02);
        assertEquals(1.0, squares / n, 0.02);

        double[] p = {0.62, 0.08, 0.30};
        int[] counts = new int[3];
        for (int i = 0; i < n; i++) {
            counts[rng.nextCategorical(p)]++;
        }
        for (int k = 0; k < 3; k++) {
            assertEquals(p[k], counts[k] / (double) n, 0.01);
        }
    }

    @Test
    void splitAndDeriveGiveIndependentStableStreams() {
        Rng parent = new Rng(5);
        Rng child = parent.split();
        assertNotEquals(parent.nextLong(), child.nextLong());
        assertEquals(Rng.derive(9, "trial-3"), Rng.derive(9, "trial-3"));
        assertNotEquals(Rng.derive(9, "trial-3"), Rng.derive(9, "trial-4"));
        assertNotEquals(Rng.derive(9, "trial-3"), Rng.derive(10, "trial-3"));
        assertTrue(new Rng(0).nextDouble() < 1.0);
    }
}
