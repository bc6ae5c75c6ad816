package org.nas4j.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SummaryTest {
    @Test
    void summarizes() {
        Summary s = Summary.of(4, 1, 3, 2);
        assertEquals(4, s.count());
        assertEquals(2.5, s.mean(), 1e-12);
        assertEquals(2.5, s.median(), 1e-12);
        assertEquals(Math.sqrt(5.0 / 3.0), s.std(), 1e-12);
        assertEquals(1, s.min());
        assertEquals(4, s.max());
        assertEquals(3, Summary.of(5, 3, 1).median());
        assertEquals(0.5, Summary.fraction(new double[] {0.9, 0.1, 0.85, 0.2}, v -> v > 0.8));
        assertThrows(IllegalArgumentException.class, Summary::of);
    }
}
