package org.nas4j.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nas4j.eval.Metrics;

class LatencyRewardTest {

    @Test
    void mnasRewardScalesAccuracyByTheLatencyRatio() {
        MnasReward reward = new MnasReward(80, -0.07);
        assertEquals(0.75, reward.of(new Metrics(0.75, 1, 80)), 1e-12);
        assertEquals(0.75 * Math.pow(2, -0.07), reward.of(new Metrics(0.75, 1, 160)), 1e-12);
        assertTrue(reward.of(new Metrics(0.75, 1, 40)) > 0.75, "faster than the target earns a little");
    }

    @Test
    void absoluteRewardPenalizesAnyDeviationFromTheTarget() {
        AbsoluteReward reward = new AbsoluteReward(10, -0.5);
        assertEquals(0.9, reward.of(new Metrics(0.9, 1, 10)), 1e-12);
        assertEquals(0.9 - 0.5 * 0.2, reward.of(new Metrics(0.9, 1, 12)), 1e-12);
        assertEquals(0.9 - 0.5 * 0.2, reward.of(new Metrics(0.9, 1, 8)), 1e-12);
    }

    @Test
    void badSettingsAndMissingLatencyAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> new MnasReward(0, -0.07));
        assertThrows(IllegalArgumentException.class, () -> new AbsoluteReward(10, Double.NaN));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new MnasReward(10, -0.07).of(Metrics.ofAccuracy(0.9)));
        assertTrue(e.getMessage().contains("needs measured latency"), e.getMessage());
    }
}
