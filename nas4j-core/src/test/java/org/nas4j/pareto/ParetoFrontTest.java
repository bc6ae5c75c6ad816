package org.nas4j.pareto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.random.Rng;

class ParetoFrontTest {

    @Test
    void keepsOnlyNonDominatedPointsFastestFirst() {
        List<ParetoPoint> points = List.of(
                new ParetoPoint(0, 0.90, 10),
                new ParetoPoint(1, 0.80, 5),
                new ParetoPoint(2, 0.85, 12),   // slower and less accurate than 0
                new ParetoPoint(3, 0.95, 20),
                new ParetoPoint(4, 0.80, 6),    // as accurate as 1 but slower
                new ParetoPoint(5, 0.90, 10));  // equal to 0: the first is kept
        assertEquals(List.of(1, 0, 3), ParetoFront.of(points).stream().map(ParetoPoint::id).toList());
        assertTrue(points.get(0).dominates(points.get(2)));
        assertFalse(points.get(0).dominates(points.get(5)));
    }

    @Test
    void hypervolumeIsTheDominatedArea() {
        List<ParetoPoint> front = List.of(new ParetoPoint(0, 0.8, 5), new ParetoPoint(1, 0.9, 10),
                new ParetoPoint(2, 0.95, 20));
        // Reference (0.5, 30): strips 0.3 x 25 + 0.1 x 20 + 0.05 x 10.
        assertEquals(0.3 * 25 + 0.1 * 20 + 0.05 * 10, ParetoFront.hypervolume(front, 0.5, 30), 1e-12);
        assertEquals(0.0, ParetoFront.hypervolume(List.of(new ParetoPoint(0, 0.4, 1)), 0.5, 30));
        assertEquals(0.0, ParetoFront.hypervolume(List.of(), 0.5, 30));
    }

    @Test
    void aSubsetNeverHasMoreHypervolumeAndTheFrontHasAsMuchAsAllPoints() {
        Rng rng = new Rng(2);
        List<ParetoPoint> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            all.add(new ParetoPoint(i, rng.nextDouble(), 100 * rng.nextDouble()));
        }
        double whole = ParetoFront.hypervolume(all, 0, 100);
        assertEquals(whole, ParetoFront.hypervolume(ParetoFront.of(all), 0, 100), 1e-12);
        assertTrue(ParetoFront.hypervolume(all.subList(0, 50), 0, 100) <= whole);
        // Monte Carlo check of the area: the fraction of random points some front point dominates.
        List<ParetoPoint> front = ParetoFront.of(all.subList(0, 20));
        int inside = 0;
        int samples = 200_000;
        for (int i = 0; i < samples; i++) {
            ParetoPoint probe = new ParetoPoint(-1, rng.nextDouble(), 100 * rng.nextDouble());
            if (front.stream().anyMatch(p -> p.accuracy() >= probe.accuracy() && p.latencyMs() <= probe.latencyMs())) {
                inside++;
            }
        }
        assertEquals(ParetoFront.hypervolume(front, 0, 100) / 100, (double) inside / samples, 0.005);
    }
}
