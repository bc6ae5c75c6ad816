package org.nas4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TicksTest {

    @Test
    void paddedRangesEndOnRoundTicks() {
        Ticks accuracy = Ticks.padded(0.7633, 0.8217, 0.06, 6);
        assertEquals(0.02, accuracy.step(), 1e-12);
        assertTrue(accuracy.min() <= 0.7633 - 0.003 && accuracy.max() >= 0.8217 + 0.003, accuracy.toString());
        assertEquals(List.of("0.74", "0.76", "0.78", "0.80", "0.82", "0.84"),
                accuracy.values().stream().map(accuracy::label).toList());
    }

    @Test
    void trialAxesHaveWholeNumberTicksAndRoomAtTheEnds() {
        Ticks few = Ticks.trials(0, 3);
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0), few.values());
        assertEquals("2", few.label(2));
        Ticks many = Ticks.trials(0, 997);
        assertEquals(100, many.step(), 1e-12);
        Ticks one = Ticks.trials(5, 5);
        assertEquals(List.of(5.0), one.values());
    }

    @Test
    void aSingleValueStillGetsARange() {
        Ticks single = Ticks.padded(0.5, 0.5, 0.05, 6);
        assertTrue(single.min() < 0.5 && single.max() > 0.5, single.toString());
        assertEquals("0.0", Ticks.padded(-1, 1, 0, 4).label(-0.0), "no minus zero");
    }

    @Test
    void latenciesNeverGetANegativeAxis() {
        Ticks latency = Ticks.padded(0.2, 9.5, 0.05, 8);
        assertEquals(0.0, latency.min(), 1e-12);
    }

    @Test
    void logAxesTickAtOneTwoFiveAndPlaceValuesByRatio() {
        LogTicks axis = LogTicks.covering(1.05, 404);
        assertEquals(List.of("1", "2", "5", "10", "20", "50", "100", "200"),
                axis.values().stream().map(axis::label).toList());
        assertEquals(axis.fraction(2) - axis.fraction(1), axis.fraction(20) - axis.fraction(10), 1e-12);
        assertTrue(axis.fraction(1.05) > 0 && axis.fraction(404) < 1);
        LogTicks wide = LogTicks.covering(0.01, 5000);
        assertEquals(List.of("0.01", "0.1", "1", "10", "100", "1000"),
                wide.values().stream().map(wide::label).toList(), "only powers of ten across many decades");
    }
}
